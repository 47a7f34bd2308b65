import { afterEach, describe, expect, it } from 'vitest'
import type { LogFields, Logger, LogLevel } from '../../../../src/main/core/logger'
import { RecordingNotifier } from '../../../../src/main/core/refresh/notifier'
import type { RefreshSchedulerOptions } from '../../../../src/main/core/refresh/refresh-scheduler'
import { RefreshScheduler } from '../../../../src/main/core/refresh/refresh-scheduler'
import type { TestClock } from '../../../support/test-clock'
import { drainMicrotasks } from '../../../support/microtasks'
import { createTestClock } from '../../../support/test-clock'
import { changed, FakeAccounts, hour, minute, SleepGate, until } from './fake-accounts'

const schedulers: RefreshScheduler[] = []

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop()))
})

interface Setup {
  clock: TestClock
  accounts: FakeAccounts
  notifier: RecordingNotifier
  scheduler: RefreshScheduler
  logs: { level: LogLevel; message: string; fields?: LogFields }[]
}

function setup(
  options: Partial<Omit<RefreshSchedulerOptions, 'accounts' | 'clock' | 'notifier'>> & {
    clock?: TestClock
  } = {},
): Setup {
  const clock = options.clock ?? createTestClock()
  const accounts = new FakeAccounts(clock)
  const notifier = new RecordingNotifier()
  const logs: Setup['logs'] = []
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) }
  const scheduler = new RefreshScheduler({
    accounts,
    clock,
    notifier,
    random: () => 0,
    logger,
    ...options,
  })
  schedulers.push(scheduler)
  return { clock, accounts, notifier, scheduler, logs }
}

/** `count` accounts, ids a000…, each expiring at `expiresAt(i)`. */
function addMany(
  accounts: FakeAccounts,
  count: number,
  expiresAt: (i: number) => number,
): string[] {
  const ids: string[] = []
  for (let i = 0; i < count; i += 1) {
    const id = `a${String(i).padStart(3, '0')}`
    accounts.add(id, expiresAt(i))
    ids.push(id)
  }
  return ids
}

describe('RefreshScheduler: due accounts and the concurrency bound', () => {
  it.each([1, 4, 7])(
    'refreshes 100 accounts due at once with at most %i at a time, each exactly once',
    async (concurrency) => {
      const { clock, accounts, scheduler } = setup({ concurrency })
      const ids = addMany(accounts, 100, () => clock.now() + 2 * minute)
      const report = await scheduler.checkNow('timer')
      expect(accounts.maxRunning).toBe(concurrency)
      expect(accounts.maxRunningPerAccount).toBe(1)
      expect([...accounts.calls].sort()).toEqual(ids)
      expect(report.attempts).toHaveLength(100)
      expect(report.attempts.every((attempt) => attempt.ok && attempt.next === 'scheduled')).toBe(
        true,
      )
      for (const id of ids) {
        expect(accounts.get(id).accessTokenExpiresAt).toBe(clock.now() + 15 * minute)
      }
    },
  )

  it('uses 4 at a time by default', async () => {
    const { clock, accounts, scheduler } = setup()
    addMany(accounts, 20, () => clock.now())
    await scheduler.checkNow('manual')
    expect(accounts.maxRunning).toBe(4)
  })

  it('leaves accounts alone until they are due, then refreshes the soonest first', async () => {
    const { clock, accounts, scheduler } = setup({ concurrency: 1 })
    const start = clock.now()
    // Right after a sign-in the lifetime is unknown, so the lead is the longest: 5 min.
    accounts.add('late', start + 20 * minute)
    accounts.add('soon', start + 15 * minute)
    accounts.add('pat', start + 1000, { method: 'pat' })
    accounts.add('sat', start - hour, { method: 'sat' })
    accounts.add('forever', start, { accessTokenExpiresAt: undefined })

    clock.advance(10 * minute - 1000)
    expect((await scheduler.checkNow('timer')).attempts).toEqual([])
    clock.advance(1000)
    const atTen = await scheduler.checkNow('timer')
    expect(atTen.attempts.map((attempt) => attempt.accountId)).toEqual(['soon'])

    clock.advance(20 * minute)
    await scheduler.checkNow('timer')
    // "late" is overdue now; "soon" (refreshed at 10 min, 15-min life, 3-min lead) too.
    expect(accounts.calls).toEqual(['soon', 'late', 'soon'])
    expect(accounts.callsOf('pat') + accounts.callsOf('sat') + accounts.callsOf('forever')).toBe(0)
  })

  it('queues the soonest expiry first, whatever the list order', async () => {
    const { clock, accounts, scheduler } = setup({ concurrency: 1 })
    accounts.add('c', clock.now() + 3 * minute)
    accounts.add('a', clock.now() - hour)
    accounts.add('b', clock.now() + minute)
    await scheduler.checkNow('timer')
    expect(accounts.calls).toEqual(['a', 'b', 'c'])
  })

  it('refreshes a healthy account again ahead of each new expiry', async () => {
    const { clock, accounts, scheduler } = setup()
    accounts.add('a', clock.now() + 15 * minute)
    const expiries: number[] = []
    for (let check = 0; check < 2 * 120; check += 1) {
      clock.advance(30_000)
      await scheduler.checkNow('timer')
      const expiresAt = accounts.get('a').accessTokenExpiresAt ?? 0
      expect(expiresAt - clock.now()).toBeGreaterThan(60_000)
      if (expiries.at(-1) !== expiresAt) expiries.push(expiresAt)
    }
    // Two hours: one refresh 5 min ahead, then every 12 min (3 min ahead of a 15-min token).
    expect(accounts.calls).toHaveLength(10)
    // Each refresh moved the expiry forward (the first entry is the sign-in's).
    expect(expiries).toHaveLength(11)
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b))
  })

  it('spreads accounts due at once by a little jitter, never later than the lead', async () => {
    let draw = 0
    const { clock, accounts, scheduler } = setup({ random: () => (draw++ % 100) / 100 })
    const start = clock.now()
    addMany(accounts, 100, () => start + 15 * minute)
    // Lead 5 min (lifetime unknown); jitter moves each due time earlier by up to 30 s.
    clock.advance(10 * minute - 15_000)
    const early = await scheduler.checkNow('timer')
    expect(early.attempts).toHaveLength(50)
    clock.advance(15_000)
    const onTime = await scheduler.checkNow('timer')
    expect(onTime.attempts).toHaveLength(50)
    expect(new Set(accounts.calls).size).toBe(100)
  })
})

describe('RefreshScheduler: single flight', () => {
  it('does not start a slow refresh again from a later check or from "Refresh all"', async () => {
    const { clock, accounts, scheduler } = setup()
    accounts.add('slow', clock.now())
    accounts.hold('slow')
    const first = scheduler.checkNow('timer')
    await until(() => accounts.isRunning('slow'), 'the slow refresh to start')
    clock.advance(30_000)
    const second = await scheduler.checkNow('timer')
    expect(second.attempts).toEqual([])
    expect(second.alreadyRunning).toEqual(['slow'])
    const all = scheduler.refreshAll()
    clock.advance(30_000)
    expect((await scheduler.checkNow('resume')).alreadyRunning).toEqual(['slow'])
    accounts.release('slow')
    expect((await first).attempts).toMatchObject([{ accountId: 'slow', ok: true }])
    expect((await all).results).toMatchObject([{ accountId: 'slow', ok: true }])
    expect(accounts.callsOf('slow')).toBe(1)
    expect(accounts.maxRunningPerAccount).toBe(1)
  })

  it('does not queue twice an account still waiting for a slot', async () => {
    const { clock, accounts, scheduler } = setup({ concurrency: 1 })
    accounts.add('a', clock.now())
    accounts.add('b', clock.now() + 1)
    accounts.add('c', clock.now() + 2)
    accounts.hold('a')
    const first = scheduler.checkNow('timer')
    await until(() => accounts.isRunning('a'), 'the first refresh to start')
    const second = await scheduler.checkNow('timer')
    expect(second.alreadyRunning).toEqual(['a', 'b', 'c'])
    accounts.release('a')
    await first
    expect(accounts.calls).toEqual(['a', 'b', 'c'])
  })
})

describe('RefreshScheduler: sleep, wake and clock jumps', () => {
  it('after a jump of hours with no check in between, refreshes every overdue account on resume', async () => {
    const { clock, accounts, scheduler } = setup({ concurrency: 4 })
    const start = clock.now()
    const ids = addMany(accounts, 100, (i) => start + 15 * minute + i * 30_000)
    expect((await scheduler.checkNow('startup')).attempts).toEqual([])
    // The laptop sleeps: no timer fires, the wall clock moves on by hours.
    clock.advance(6 * hour)
    expect(clock.sleeps).toEqual([])
    const report = await scheduler.checkNow('resume')
    expect(report.attempts).toHaveLength(100)
    expect(accounts.maxRunning).toBe(4)
    expect([...accounts.calls].sort()).toEqual(ids)
    for (const id of ids) {
      expect(accounts.get(id).accessTokenExpiresAt).toBeGreaterThan(clock.now())
    }
  })

  it('its own loop catches up at the first check after a jump, with short sleeps only', async () => {
    const gate = new SleepGate()
    const clock = createTestClock({ onSleep: gate.onSleep })
    const { accounts, scheduler } = setup({ clock, checkIntervalMs: 30_000 })
    const start = clock.now()
    const ids = addMany(accounts, 100, (i) => start + 15 * minute + i * 1000)
    scheduler.start()
    await until(() => gate.parked === 1, 'the startup check')
    expect(accounts.calls).toEqual([])
    clock.advance(5 * hour)
    gate.wake()
    await until(() => accounts.calls.length === 100 && accounts.running === 0, 'the catch-up')
    await until(() => gate.parked === 1, 'the loop to sleep again')
    expect(accounts.maxRunning).toBe(4)
    expect(new Set(accounts.calls).size).toBe(100)
    for (const id of ids) {
      expect(accounts.get(id).accessTokenExpiresAt).toBeGreaterThan(clock.now())
    }
    // Never one long timer to an expiry: every wait is one check interval.
    expect(clock.sleeps).toEqual([30_000, 30_000])
  })

  it('retries at once when the clock was set back after a failure, instead of waiting hours', async () => {
    const { clock, accounts, scheduler } = setup({ random: () => 0.5 })
    // Long expired (the app was closed), so it stays due after the clock goes back.
    accounts.add('a', clock.now() - 3 * hour)
    accounts.behaviour.set('a', 'network')
    expect((await scheduler.checkNow('timer')).attempts).toMatchObject([
      { ok: false, code: 'NETWORK', next: 'retry', retryInMs: 22_500 },
    ])
    expect((await scheduler.checkNow('timer')).attempts).toEqual([])
    clock.set(clock.now() - 2 * hour)
    accounts.behaviour.set('a', 'ok')
    expect((await scheduler.checkNow('timer')).attempts).toMatchObject([{ ok: true }])
  })
})

describe('RefreshScheduler: failures', () => {
  it('retries a passing failure with a growing backoff, not at every check', async () => {
    const { clock, accounts, scheduler } = setup({ random: () => 0.5 })
    const start = clock.now()
    accounts.add('a', start + 5 * minute)
    accounts.behaviour.set('a', 'network')
    const attemptsAt: number[] = []
    for (let check = 0; check < 4 * 120; check += 1) {
      const report = await scheduler.checkNow('timer')
      if (report.attempts.length > 0) attemptsAt.push(clock.now() - start)
      clock.advance(30_000)
    }
    const gaps = attemptsAt.slice(1).map((at, i) => at - (attemptsAt[i] ?? 0))
    // Delays 22.5 s, 45 s, 90 s, 3 min, 6 min, then 11.25 min (the 15-min cap, halfway
    // jittered), each rounded up to the next 30-s check.
    expect(gaps.slice(0, 7)).toEqual([30, 60, 90, 180, 360, 690, 690].map((s) => s * 1000))
    expect(gaps.every((gap, i) => i === 0 || gap >= (gaps[i - 1] ?? 0))).toBe(true)
    // Four hours of checks (480), about 25 tries.
    expect(attemptsAt.length).toBeLessThan(30)
    expect(accounts.get('a').status).toBe('active')
  })

  it('forgets the backoff after a success', async () => {
    const { clock, accounts, scheduler } = setup({ random: () => 0.5 })
    accounts.add('a', clock.now())
    accounts.behaviour.set('a', 'network')
    for (let i = 0; i < 5; i += 1) {
      await scheduler.checkNow('timer')
      clock.advance(10 * minute)
    }
    accounts.behaviour.set('a', 'ok')
    expect((await scheduler.checkNow('timer')).attempts).toMatchObject([{ ok: true }])
    accounts.behaviour.set('a', 'network')
    clock.advance(15 * minute)
    expect((await scheduler.checkNow('timer')).attempts).toMatchObject([{ retryInMs: 22_500 }])
  })

  it('waits the longest delay after an error that retrying soon will not fix', async () => {
    const { clock, accounts, scheduler } = setup({ random: () => 0.5 })
    accounts.add('a', clock.now())
    accounts.behaviour.set('a', 'internal')
    expect((await scheduler.checkNow('timer')).attempts).toMatchObject([
      { ok: false, code: 'INTERNAL', next: 'retry', retryInMs: 11.25 * minute },
    ])
  })

  it('drops the old backoff when the tokens changed elsewhere (a new sign-in)', async () => {
    const { clock, accounts, scheduler } = setup({ random: () => 0.5 })
    accounts.add('a', clock.now())
    accounts.behaviour.set('a', 'internal')
    await scheduler.checkNow('timer')
    // Signed in again a minute later: a fresh 15-min token, due 5 min before it expires.
    clock.advance(minute)
    accounts.update('a', { accessTokenExpiresAt: clock.now() + 15 * minute })
    accounts.behaviour.set('a', 'ok')
    await scheduler.checkNow('timer')
    clock.advance(10 * minute)
    // The old backoff (11.25 min from the failure) would still hold; the new tokens are due.
    expect((await scheduler.checkNow('timer')).attempts).toMatchObject([{ ok: true }])
  })

  it('reports a listing that fails to the caller of checkNow, and works at the next one', async () => {
    const { clock, accounts, scheduler } = setup()
    accounts.add('a', clock.now())
    accounts.listFailure = new Error('store busy')
    await expect(scheduler.checkNow('timer')).rejects.toThrow('store busy')
    expect((await scheduler.checkNow('timer')).attempts).toHaveLength(1)
  })

  it('keeps its loop going after a listing fails, and logs it without details', async () => {
    const gate = new SleepGate()
    const clock = createTestClock({ onSleep: gate.onSleep })
    const { accounts, scheduler, logs } = setup({ clock })
    accounts.add('b', clock.now())
    accounts.listFailure = new Error('store busy')
    scheduler.start()
    await until(() => gate.parked === 1, 'the failed startup check')
    gate.wake()
    await until(() => accounts.calls.length === 1, 'the next check')
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'refresh check failed',
      fields: { reason: 'startup', errorCode: 'INTERNAL' },
    })
  })
})

describe('RefreshScheduler: needs sign-in', () => {
  it('notifies once when a refresh token dies, keeps the account, and stops refreshing it', async () => {
    const { clock, accounts, notifier, scheduler } = setup()
    accounts.add('dead', clock.now(), { label: 'Work' })
    accounts.add('fine', clock.now())
    accounts.behaviour.set('dead', 'dead')
    const report = await scheduler.checkNow('timer')
    expect(report.notified).toEqual(['dead'])
    expect(report.attempts).toContainEqual({
      accountId: 'dead',
      ok: false,
      code: 'REFRESH_TOKEN_DEAD',
      next: 'needs-sign-in',
      notified: true,
    })
    for (let i = 0; i < 10; i += 1) {
      clock.advance(i < 5 ? 30_000 : 3 * hour)
      expect((await scheduler.checkNow(i % 2 ? 'timer' : 'resume')).notified).toEqual([])
    }
    expect((await scheduler.refreshAll()).skipped).toEqual([
      { accountId: 'dead', reason: 'needs-sign-in' },
    ])
    expect(notifier.notifications).toEqual([
      {
        kind: 'needs-sign-in',
        accountId: 'dead',
        label: 'Work',
        code: 'REFRESH_TOKEN_DEAD',
        title: 'Sign-in needed',
        body: '"Work" can no longer be refreshed (its authorization was revoked or has expired). Sign in again to keep using it.',
      },
    ])
    expect(accounts.callsOf('dead')).toBe(1)
    expect(accounts.get('dead').status).toBe('needs-sign-in')
    expect(accounts.callsOf('fine')).toBeGreaterThan(5)
  })

  it('notifies again only after the account was signed in again and died again', async () => {
    const { clock, accounts, notifier, scheduler } = setup()
    accounts.add('a', clock.now())
    accounts.behaviour.set('a', 'dead')
    await scheduler.checkNow('timer')
    await scheduler.checkNow('timer')
    expect(notifier.notifications).toHaveLength(1)
    // The user signs in again: active, fresh token.
    accounts.update('a', { status: 'active', accessTokenExpiresAt: clock.now() + 15 * minute })
    accounts.behaviour.set('a', 'ok')
    await scheduler.checkNow('timer')
    clock.advance(11 * minute)
    await scheduler.checkNow('timer')
    expect(notifier.notifications).toHaveLength(1)
    accounts.behaviour.set('a', 'dead')
    clock.advance(15 * minute)
    await scheduler.checkNow('timer')
    await scheduler.checkNow('timer')
    expect(notifier.notifications).toHaveLength(2)
  })

  it('notifies once for an account marked by another path (a copy), not for ones already so at startup', async () => {
    const { clock, accounts, notifier, scheduler } = setup()
    accounts.add('old', clock.now(), { status: 'needs-sign-in' })
    accounts.add('copied', clock.now() + hour)
    expect((await scheduler.checkNow('startup')).notified).toEqual([])
    accounts.update('copied', { status: 'needs-sign-in' })
    expect((await scheduler.checkNow('timer')).notified).toEqual(['copied'])
    expect((await scheduler.checkNow('timer')).notified).toEqual([])
    expect(notifier.notifications.map((n) => n.accountId)).toEqual(['copied'])
    expect(notifier.notifications[0]?.code).toBeUndefined()
  })

  it('is not fooled by a listing read before the account died (no second notification)', async () => {
    const { clock, accounts, notifier, scheduler } = setup()
    accounts.add('a', clock.now())
    accounts.behaviour.set('a', 'dead')
    accounts.hold('a')
    const first = scheduler.checkNow('timer')
    await until(() => accounts.isRunning('a'), 'the refresh to start')
    // A listing taken while the account still looks active, answered only after it died.
    let openGate = (): void => {}
    accounts.listGate = new Promise<void>((resolve) => (openGate = resolve))
    const stale = scheduler.checkNow('timer')
    accounts.listGate = undefined
    accounts.release('a')
    expect((await first).notified).toEqual(['a'])
    openGate()
    expect(await stale).toMatchObject({ attempts: [], notified: [] })
    await scheduler.checkNow('timer')
    await scheduler.checkNow('timer')
    expect(notifier.notifications).toHaveLength(1)
    expect(accounts.callsOf('a')).toBe(1)
  })

  it('says "key" for a JWT account, and survives a notifier that throws', async () => {
    const clock = createTestClock()
    const accounts = new FakeAccounts(clock)
    const seen: string[] = []
    const scheduler = new RefreshScheduler({
      accounts,
      clock,
      notifier: {
        notify: (notification) => {
          seen.push(notification.body)
          throw new Error('no notification service')
        },
      },
    })
    schedulers.push(scheduler)
    accounts.add('svc', clock.now(), { method: 'jwt', label: 'Bot' })
    accounts.add('other', clock.now())
    accounts.behaviour.set('svc', 'dead')
    const report = await scheduler.checkNow('timer')
    expect(report.attempts.map((a) => a.ok).sort()).toEqual([false, true])
    expect(seen).toEqual([
      'Coze no longer accepts the app key of "Bot". Check the app on the Coze console, then sign in again.',
    ])
  })
})

describe('RefreshScheduler: Refresh all', () => {
  it('refreshes every refreshable account now, bounded, with an ok or code for each', async () => {
    const { clock, accounts, scheduler } = setup({ concurrency: 3 })
    addMany(accounts, 10, () => clock.now() + 10 * hour)
    accounts.add('net', clock.now() + 10 * hour)
    accounts.behaviour.set('net', 'network')
    accounts.add('pat', clock.now() + hour, { method: 'pat' })
    accounts.add('waiting', clock.now(), { status: 'needs-sign-in' })
    const report = await scheduler.refreshAll()
    expect(report.results).toHaveLength(11)
    expect(report.results.filter((r) => r.ok)).toHaveLength(10)
    expect(report.results.find((r) => r.accountId === 'net')).toMatchObject({
      ok: false,
      code: 'NETWORK',
      next: 'retry',
    })
    expect(report.skipped).toEqual([
      { accountId: 'pat', reason: 'not-refreshable' },
      { accountId: 'waiting', reason: 'needs-sign-in' },
    ])
    expect(accounts.maxRunning).toBe(3)
    expect(accounts.calls).toHaveLength(11)
  })
})

describe('RefreshScheduler: start and stop', () => {
  it('checks at startup and then every interval; start twice runs one loop', async () => {
    const gate = new SleepGate()
    const clock = createTestClock({ onSleep: gate.onSleep })
    const { accounts, scheduler } = setup({ clock, checkIntervalMs: 30_000 })
    accounts.add('a', clock.now() + 5 * minute + 60_000)
    scheduler.start()
    scheduler.start()
    await until(() => gate.parked === 1, 'the startup check')
    expect(accounts.lists).toBe(1)
    gate.wake()
    await until(() => gate.parked === 1 && accounts.lists === 2, 'the first timer check')
    expect(accounts.calls).toEqual([])
    gate.wake()
    await until(() => accounts.calls.length === 1 && gate.parked === 1, 'the refresh when due')
    expect(clock.sleeps).toEqual([30_000, 30_000, 30_000])
  })

  it('stops the loop at once, leaving no sleep pending', async () => {
    // Real 60-s sleeps: only an abort can end one within the test.
    const clock = createTestClock({ realTime: true, onSleepStart: changed })
    const { accounts, scheduler } = setup({ clock, checkIntervalMs: 60_000 })
    const startedAt = clock.now()
    scheduler.start()
    await until(() => clock.pending === 1, 'the loop to sleep')
    await scheduler.stop()
    expect(clock.pending).toBe(0)
    // The sleep was cut, not slept out: its 60 s never moved the clock.
    expect(clock.sleeps).toEqual([60_000])
    expect(clock.now()).toBe(startedAt)
    expect(accounts.lists).toBe(1)
    scheduler.start()
    expect(clock.pending).toBe(0)
    expect(await scheduler.checkNow('resume')).toMatchObject({ accounts: 0, attempts: [] })
    expect(await scheduler.refreshAll()).toMatchObject({ results: [], skipped: [] })
    expect(accounts.lists).toBe(1)
  })

  it('cancels refreshes waiting for a slot and waits for the running one', async () => {
    const { clock, accounts, scheduler } = setup({ concurrency: 1 })
    accounts.add('a', clock.now())
    accounts.add('b', clock.now() + 1)
    accounts.add('c', clock.now() + 2)
    accounts.hold('a')
    const check = scheduler.checkNow('timer')
    await until(() => accounts.isRunning('a'), 'the first refresh')
    let stopped = false
    const stopping = scheduler.stop().then(() => (stopped = true))
    // All that stop() can do without the held refresh has run by now: it is waiting for it.
    await drainMicrotasks()
    expect(stopped).toBe(false)
    accounts.release('a')
    await stopping
    expect(accounts.calls).toEqual(['a'])
    expect((await check).attempts).toEqual([
      expect.objectContaining({ accountId: 'a', ok: true }),
      { accountId: 'b', ok: false, code: 'CANCELLED', next: 'cancelled' },
      { accountId: 'c', ok: false, code: 'CANCELLED', next: 'cancelled' },
    ])
  })

  it('refuses a concurrency or interval that makes no sense', () => {
    const clock = createTestClock()
    const base = { accounts: new FakeAccounts(clock), clock, notifier: new RecordingNotifier() }
    expect(() => new RefreshScheduler({ ...base, concurrency: 0 })).toThrow('concurrency')
    expect(() => new RefreshScheduler({ ...base, concurrency: 1.5 })).toThrow('concurrency')
    expect(() => new RefreshScheduler({ ...base, checkIntervalMs: 0 })).toThrow('interval')
  })
})
