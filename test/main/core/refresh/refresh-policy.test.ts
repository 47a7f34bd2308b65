import { describe, expect, it } from 'vitest'
import type { StoredAccount } from '../../../../src/main/core/accounts/account'
import type { ErrorCode } from '../../../../src/shared/errors'
import {
  decideAfterRefresh,
  isDue,
  isRefreshable,
  refreshDueAt,
  refreshLeadMs,
  retryDelayMs,
  tokenLifetimeMs,
} from '../../../../src/main/core/refresh/refresh-policy'
import type { PolicyAccount } from '../../../../src/main/core/refresh/refresh-policy'

const minute = 60_000
const t0 = Date.UTC(2026, 0, 1)

function account(overrides: Partial<PolicyAccount> = {}): PolicyAccount {
  return {
    method: 'device',
    status: 'active',
    accessTokenExpiresAt: t0 + 15 * minute,
    ...overrides,
  }
}

/** A token refreshed at t0 that lives `lifetime` ms. */
function refreshedAt(lifetime: number, overrides: Partial<PolicyAccount> = {}): PolicyAccount {
  return account({
    accessTokenExpiresAt: t0 + lifetime,
    lastRefresh: { at: t0, ok: true },
    ...overrides,
  })
}

describe('isRefreshable', () => {
  it.each<[StoredAccount['method'], StoredAccount['status'], boolean]>([
    ['pkce', 'active', true],
    ['web', 'active', true],
    ['device', 'active', true],
    ['jwt', 'active', true],
    ['pat', 'active', false],
    ['sat', 'active', false],
    ['device', 'needs-sign-in', false],
    ['jwt', 'needs-sign-in', false],
    ['pat', 'needs-sign-in', false],
  ])('%s, %s → %s', (method, status, expected) => {
    expect(isRefreshable({ method, status })).toBe(expected)
  })
})

describe('tokenLifetimeMs and refreshLeadMs', () => {
  it.each<[string, PolicyAccount, number | undefined, number]>([
    ['15-min token: 20% = 3 min', refreshedAt(15 * minute), 15 * minute, 3 * minute],
    ['10-min token: 20% = 2 min', refreshedAt(10 * minute), 10 * minute, 2 * minute],
    ['24-hour JWT: capped at 5 min', refreshedAt(24 * 60 * minute), 24 * 60 * minute, 5 * minute],
    ['4-min token: raised to 60 s', refreshedAt(4 * minute), 4 * minute, minute],
    ['90-s token: at most half the lifetime', refreshedAt(90_000), 90_000, 45_000],
    ['after a sign-in (no refresh yet): longest lead', account(), undefined, 5 * minute],
    [
      'after a failed refresh: longest lead',
      account({ lastRefresh: { at: t0, ok: false, code: 'NETWORK' } }),
      undefined,
      5 * minute,
    ],
    [
      'expiry before the refresh (nonsense): longest lead',
      refreshedAt(-minute),
      undefined,
      5 * minute,
    ],
  ])('%s', (_name, input, lifetime, lead) => {
    expect(tokenLifetimeMs(input)).toBe(lifetime)
    expect(refreshLeadMs(input)).toBe(lead)
  })
})

describe('refreshDueAt and isDue', () => {
  it.each<[string, PolicyAccount, number, number | undefined]>([
    ['15-min token, no jitter: 12 min after issue', refreshedAt(15 * minute), 0, t0 + 12 * minute],
    // 10% of the 3-min lead, all of it: 18 s earlier.
    [
      'full jitter: earlier by 10% of the lead',
      refreshedAt(15 * minute),
      1,
      t0 + 12 * minute - 18_000,
    ],
    ['half jitter', refreshedAt(15 * minute), 0.5, t0 + 12 * minute - 9_000],
    ['out-of-range jitter is clamped', refreshedAt(15 * minute), 7, t0 + 12 * minute - 18_000],
    ['negative jitter counts as none', refreshedAt(15 * minute), -1, t0 + 12 * minute],
    ['after a sign-in: 5 min ahead', account(), 0, t0 + 10 * minute],
    ['a PAT never', account({ method: 'pat' }), 0, undefined],
    ['a SAT never', account({ method: 'sat' }), 0, undefined],
    ['needs sign-in: never', account({ status: 'needs-sign-in' }), 0, undefined],
    ['no stored expiry: never', account({ accessTokenExpiresAt: undefined }), 0, undefined],
  ])('%s', (_name, input, jitter, expected) => {
    expect(refreshDueAt(input, jitter)).toBe(expected)
  })

  it.each<[string, number, boolean]>([
    ['a second before the due time', t0 + 12 * minute - 1000, false],
    ['at the due time', t0 + 12 * minute, true],
    ['hours after expiry (asleep)', t0 + 5 * 60 * minute, true],
  ])('%s → %s', (_name, now, expected) => {
    expect(isDue(refreshedAt(15 * minute), now)).toBe(expected)
  })
})

describe('retryDelayMs', () => {
  it.each<[number, number, number]>([
    // [failures, random, delay]: between half and all of min(15 min, 30 s · 2^(n−1)).
    [1, 0, 15_000],
    [1, 0.5, 22_500],
    [1, 0.999_999, 30_000],
    [2, 0, 30_000],
    [2, 1, 60_000],
    [3, 0, 60_000],
    [5, 1, 8 * minute],
    [6, 1, 15 * minute],
    [6, 0, 7.5 * minute],
    [50, 1, 15 * minute],
    [0, 1, 30_000],
  ])('failure %i, random %f → %i ms', (failures, random, expected) => {
    expect(retryDelayMs(failures, () => random)).toBe(expected)
  })

  it('below the cap, never shrinks from one failure to the next, whatever the random draws', () => {
    // 30 s · 2^4 = 8 min is the last step under the 15-min cap; above it the draw stays in 7.5–15.
    for (let failures = 1; failures <= 4; failures += 1) {
      expect(retryDelayMs(failures + 1, () => 0)).toBeGreaterThanOrEqual(
        retryDelayMs(failures, () => 0.999),
      )
    }
  })
})

describe('decideAfterRefresh', () => {
  const half = (): number => 0.5
  it.each<[string, { ok: true } | { ok: false; code: ErrorCode }, number, unknown]>([
    ['success', { ok: true }, 0, { action: 'done' }],
    [
      'dead refresh token',
      { ok: false, code: 'REFRESH_TOKEN_DEAD' },
      1,
      { action: 'needs-sign-in' },
    ],
    [
      'client or key refused',
      { ok: false, code: 'INVALID_CLIENT' },
      1,
      { action: 'needs-sign-in' },
    ],
    [
      'network, first failure',
      { ok: false, code: 'NETWORK' },
      1,
      { action: 'retry', delayMs: 22_500, transient: true },
    ],
    [
      'timeout, third failure',
      { ok: false, code: 'TIMEOUT' },
      3,
      { action: 'retry', delayMs: 90_000, transient: true },
    ],
    [
      'server error',
      { ok: false, code: 'SERVER_ERROR' },
      2,
      { action: 'retry', delayMs: 45_000, transient: true },
    ],
    [
      'rate limited',
      { ok: false, code: 'RATE_LIMITED' },
      1,
      { action: 'retry', delayMs: 22_500, transient: true },
    ],
    [
      'profile or tokens gone: needs sign-in, like a dead refresh token',
      { ok: false, code: 'NOT_FOUND' },
      1,
      { action: 'needs-sign-in' },
    ],
    [
      'unexpected error: the longest wait at once',
      { ok: false, code: 'INTERNAL' },
      1,
      { action: 'retry', delayMs: 11.25 * minute, transient: false },
    ],
  ])('%s', (_name, result, failures, expected) => {
    expect(decideAfterRefresh(result, failures, half)).toEqual(expected)
  })
})
