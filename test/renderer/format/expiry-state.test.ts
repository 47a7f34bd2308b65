import { describe, expect, it } from 'vitest'
import type { AccountSummary } from '../../../src/shared/ipc-contract'
import {
  expiryInfo,
  expiryState,
  expiryThresholds,
} from '../../../src/renderer/src/format/expiry-state'

const now = 1_700_000_000_000
const minute = 60_000
const day = 24 * 60 * minute

type Input = Pick<
  AccountSummary,
  'method' | 'status' | 'accessTokenExpiresAt' | 'refreshTokenExpiresAt'
>

function account(overrides: Partial<Input>): Input {
  return { method: 'pkce', status: 'active', ...overrides }
}

describe('expiryState', () => {
  it('lets main’s "needs sign-in" win over any expiry', () => {
    expect(
      expiryState(
        account({
          status: 'needs-sign-in',
          accessTokenExpiresAt: now + day,
          refreshTokenExpiresAt: now + 30 * day,
        }),
        now,
      ),
    ).toBe('needs-sign-in')
    expect(expiryState(account({ method: 'pat', status: 'needs-sign-in' }), now)).toBe(
      'needs-sign-in',
    )
  })

  it('says "no expiry" for a token without a known expiry, unless main says it expired', () => {
    expect(expiryState(account({ method: 'sat' }), now)).toBe('no-expiry')
    expect(expiryState(account({ method: 'sat', status: 'expired' }), now)).toBe('expired')
  })

  describe('short-lived access tokens that main renews (OAuth, JWT)', () => {
    const threshold = expiryThresholds.renewedAccessMs

    it.each(['pkce', 'web', 'device', 'jwt'] as const)(
      '%s: fresh at the threshold, expiring just under it, expired at the deadline',
      (method) => {
        const refreshTokenExpiresAt = method === 'jwt' ? undefined : now + 30 * day
        const at = (left: number) =>
          expiryState(
            account({ method, accessTokenExpiresAt: now + left, refreshTokenExpiresAt }),
            now,
          )
        expect(at(15 * minute)).toBe('fresh')
        expect(at(threshold)).toBe('fresh')
        expect(at(threshold - 1)).toBe('expiring')
        expect(at(1)).toBe('expiring')
        expect(at(0)).toBe('expired')
        expect(at(-5 * minute)).toBe('expired')
      },
    )

    it('does not call a healthy 15-minute token "expiring" before main renews it (3 min left)', () => {
      expect(threshold).toBeLessThan(3 * minute)
      expect(
        expiryState(
          account({
            accessTokenExpiresAt: now + 3 * minute,
            refreshTokenExpiresAt: now + 30 * day,
          }),
          now,
        ),
      ).toBe('fresh')
    })

    it('reports the access token as the deadline', () => {
      expect(expiryInfo(account({ accessTokenExpiresAt: now + 10 * minute }), now)).toEqual({
        state: 'fresh',
        deadline: now + 10 * minute,
        basis: 'access',
      })
    })
  })

  describe('the refresh token of an OAuth account', () => {
    const threshold = expiryThresholds.refreshTokenMs

    it('is expiring within its threshold, with the refresh token as the deadline', () => {
      const fresh = account({
        accessTokenExpiresAt: now + 15 * minute,
        refreshTokenExpiresAt: now + threshold,
      })
      expect(expiryState(fresh, now)).toBe('fresh')
      const soon = { ...fresh, refreshTokenExpiresAt: now + threshold - 1 }
      expect(expiryInfo(soon, now)).toEqual({
        state: 'expiring',
        deadline: now + threshold - 1,
        basis: 'refresh',
      })
    })

    it('makes the last access token "expiring" once the refresh token has run out', () => {
      expect(
        expiryInfo(
          account({ accessTokenExpiresAt: now + 10 * minute, refreshTokenExpiresAt: now }),
          now,
        ),
      ).toEqual({ state: 'expiring', deadline: now + 10 * minute, basis: 'access' })
    })

    it('needs a sign-in when both tokens are gone, and is only expired while it can renew', () => {
      const both = account({ accessTokenExpiresAt: now - minute, refreshTokenExpiresAt: now - 1 })
      expect(expiryState(both, now)).toBe('needs-sign-in')
      const renewable = { ...both, refreshTokenExpiresAt: now + day }
      expect(expiryState(renewable, now)).toBe('expired')
    })

    it('is ignored for a JWT account, which has none and re-mints instead', () => {
      expect(
        expiryState(
          account({
            method: 'jwt',
            accessTokenExpiresAt: now + 10 * minute,
            refreshTokenExpiresAt: now,
          }),
          now,
        ),
      ).toBe('fresh')
    })
  })

  describe('pasted tokens (PAT, SAT)', () => {
    const threshold = expiryThresholds.pastedTokenMs

    it.each(['pat', 'sat'] as const)('%s: expiring in the last days, then expired', (method) => {
      const at = (left: number) =>
        expiryState(account({ method, accessTokenExpiresAt: now + left }), now)
      expect(at(30 * day)).toBe('fresh')
      expect(at(threshold)).toBe('fresh')
      expect(at(threshold - 1)).toBe('expiring')
      expect(at(10 * minute)).toBe('expiring')
      expect(at(0)).toBe('expired')
    })
  })

  it('trusts main’s "expired" even when this clock has not reached the deadline yet', () => {
    expect(
      expiryState(account({ status: 'expired', accessTokenExpiresAt: now + 10 * minute }), now),
    ).toBe('expired')
  })

  it('moves with the clock it is given, not the wall clock', () => {
    const pat = account({ method: 'pat', accessTokenExpiresAt: now + 5 * day })
    expect(expiryState(pat, now)).toBe('fresh')
    expect(expiryState(pat, now + 3 * day)).toBe('expiring')
    expect(expiryState(pat, now + 5 * day)).toBe('expired')
  })
})
