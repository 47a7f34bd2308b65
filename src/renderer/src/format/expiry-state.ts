import type { AccountSummary, AuthMethod } from '../../../shared/ipc-contract'

/** How an account's token stands at a moment, as the list and the detail show it. */
export type ExpiryState = 'fresh' | 'expiring' | 'expired' | 'needs-sign-in' | 'no-expiry'

export const expiryStates: readonly ExpiryState[] = [
  'fresh',
  'expiring',
  'expired',
  'needs-sign-in',
  'no-expiry',
]

/**
 * Which deadline decided the state: the access token's, or (for OAuth accounts main keeps fresh)
 * the refresh token's, after which only a new sign-in helps.
 */
export type ExpiryBasis = 'access' | 'refresh'

export interface ExpiryInfo {
  state: ExpiryState
  /** Unix ms of the deadline that decided the state; absent when no deadline applies. */
  deadline?: number
  basis?: ExpiryBasis
}

const minute = 60_000
const day = 24 * 60 * minute

/*
 * Thresholds, and why.
 *
 * Main renews the access token of an OAuth account (PKCE, web, device) with its refresh token, and
 * re-mints a JWT account's token with the app's key, ahead of expiry: 20% of the token's lifetime,
 * at least one minute and at most five (see refresh-policy.ts). A 15-minute token is renewed with
 * 3 minutes left, a 24-hour one with 5. A "less than 5 minutes" rule would therefore paint every
 * healthy 15-minute account amber for two minutes out of fifteen. Under two minutes the automatic
 * renewal is late (offline, failing, or the app was asleep): that is worth a look, so it is the
 * threshold for these short-lived tokens. It is also main's copy margin, under which a copy renews
 * the token first.
 *
 * Nothing renews the refresh token itself: when it runs out the person has to sign in again. Coze
 * issues refresh tokens for about 30 days; the last 3 days (a tenth) leave time to sign in again
 * at a convenient moment, so an account whose refresh token ends within 3 days is "expiring".
 *
 * A pasted personal or service token (PAT, SAT) lives days to a year and nothing renews it: the
 * person makes a new one on the Coze console. Three days of warning is the same reasoning again.
 */
export const expiryThresholds = {
  /** Access tokens that main renews (OAuth with a refresh token, JWT). */
  renewedAccessMs: 2 * minute,
  /** Refresh tokens: after them, a new sign-in. */
  refreshTokenMs: 3 * day,
  /** Pasted long-lived tokens (PAT, SAT). */
  pastedTokenMs: 3 * day,
} as const

const oauthMethods: ReadonlySet<AuthMethod> = new Set(['pkce', 'web', 'device'])
const pastedMethods: ReadonlySet<AuthMethod> = new Set(['pat', 'sat'])

/** Whether the way back for a dead token is a new sign-in (OAuth), rather than a new token. */
export function signsInAgain(method: AuthMethod): boolean {
  return oauthMethods.has(method)
}

type ExpiryInput = Pick<
  AccountSummary,
  'method' | 'status' | 'accessTokenExpiresAt' | 'refreshTokenExpiresAt'
>

/** The state with the deadline behind it, for "12 min left" or "expired 3 d ago". */
export function expiryInfo(summary: ExpiryInput, now: number): ExpiryInfo {
  const { method, status, accessTokenExpiresAt: access, refreshTokenExpiresAt: refresh } = summary
  // Main knows things the clock cannot tell (a revoked refresh token, a lost secret): it wins.
  if (status === 'needs-sign-in') return { state: 'needs-sign-in' }
  if (access === undefined) {
    return status === 'expired' ? { state: 'expired' } : { state: 'no-expiry' }
  }
  const renewable = oauthMethods.has(method) && refresh !== undefined
  const accessLeft = access - now
  if (accessLeft <= 0 || status === 'expired') {
    // Expired, and the refresh token is gone too: nothing but a sign-in brings it back.
    if (renewable && refresh <= now)
      return { state: 'needs-sign-in', deadline: refresh, basis: 'refresh' }
    return { state: 'expired', deadline: access, basis: 'access' }
  }
  if (renewable) {
    // The access token is still good but cannot be renewed any more: it is the last one.
    if (refresh <= now) return { state: 'expiring', deadline: access, basis: 'access' }
    if (refresh - now < expiryThresholds.refreshTokenMs) {
      return { state: 'expiring', deadline: refresh, basis: 'refresh' }
    }
  }
  const threshold = pastedMethods.has(method)
    ? expiryThresholds.pastedTokenMs
    : expiryThresholds.renewedAccessMs
  return { state: accessLeft < threshold ? 'expiring' : 'fresh', deadline: access, basis: 'access' }
}

/**
 * Whether the token cannot work any more, so it must not be offered for copying: its tokens are
 * gone (needs sign-in), or it is a pasted token past its expiry, which nothing renews. (An expired
 * OAuth or JWT token is renewed by main when it is copied.)
 */
export function tokenIsDead(summary: ExpiryInput, now: number): boolean {
  const state = expiryState(summary, now)
  return state === 'needs-sign-in' || (state === 'expired' && pastedMethods.has(summary.method))
}

/** Just the state: fresh, expiring, expired, needs-sign-in or no-expiry. */
export function expiryState(summary: ExpiryInput, now: number): ExpiryState {
  return expiryInfo(summary, now).state
}
