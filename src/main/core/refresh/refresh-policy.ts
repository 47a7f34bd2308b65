/**
 * When the background refresh acts, as pure functions of an account's stored metadata and the wall
 * clock: which accounts, how long ahead of expiry, how long to wait after a failure, and what a
 * failure means. The scheduler holds the state; these hold the rules, so a table can test them.
 */
import type { ErrorCode } from '../../../shared/errors'
import type { StoredAccount } from '../accounts/account'
import { refreshableMethods } from '../accounts/account'

/**
 * Methods that can get a new access token without the user: OAuth with a refresh token, and JWT by
 * minting a new one. A PAT or SAT is whatever the user pasted; only the console makes a new one.
 */
export { refreshableMethods }

/**
 * How far ahead of expiry a token is refreshed: 20% of its lifetime, at least 60 s (room for a
 * slow network, a retry and a check interval) and at most 5 min (a 24-hour JWT need not be
 * re-minted hours early). Never more than half the lifetime, so a very short token is not "due"
 * the moment it is issued.
 */
export const refreshLead = { share: 0.2, minimumMs: 60_000, maximumMs: 5 * 60_000 } as const

/**
 * Each account's due time is moved earlier by up to this share of its lead, by a random amount
 * drawn once per account: a hundred accounts signed in together do not all fall due together.
 * Earlier, never later, so the jitter cannot eat into the lead.
 */
export const dueJitterShare = 0.1

/**
 * After the n-th consecutive failure the next try waits between half and all of
 * min(maximumMs, baseMs * 2^(n-1)): 30 s, 1 min, 2 min… up to 15 min. The random half spreads
 * the retries of many accounts that failed together (a network outage) so they do not come back
 * as one burst.
 */
export const retryBackoff = { baseMs: 30_000, maximumMs: 15 * 60_000 } as const

/** Failures that say nothing about the account: the network, the server or a rate limit. */
export const transientErrorCodes: ReadonlySet<ErrorCode> = new Set([
  'NETWORK',
  'TIMEOUT',
  'SERVER_ERROR',
  'INVALID_RESPONSE',
  'RATE_LIMITED',
])

/**
 * Failures after which only a new sign-in helps. AccountService marks the account "needs sign-in"
 * for exactly these (a dead refresh token, or a client or key Coze no longer accepts).
 */
export const needsSignInErrorCodes: ReadonlySet<ErrorCode> = new Set([
  'REFRESH_TOKEN_DEAD',
  'INVALID_CLIENT',
  // The app profile or the stored tokens are gone: AccountService marks the account too.
  'NOT_FOUND',
])

export type PolicyAccount = Pick<
  StoredAccount,
  'method' | 'status' | 'accessTokenExpiresAt' | 'lastRefresh'
>

/** Whether the background refresh looks after this account at all. */
export function isRefreshable(account: Pick<StoredAccount, 'method' | 'status'>): boolean {
  return refreshableMethods.has(account.method) && account.status !== 'needs-sign-in'
}

/**
 * The current access token's lifetime, when it is known: the time from the last successful
 * refresh to the expiry it gave. Undefined after a sign-in (nothing records when it happened
 * apart from the metadata's own timestamps, which a rename also moves) or after a failed refresh.
 */
export function tokenLifetimeMs(account: PolicyAccount): number | undefined {
  const { lastRefresh, accessTokenExpiresAt } = account
  if (accessTokenExpiresAt === undefined || !lastRefresh?.ok) return undefined
  const lifetime = accessTokenExpiresAt - lastRefresh.at
  return lifetime > 0 ? lifetime : undefined
}

/** How long before expiry the token is refreshed; the longest lead when the lifetime is unknown. */
export function refreshLeadMs(account: PolicyAccount): number {
  const lifetime = tokenLifetimeMs(account)
  if (lifetime === undefined) return refreshLead.maximumMs
  const lead = Math.min(
    refreshLead.maximumMs,
    Math.max(refreshLead.minimumMs, lifetime * refreshLead.share),
  )
  return Math.min(lead, lifetime / 2)
}

/**
 * When the account falls due (Unix ms), or undefined when nothing expires (no refreshable method,
 * a sign-in needed, or no expiry stored). `jitter` in [0, 1) moves it earlier by up to
 * `dueJitterShare` of the lead.
 */
export function refreshDueAt(account: PolicyAccount, jitter = 0): number | undefined {
  if (!isRefreshable(account) || account.accessTokenExpiresAt === undefined) return undefined
  const lead = refreshLeadMs(account)
  return Math.floor(account.accessTokenExpiresAt - lead - clampUnit(jitter) * dueJitterShare * lead)
}

/** Whether the account is due at `now`, the wall clock read at this check. */
export function isDue(account: PolicyAccount, now: number, jitter = 0): boolean {
  const dueAt = refreshDueAt(account, jitter)
  return dueAt !== undefined && dueAt <= now
}

/** The wait after `failures` consecutive failures (1 for the first), with jitter from `random`. */
export function retryDelayMs(failures: number, random: () => number): number {
  const exponent = Math.max(0, Math.min(30, Math.floor(failures) - 1))
  const ceiling = Math.min(retryBackoff.maximumMs, retryBackoff.baseMs * 2 ** exponent)
  return Math.round(ceiling / 2 + (clampUnit(random()) * ceiling) / 2)
}

export type RefreshResult = { ok: true } | { ok: false; code: ErrorCode }

/**
 * What the scheduler does after a failed refresh:
 * - `retry`: it failed for a passing reason (or one the user may fix outside a sign-in, such as a
 *   removed app profile); try again after `delayMs`. Only passing failures start the backoff low:
 *   anything else waits the longest delay at once, since trying again soon will not help.
 * - `needs-sign-in`: only a sign-in helps. The account is marked (by AccountService) and kept; the
 *   scheduler stops refreshing it and notifies once.
 */
export type FailureDecision =
  { action: 'retry'; delayMs: number; transient: boolean } | { action: 'needs-sign-in' }

/** After a success (`done`) the next refresh simply follows from the new expiry. */
export type RefreshDecision = { action: 'done' } | FailureDecision

/** `failures` counts the consecutive failures, this one included. */
export function decideAfterFailure(
  code: ErrorCode,
  failures: number,
  random: () => number,
): FailureDecision {
  if (needsSignInErrorCodes.has(code)) return { action: 'needs-sign-in' }
  const transient = transientErrorCodes.has(code)
  // A huge failure count reaches the cap, whatever the base.
  return {
    action: 'retry',
    delayMs: retryDelayMs(transient ? failures : Number.MAX_SAFE_INTEGER, random),
    transient,
  }
}

export function decideAfterRefresh(
  result: RefreshResult,
  failures: number,
  random: () => number,
): RefreshDecision {
  return result.ok ? { action: 'done' } : decideAfterFailure(result.code, failures, random)
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0
  return value >= 1 ? 1 : value
}
