import type { ErrorCode } from '../../../shared/errors'
import type { AccountBrief } from '../accounts/account'
import type { RefreshOptions } from '../accounts/account-service'
import { AppError, CancelledError, InvalidArgumentError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { Clock } from '../ports'
import { BoundedPool } from './bounded-pool'
import type { Notifier } from './notifier'
import { needsSignInNotification } from './notifier'
import { decideAfterFailure, isRefreshable, refreshDueAt } from './refresh-policy'

export type CheckReason = 'startup' | 'timer' | 'resume' | 'manual'

/** What the scheduler needs of the accounts: their briefs, and a refresh. */
export interface SchedulerAccounts {
  list(): Promise<AccountBrief[]>
  /** Refreshes one account; the scheduler reads only its new expiry (AccountService.refreshBrief). */
  refresh(id: string, options: RefreshOptions): Promise<{ accessTokenExpiresAt?: number }>
}

export interface RefreshSchedulerOptions {
  /** `list` answers briefs (AccountService.listBriefs); full records do as well. */
  accounts: SchedulerAccounts
  clock: Clock
  notifier: Notifier
  /** Refreshes at once, across checks and "Refresh all". Default 4. */
  concurrency?: number
  /** Time between two regular checks. Default 30 s. */
  checkIntervalMs?: number
  /** In [0, 1): the jitter of due times and retry delays. Default Math.random. */
  random?: () => number
  logger?: Logger
}

/** The outcome of one refresh the scheduler ran. */
export interface RefreshAttempt {
  accountId: string
  ok: boolean
  /** Why it failed (CANCELLED when the scheduler stopped before it started). */
  code?: ErrorCode
  /**
   * What happens next: `scheduled` (it worked; the next refresh follows from the new expiry),
   * `retry` (after `retryInMs`), `needs-sign-in` (the account waits for the user), or `cancelled`.
   */
  next: 'scheduled' | 'retry' | 'needs-sign-in' | 'cancelled'
  retryInMs?: number
  /** The new expiry, after a success (Unix ms). */
  accessTokenExpiresAt?: number
  /** True when this attempt sent the account's "needs sign-in" notification. */
  notified?: boolean
}

export interface CheckReport {
  reason: CheckReason
  /** The wall clock this check compared every expiry with (Unix ms). */
  at: number
  /** How many accounts the check read. */
  accounts: number
  /** The refreshes this check started, soonest-due first, once they finished. */
  attempts: RefreshAttempt[]
  /** Due, but already being refreshed by an earlier check or "Refresh all": not queued again. */
  alreadyRunning: string[]
  /** Accounts found needing a sign-in and notified by this check (attempts' included). */
  notified: string[]
}

export interface RefreshAllReport {
  at: number
  /** One entry per refreshable account, in list order. */
  results: RefreshAttempt[]
  /** Accounts left alone: pasted tokens (PAT, SAT) and accounts waiting for a sign-in. */
  skipped: { accountId: string; reason: 'not-refreshable' | 'needs-sign-in' }[]
}

/** What the scheduler remembers of one account between checks. Memory only. */
interface AccountState {
  /** In [0, 1), drawn once: how much earlier than the lead this account falls due. */
  jitter: number
  /** Consecutive failures (not counting "needs sign-in"). */
  failures: number
  /** When the last failure happened, its retry delay, and the expiry the account had then. */
  failedAt?: number
  retryDelayMs?: number
  failedAtExpiry?: number
}

/** What a queued refresh needs of its account. */
type RefreshTarget = Pick<AccountBrief, 'id' | 'label' | 'method' | 'accessTokenExpiresAt'>

const defaultConcurrency = 4
/** Refreshes under way (exchanging or storing) per network slot; see `underway`. */
const underwayPerExchange = 8
const defaultCheckIntervalMs = 30_000

/**
 * Keeps every refreshable account's token fresh in the background.
 *
 * It never sets one long timer to an expiry: a laptop that sleeps through it, or a clock that
 * jumps, would make that timer fire late or never. Instead a short regular check (and one on
 * every resume from sleep) reads the accounts and the wall clock afresh and refreshes every
 * account whose due time has passed, so after hours asleep the first check catches up.
 *
 * Refreshes run in one bounded pool. An account is never queued twice: a check that finds it
 * still queued or running leaves it alone (AccountService would share the exchange anyway, but a
 * second queue entry would hold a slot for nothing). Failures back off exponentially with jitter;
 * an account that needs a sign-in is kept, left alone, and notified about once per episode.
 */
export class RefreshScheduler {
  private readonly accounts: SchedulerAccounts
  private readonly clock: Clock
  private readonly notifier: Notifier
  private readonly random: () => number
  private readonly logger: Logger
  private readonly checkIntervalMs: number
  /** Network exchanges at once (the concurrency). */
  private readonly pool: BoundedPool
  /**
   * Refreshes under way at once, their exchange done or not: those whose tokens are being stored
   * hold no network slot, but a bound on them keeps "Refresh all" over a thousand accounts from
   * holding a thousand accounts' worth of answers waiting for the disk.
   */
  private readonly underway: BoundedPool
  private readonly states = new Map<string, AccountState>()
  private readonly inFlight = new Map<string, Promise<RefreshAttempt>>()
  /**
   * Accounts whose "needs sign-in" episode is known (notified, or already so at startup), with the
   * number of listings started by then: a listing that began earlier may still show the account
   * active, and must not end the episode (which would notify twice).
   */
  private readonly signInKnown = new Map<string, number>()
  private listingsStarted = 0
  private seeded = false
  private stopped = false
  private controller: AbortController | undefined
  private loop: Promise<void> | undefined

  constructor(options: RefreshSchedulerOptions) {
    const concurrency = options.concurrency ?? defaultConcurrency
    const interval = options.checkIntervalMs ?? defaultCheckIntervalMs
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new InvalidArgumentError('The refresh concurrency is a whole number, at least 1.')
    }
    if (!Number.isFinite(interval) || interval <= 0) {
      throw new InvalidArgumentError('The refresh check interval must be a positive duration.')
    }
    this.accounts = options.accounts
    this.clock = options.clock
    this.notifier = options.notifier
    this.random = options.random ?? Math.random
    this.logger = options.logger ?? silentLogger
    this.checkIntervalMs = interval
    this.pool = new BoundedPool(concurrency)
    this.underway = new BoundedPool(concurrency * underwayPerExchange)
  }

  /**
   * Starts the regular check, with a first one at once. Calling it again, or after stop(), does
   * nothing.
   */
  start(): void {
    if (this.loop || this.stopped) return
    const controller = new AbortController()
    this.controller = controller
    this.loop = this.runLoop(controller.signal)
  }

  /**
   * Stops the regular check at once (its pending sleep is aborted), cancels refreshes still
   * waiting for a slot, and resolves when the running ones have finished, so the stores can be
   * closed after it. A stopped scheduler stays stopped.
   */
  async stop(): Promise<void> {
    this.stopped = true
    this.controller?.abort(new CancelledError('The refresh scheduler stopped.'))
    this.underway.cancelWaiting(new CancelledError('The refresh scheduler stopped.'))
    this.pool.cancelWaiting(new CancelledError('The refresh scheduler stopped.'))
    await this.loop
    await Promise.all(this.inFlight.values())
  }

  /**
   * Reads every account and the wall clock now and refreshes the ones due; resolves when those
   * refreshes have finished. The shell calls it with 'resume' when the computer wakes up.
   */
  async checkNow(reason: CheckReason): Promise<CheckReport> {
    const scan = await this.scan(reason)
    const attempts = await Promise.all(scan.queued)
    const notified = new Set(scan.notified)
    for (const attempt of attempts) if (attempt.notified) notified.add(attempt.accountId)
    return {
      reason,
      at: scan.at,
      accounts: scan.accounts,
      attempts,
      alreadyRunning: scan.alreadyRunning,
      notified: [...notified],
    }
  }

  /**
   * The tray's "Refresh all": every refreshable account now, due or not and whatever its backoff,
   * through the same pool. An account already being refreshed is joined, not refreshed twice.
   */
  async refreshAll(): Promise<RefreshAllReport> {
    const at = this.clock.now()
    if (this.stopped) return { at, results: [], skipped: [] }
    const accounts = await this.accounts.list()
    const skipped: RefreshAllReport['skipped'] = []
    const work: Promise<RefreshAttempt>[] = []
    for (const account of accounts) {
      if (isRefreshable(account)) work.push(this.attempt(account))
      else {
        skipped.push({
          accountId: account.id,
          reason: account.status === 'needs-sign-in' ? 'needs-sign-in' : 'not-refreshable',
        })
      }
    }
    return { at, results: await Promise.all(work), skipped }
  }

  private async runLoop(signal: AbortSignal): Promise<void> {
    let reason: CheckReason = 'startup'
    for (;;) {
      try {
        // Only the reading and queueing is awaited: a slow refresh must not delay the next check
        // (it will not be queued twice).
        const scan = await this.scan(reason)
        void Promise.all(scan.queued).then((attempts) => this.logCheck(reason, attempts))
      } catch (error) {
        this.logger.log('warn', 'refresh check failed', { reason, errorCode: codeOf(error) })
      }
      reason = 'timer'
      try {
        await this.clock.sleep(this.checkIntervalMs, signal)
      } catch (error) {
        if (!signal.aborted) {
          this.logger.log('error', 'refresh loop ended', { errorCode: codeOf(error) })
        }
        return
      }
    }
  }

  private async scan(reason: CheckReason): Promise<{
    at: number
    accounts: number
    queued: Promise<RefreshAttempt>[]
    alreadyRunning: string[]
    notified: string[]
  }> {
    const empty = { accounts: 0, queued: [], alreadyRunning: [], notified: [] }
    if (this.stopped) return { at: this.clock.now(), ...empty }
    this.listingsStarted += 1
    const listing = this.listingsStarted
    const accounts = await this.accounts.list()
    // The wall clock is read after the listing, fresh for every check: never a time remembered
    // from before a sleep.
    const now = this.clock.now()
    if (this.stopped) return { at: now, ...empty }

    const listed = new Set(accounts.map((account) => account.id))
    for (const id of this.states.keys()) if (!listed.has(id)) this.states.delete(id)
    for (const id of this.signInKnown.keys()) if (!listed.has(id)) this.signInKnown.delete(id)

    const notified: string[] = []
    const due: { account: AccountBrief; dueAt: number }[] = []
    for (const account of accounts) {
      if (this.observe(account, listing)) notified.push(account.id)
      const state = this.stateOf(account.id)
      const dueAt = refreshDueAt(account, state.jitter)
      if (dueAt === undefined || dueAt > now) continue
      if (this.signInKnown.has(account.id) || this.backingOff(state, now)) continue
      due.push({ account, dueAt })
    }
    this.seeded = true
    // The soonest expiry first, so a long queue cannot make it lapse behind later ones.
    due.sort((a, b) => a.dueAt - b.dueAt)

    const queued: Promise<RefreshAttempt>[] = []
    const alreadyRunning: string[] = []
    for (const { account } of due) {
      if (this.inFlight.has(account.id)) alreadyRunning.push(account.id)
      else queued.push(this.attempt(account))
    }
    this.logger.log('debug', 'refresh check', {
      reason,
      accounts: accounts.length,
      queued: queued.length,
      alreadyRunning: alreadyRunning.length,
    })
    return { at: now, accounts: accounts.length, queued, alreadyRunning, notified }
  }

  /** Follows the account's status; returns true when it notified. */
  private observe(account: AccountBrief, listing: number): boolean {
    const state = this.stateOf(account.id)
    // New tokens from elsewhere (a sign-in again, a refresh for a copy): the old backoff was about
    // tokens that are gone.
    if (state.failures > 0 && account.accessTokenExpiresAt !== state.failedAtExpiry) {
      this.resetBackoff(state)
    }
    if (account.status === 'needs-sign-in') {
      if (this.signInKnown.has(account.id)) return false
      if (!this.seeded) {
        // Already so when the scheduler started: the user was told then, or the window's storage
        // report says so now. Not a new episode.
        this.signInKnown.set(account.id, this.listingsStarted)
        return false
      }
      return this.notifyNeedsSignIn(account)
    }
    const knownAt = this.signInKnown.get(account.id)
    if (knownAt !== undefined && listing > knownAt) this.signInKnown.delete(account.id)
    return false
  }

  private attempt(listed: AccountBrief): Promise<RefreshAttempt> {
    const running = this.inFlight.get(listed.id)
    if (running) return running
    // A refresh waiting for its turn keeps only what it reports with, not the account's user
    // and workspaces (most of its size): "Refresh all" over a thousand accounts queues them all.
    const account: RefreshTarget = {
      id: listed.id,
      label: listed.label,
      method: listed.method,
      ...(listed.accessTokenExpiresAt !== undefined
        ? { accessTokenExpiresAt: listed.accessTokenExpiresAt }
        : {}),
    }
    const work = this.refreshOne(account).finally(() => this.inFlight.delete(account.id))
    this.inFlight.set(account.id, work)
    return work
  }

  /** Never rejects: every outcome becomes a report. */
  private async refreshOne(account: RefreshTarget): Promise<RefreshAttempt> {
    const id = account.id
    if (this.stopped) return cancelled(id)
    let refused = false
    try {
      // The pool bounds the network exchanges only: storing what came back holds no slot, so the
      // refreshes that finish together are saved together.
      let underway = false
      const updated = await this.underway
        .run(() => {
          underway = true
          return this.accounts.refresh(id, {
            throttle: async (exchange) => {
              let started = false
              try {
                return await this.pool.run(() => {
                  if (this.stopped) throw new CancelledError('The refresh scheduler stopped.')
                  started = true
                  return exchange()
                })
              } catch (error) {
                refused = !started
                throw error
              }
            },
          })
        })
        .catch((error: unknown) => {
          if (!underway) refused = true
          throw error
        })
      this.resetBackoff(this.stateOf(id))
      this.signInKnown.delete(id)
      const report: RefreshAttempt = { accountId: id, ok: true, next: 'scheduled' }
      if (updated.accessTokenExpiresAt !== undefined) {
        report.accessTokenExpiresAt = updated.accessTokenExpiresAt
      }
      return report
    } catch (error) {
      // The pool cancelled it before it started: the scheduler is stopping.
      if (refused) return cancelled(id)
      return this.failed(account, codeOf(error))
    }
  }

  private failed(account: RefreshTarget, code: ErrorCode): RefreshAttempt {
    const state = this.stateOf(account.id)
    const decision = decideAfterFailure(code, state.failures + 1, this.random)
    this.logger.log('warn', 'background refresh failed', { accountId: account.id, errorCode: code })
    if (decision.action === 'needs-sign-in') {
      this.resetBackoff(state)
      const notified = this.notifyNeedsSignIn(account, code)
      return { accountId: account.id, ok: false, code, next: 'needs-sign-in', notified }
    }
    state.failures += 1
    state.failedAt = this.clock.now()
    state.retryDelayMs = decision.delayMs
    state.failedAtExpiry = account.accessTokenExpiresAt
    return { accountId: account.id, ok: false, code, next: 'retry', retryInMs: decision.delayMs }
  }

  /** Once per episode: the episode ends when the account is seen active again. */
  private notifyNeedsSignIn(account: RefreshTarget, code?: ErrorCode): boolean {
    if (this.signInKnown.has(account.id)) return false
    this.signInKnown.set(account.id, this.listingsStarted)
    this.logger.log('info', 'account needs sign-in', { accountId: account.id })
    try {
      this.notifier.notify(needsSignInNotification(account, code))
    } catch (error) {
      this.logger.log('warn', 'notification failed', { errorCode: codeOf(error) })
    }
    return true
  }

  private backingOff(state: AccountState, now: number): boolean {
    if (state.failures === 0 || state.failedAt === undefined || state.retryDelayMs === undefined) {
      return false
    }
    // A clock set back before the failure makes the remembered time meaningless: try again now
    // rather than wait for hours.
    if (now < state.failedAt) return false
    return now < state.failedAt + state.retryDelayMs
  }

  private resetBackoff(state: AccountState): void {
    state.failures = 0
    delete state.failedAt
    delete state.retryDelayMs
    delete state.failedAtExpiry
  }

  private stateOf(id: string): AccountState {
    let state = this.states.get(id)
    if (!state) {
      state = { jitter: this.random(), failures: 0 }
      this.states.set(id, state)
    }
    return state
  }

  private logCheck(reason: CheckReason, attempts: RefreshAttempt[]): void {
    if (attempts.length === 0) return
    this.logger.log('info', 'background refresh', {
      reason,
      refreshed: attempts.filter((attempt) => attempt.ok).length,
      failed: attempts.filter((attempt) => !attempt.ok && attempt.next !== 'cancelled').length,
    })
  }
}

function cancelled(accountId: string): RefreshAttempt {
  return { accountId, ok: false, code: 'CANCELLED', next: 'cancelled' }
}

function codeOf(error: unknown): ErrorCode {
  return error instanceof AppError ? error.code : 'INTERNAL'
}
