import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountTokens, StoredAccount } from '../../../../src/main/core/accounts/account'
import { tokensKey } from '../../../../src/main/core/accounts/account-service'
import { MemorySecretVault } from '../../../../src/main/core/accounts/memory-vault'
import { MemoryAccountRepository, MemoryProfileRepository } from '../../../support/memory-stores'
import type { AuthCore } from '../../../../src/main/core/create-core'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { vaultService } from '../../../../src/main/core/profile-service'
import { RecordingNotifier } from '../../../../src/main/core/refresh/notifier'
import { RefreshScheduler } from '../../../../src/main/core/refresh/refresh-scheduler'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import type { TestClock } from '../../../support/test-clock'
import { createTestClock } from '../../../support/test-clock'
import { changed, hour, minute, until } from './fake-accounts'
import { addSandboxJwtProfile } from '../../../support/sandbox-profiles'
import { addSandboxDeviceProfile, signInWithSandboxDevice } from '../../../support/sandbox-profiles'

/**
 * The scheduler on the real AccountService, against the sandbox on loopback. The test clock moves
 * the sandbox's clock along, so token expiry on both sides follows the time the scheduler sees.
 */

let sandbox: Sandbox
let core: AuthCore
let vault: MemorySecretVault
let accounts: MemoryAccountRepository
let clock: TestClock
let notifier: RecordingNotifier
let scheduler: RefreshScheduler
/** Runs inside every clock sleep, after the time moved; replaced by the loop test. */
let onSleep: () => Promise<void>
/** Refreshes the scheduler started that have not finished. */
let outstanding: number

beforeEach(async () => {
  sandbox = await startSandbox({ frozenClock: true })
  vault = new MemorySecretVault()
  accounts = new MemoryAccountRepository()
  onSleep = async () => {}
  clock = createTestClock({
    start: sandbox.clock.now(),
    follower: sandbox.clock,
    // until() below waits on the time and on the refreshes: both move here.
    onSleep: async () => {
      changed()
      await onSleep()
    },
  })
  core = createAuthCore({
    vault,
    accounts,
    profiles: new MemoryProfileRepository(),
    browser: { open: async () => {} },
    clock,
    fetch: (input, init) => fetch(input, init),
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
  notifier = new RecordingNotifier()
  outstanding = 0
  scheduler = new RefreshScheduler({
    accounts: {
      list: () => core.accounts.list(),
      refresh: (id) => {
        outstanding += 1
        return core.accounts.refresh(id).finally(() => {
          outstanding -= 1
          changed()
        })
      },
    },
    clock,
    notifier,
    random: () => 0.5,
  })
})

afterEach(async () => {
  await scheduler.stop()
  await sandbox.stop()
})

async function deviceProfile(): Promise<string> {
  return (await addSandboxDeviceProfile(core, sandbox)).id
}

/** A device-code sign-in, approved on the sandbox by `userIndex`'s user. */
function signInWithDevice(profileId: string, userIndex = 0): Promise<StoredAccount> {
  return signInWithSandboxDevice(core, sandbox, profileId, { userIndex })
}

/** A PKCE account from tokens the sandbox hands out directly, stored as a sign-in would. */
async function pkceAccountFromIssuedTokens(): Promise<StoredAccount> {
  const app = sandbox.regions.com.apps.pkce
  const issued = sandbox.issueTokensDirectly('com', app.clientId)
  const now = clock.now()
  const account: StoredAccount = {
    id: 'issued-pkce',
    label: 'Issued PKCE',
    region: 'com',
    method: 'pkce',
    clientId: app.clientId,
    workspaces: [],
    workspacesKnown: false,
    status: 'active',
    tokenHint: 'czu_…',
    accessTokenExpiresAt: issued.expires_in * 1000,
    createdAt: now,
    updatedAt: now,
  }
  const tokens: AccountTokens = {
    accessToken: issued.access_token,
    refreshToken: issued.refresh_token,
  }
  await vault.setPassword(vaultService, tokensKey(account.id), JSON.stringify(tokens))
  await accounts.put(account)
  return account
}

async function jwtAccount(): Promise<StoredAccount> {
  const profile = await addSandboxJwtProfile(core, sandbox)
  return core.accounts.signIn(profile.id)
}

async function storedTokens(accountId: string): Promise<AccountTokens> {
  return JSON.parse((await vault.getPassword(vaultService, tokensKey(accountId))) ?? '{}')
}

function refreshGrants(): number {
  return sandbox.requests.filter(
    (r) => r.path === '/api/permission/oauth2/token' && r.bodyKeys.includes('refresh_token'),
  ).length
}

describe('RefreshScheduler with the real AccountService and the sandbox', () => {
  it('turns an account whose refresh token was revoked "needs sign-in", keeps it, and notifies once', async () => {
    const profileId = await deviceProfile()
    const alice = await signInWithDevice(profileId, 0)
    const bob = await signInWithDevice(profileId, 1)
    expect(bob.id).not.toBe(alice.id)
    const pat = await core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
      expiresAt: clock.now() + 30 * minute,
    })
    sandbox.revokeRefreshToken((await storedTokens(alice.id)).refreshToken ?? '')

    // Fresh 15-min tokens are not due yet (5 min ahead, since their lifetime is not known yet).
    expect((await scheduler.checkNow('startup')).attempts).toEqual([])
    clock.advance(11 * minute)
    const report = await scheduler.checkNow('timer')
    expect(report.notified).toEqual([alice.id])
    expect(report.attempts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: alice.id, code: 'REFRESH_TOKEN_DEAD' }),
        expect.objectContaining({ accountId: bob.id, ok: true }),
      ]),
    )

    const deadAfter = await core.accounts.get(alice.id)
    expect(deadAfter.status).toBe('needs-sign-in')
    expect(deadAfter.lastRefresh).toMatchObject({ ok: false, code: 'REFRESH_TOKEN_DEAD' })
    expect(await vault.getPassword(vaultService, tokensKey(alice.id))).not.toBeNull()
    expect((await core.accounts.get(bob.id)).accessTokenExpiresAt).toBeGreaterThan(
      bob.accessTokenExpiresAt ?? Infinity,
    )

    const grantsAfterDeath = refreshGrants()
    for (let i = 0; i < 8; i += 1) {
      clock.advance(i < 4 ? 30_000 : 2 * hour)
      await scheduler.checkNow(i < 4 ? 'timer' : 'resume')
    }
    expect(await scheduler.refreshAll()).toMatchObject({
      skipped: expect.arrayContaining([
        { accountId: alice.id, reason: 'needs-sign-in' },
        { accountId: pat.id, reason: 'not-refreshable' },
      ]),
    })

    expect(notifier.notifications).toHaveLength(1)
    expect(notifier.notifications[0]).toMatchObject({
      kind: 'needs-sign-in',
      accountId: alice.id,
      label: 'Alice Example (coze.com)',
      code: 'REFRESH_TOKEN_DEAD',
    })
    // Still listed, still waiting; never tried again (its last refresh is the failed one).
    const listed = await core.accounts.list()
    expect(listed.map((account) => account.id).sort()).toEqual([alice.id, bob.id, pat.id].sort())
    expect(await core.accounts.get(alice.id)).toMatchObject({
      status: 'needs-sign-in',
      lastRefresh: deadAfter.lastRefresh,
    })
    // Only Bob's refreshes reached the token endpoint from then on: one per 2-hour jump, plus
    // "Refresh all". The PAT was never refreshed.
    expect(refreshGrants() - grantsAfterDeath).toBe(5)
    expect((await core.accounts.get(pat.id)).lastRefresh).toBeUndefined()
  })

  it('keeps device, PKCE and JWT accounts fresh ahead of expiry through its own loop', async () => {
    const device = await signInWithDevice(await deviceProfile())
    const pkce = await pkceAccountFromIssuedTokens()
    const jwt = await jwtAccount()
    const ids = [device.id, pkce.id, jwt.id]
    const first = new Map<string, number>()
    for (const id of ids) first.set(id, (await core.accounts.get(id)).accessTokenExpiresAt ?? 0)

    // Each sleep of the loop waits until the refreshes it started are done, then checks that no
    // token came closer than a minute to its expiry.
    let closest = Infinity
    const expiries = new Map<string, Set<number>>(ids.map((id) => [id, new Set<number>()]))
    onSleep = async () => {
      await until(() => outstanding === 0, 'the refreshes of this check')
      for (const account of await core.accounts.list()) {
        const expiresAt = account.accessTokenExpiresAt ?? 0
        expiries.get(account.id)?.add(expiresAt)
        closest = Math.min(closest, expiresAt - clock.now())
      }
    }
    const sleepsBefore = clock.sleeps.length
    const start = clock.now()
    scheduler.start()
    await until(() => clock.now() - start >= 2 * hour, 'two hours of checks', 15_000)
    await scheduler.stop()

    expect(closest).toBeGreaterThan(minute)
    for (const id of ids) {
      const account = await core.accounts.get(id)
      expect(account.status).toBe('active')
      expect(account.accessTokenExpiresAt).toBeGreaterThan(clock.now())
      expect(account.accessTokenExpiresAt).toBeGreaterThan(first.get(id) ?? Infinity)
      // About every 12 minutes (3 min ahead of a 15-min token) for two hours.
      expect(expiries.get(id)?.size).toBeGreaterThanOrEqual(9)
      expect(expiries.get(id)?.size).toBeLessThanOrEqual(12)
    }
    // The token in the vault is the one the sandbox considers current.
    const tokens = await storedTokens(device.id)
    expect(sandbox.inspectToken(tokens.accessToken)?.status).toBe('active')
    expect(sandbox.inspectToken(tokens.refreshToken ?? '')?.status).toBe('active')
    expect(notifier.notifications).toEqual([])
    expect(new Set(clock.sleeps.slice(sleepsBefore))).toEqual(new Set([30_000]))
  })
})
