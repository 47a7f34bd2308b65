import type { Clock } from '../../src/main/core/ports'

/**
 * A Clock (src/main/core/ports.ts) whose sleeps end only when the test moves the time past them,
 * for code that waits a long time for something that may never come (the sign-in's "no answer
 * yet" hint, its 5-minute timeout): the test says "60 s have passed" without waiting 60 s, and a
 * sleep that is not due yet really stays asleep, which test-clock.ts (where every sleep ends at
 * once) cannot show.
 *
 * - `advance(ms)` moves the time, ends every sleep now due (earliest first), and resolves once
 *   what those sleeps set off has run: the event loop turns once, so promise chains and the
 *   listeners they call are done by then.
 * - `whenSleeping(ms)` resolves once a sleep of exactly `ms` is pending: the code under test has
 *   reached the wait the test wants to move past.
 * - `followRealTime: true` also lets real time pass as usual (now() advances with Date.now(), and
 *   a due sleep ends on its own), for a whole app where other timers must keep working while the
 *   test jumps ahead.
 * - An aborted signal rejects the sleep with `signal.reason`, as systemClock does.
 */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>
  whenSleeping(ms: number): Promise<void>
  /** The `ms` of every sleep still pending, in the order they started. */
  readonly pendingSleeps: number[]
}

interface Sleeper {
  ms: number
  dueAt: number
  wake(): void
  timer?: ReturnType<typeof setTimeout>
}

export function createManualClock(
  options: { start?: number; followRealTime?: boolean } = {},
): ManualClock {
  const realStart = Date.now()
  const start = options.start ?? realStart
  let offset = 0
  const sleepers = new Set<Sleeper>()
  const watchers: { ms: number; resolve(): void }[] = []

  const now = (): number => start + offset + (options.followRealTime ? Date.now() - realStart : 0)

  const wakeDue = (): void => {
    const due = [...sleepers].filter((s) => s.dueAt <= now()).sort((a, b) => a.dueAt - b.dueAt)
    for (const sleeper of due) sleeper.wake()
  }

  const armRealTimer = (sleeper: Sleeper): void => {
    if (!options.followRealTime) return
    const remaining = Math.max(0, sleeper.dueAt - now())
    sleeper.timer = setTimeout(() => {
      if (sleeper.dueAt <= now()) sleeper.wake()
      else armRealTimer(sleeper)
    }, remaining)
    sleeper.timer.unref?.()
  }

  const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const sleeper: Sleeper = {
        ms,
        dueAt: now() + Math.max(0, ms),
        wake: () => finish(),
      }
      const finish = (error?: { reason: unknown }): void => {
        if (!sleepers.delete(sleeper)) return
        if (sleeper.timer !== undefined) clearTimeout(sleeper.timer)
        signal?.removeEventListener('abort', onAbort)
        if (error) reject(error.reason)
        else resolve()
      }
      const onAbort = (): void => finish({ reason: signal?.reason })
      signal?.addEventListener('abort', onAbort, { once: true })
      sleepers.add(sleeper)
      armRealTimer(sleeper)
      for (const watcher of watchers.splice(0)) {
        if (watcher.ms === ms) watcher.resolve()
        else watchers.push(watcher)
      }
    })

  return {
    now,
    sleep,
    async advance(ms: number): Promise<void> {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`manual clock: cannot advance ${ms}`)
      offset += ms
      wakeDue()
      await new Promise<void>((resolve) => setImmediate(resolve))
    },
    whenSleeping(ms: number): Promise<void> {
      if ([...sleepers].some((sleeper) => sleeper.ms === ms)) return Promise.resolve()
      return new Promise<void>((resolve) => watchers.push({ ms, resolve }))
    },
    get pendingSleeps(): number[] {
      return [...sleepers].map((sleeper) => sleeper.ms)
    },
  }
}
