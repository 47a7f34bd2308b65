import type { Clock } from '../../src/main/core/ports'

/**
 * A Clock (src/main/core/ports.ts) that tests control, for any code that takes an injected clock.
 *
 * - `now()` returns a time only the test moves: `advance(ms)`, `set(unixMs)`, or a sleep finishing.
 * - `sleep(ms, signal)` records `ms` in `sleeps`, then (on a microtask, so no real time passes)
 *   moves the time forward by `ms`, runs the `onSleep` hook, and resolves. With `realTime: true` it
 *   first really waits `ms` with setTimeout. `onSleepStart` runs once a sleep is pending: abort
 *   there to cancel a sleep in progress.
 * - A signal that is already aborted rejects at once with `signal.reason` (as `systemClock` does),
 *   without recording, moving the time or calling the hook; one that aborts while the sleep is
 *   pending rejects it the same way.
 * - `follower` is another clock moved by the same amount whenever this one moves by a sleep or
 *   `advance()` (not by `set()`): pass `sandbox.clock` so that the sandbox's device-code and token
 *   expiry follow the time the code under test sees.
 * - `maxSleeps` (default 10 000) turns a loop that never ends into a failed test instead of a
 *   hung one: instant sleeps resolve on microtasks, which would starve vitest's own timeout.
 *
 * Example:
 *   const clock = createTestClock({ start: sandbox.clock.now(), follower: sandbox.clock })
 *   await signInWithDevice({ oauth, browser, clock }, request)
 *   expect(clock.sleeps).toEqual([5000, 10_000])
 */

export interface TestClockOptions {
  /** Initial time, Unix ms. Default 2026-01-01T00:00:00Z, so results do not depend on the day. */
  start?: number
  /** Sleeps really wait (setTimeout) before the time moves. Default false. */
  realTime?: boolean
  /** Moved along with this clock; the sandbox clock takes seconds, hence the unit. */
  follower?: { advance(seconds: number): void }
  /**
   * Runs after a sleep has moved the time and before the sleep resolves; `index` counts sleeps
   * from 1. A returned promise is awaited (drive a browser page here); a throw rejects the sleep.
   * An abort that arrives while the hook runs still rejects the sleep.
   */
  onSleep?: (ms: number, index: number) => void | Promise<void>
  /**
   * Runs as soon as a sleep has begun: recorded, counted in `pending`, listening for its signal's
   * abort. Abort there to cancel a sleep that is in progress.
   */
  onSleepStart?: (ms: number, index: number) => void
  /** Default 10 000. */
  maxSleeps?: number
}

export interface TestClock extends Clock {
  /** Every `ms` passed to sleep(), in call order (aborted-before-start calls excluded). */
  readonly sleeps: number[]
  /** How many sleeps are in progress right now. */
  readonly pending: number
  /** Moves the time (and the follower) forward by `ms`. */
  advance(ms: number): void
  /** Jumps to `unixMs`; the follower is left alone. */
  set(unixMs: number): void
}

export const defaultTestClockStart = Date.UTC(2026, 0, 1)

export function createTestClock(options: TestClockOptions = {}): TestClock {
  let time = options.start ?? defaultTestClockStart
  let pending = 0
  const sleeps: number[] = []
  const maxSleeps = options.maxSleeps ?? 10_000

  const advance = (ms: number): void => {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`test clock: cannot advance by ${ms}`)
    time += ms
    options.follower?.advance(ms / 1000)
  }

  const sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (sleeps.length >= maxSleeps) {
      return Promise.reject(
        new Error(`test clock: more than ${maxSleeps} sleeps; an endless loop?`),
      )
    }
    sleeps.push(ms)
    const index = sleeps.length
    pending += 1
    return new Promise<void>((resolve, reject) => {
      let settled = false
      let timer: ReturnType<typeof setTimeout> | undefined
      const finish = (error?: { reason: unknown }): void => {
        if (settled) return
        settled = true
        pending -= 1
        if (timer !== undefined) clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (error) reject(error.reason)
        else resolve()
      }
      const onAbort = (): void => finish({ reason: signal?.reason })
      signal?.addEventListener('abort', onAbort, { once: true })

      const wake = async (): Promise<void> => {
        if (settled) return
        try {
          advance(Math.max(0, ms))
          await options.onSleep?.(ms, index)
        } catch (error) {
          finish({ reason: error })
          return
        }
        finish()
      }
      if (options.realTime) timer = setTimeout(() => void wake(), Math.max(0, ms))
      else queueMicrotask(() => void wake())
      // Last, so that an abort from the hook finds the timer armed and clears it.
      options.onSleepStart?.(ms, index)
    })
  }

  return {
    now: () => time,
    sleep,
    sleeps,
    get pending() {
      return pending
    },
    advance,
    set(unixMs: number): void {
      if (!Number.isFinite(unixMs)) throw new RangeError('test clock: set needs a finite number')
      time = unixMs
    },
  }
}
