import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tokensKey } from '../../../../src/main/core/accounts/account-service'
import { MemorySecretVault } from '../../../../src/main/core/accounts/memory-vault'
import { MemoryAccountRepository, MemoryProfileRepository } from '../../../support/memory-stores'
import type { AuthCore } from '../../../../src/main/core/create-core'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { vaultService } from '../../../../src/main/core/profile-service'
import { limits } from '../../../../src/shared/schemas'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import type { TestClock } from '../../../support/test-clock'
import { createTestClock } from '../../../support/test-clock'
import { addSandboxJwtProfile } from '../../../support/sandbox-profiles'
import { rejectionOf } from '../../../support/errors'
import { sandboxRegions } from '../../../support/core-harness'

let sandbox: Sandbox
let core: AuthCore
let vault: MemorySecretVault
let accounts: MemoryAccountRepository
let clock: TestClock
const opened: string[] = []
let changes = 0

beforeEach(async () => {
  sandbox = await startSandbox({ frozenClock: true })
  vault = new MemorySecretVault()
  accounts = new MemoryAccountRepository()
  clock = createTestClock({ start: sandbox.clock.now(), follower: sandbox.clock })
  opened.length = 0
  core = createAuthCore({
    vault,
    accounts,
    profiles: new MemoryProfileRepository(),
    browser: { open: async (url) => void opened.push(url) },
    clock,
    fetch: (input, init) => fetch(input, init),
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
  changes = 0
  core.events.subscribe(() => (changes += 1))
})

afterEach(() => sandbox.stop())

async function addDeviceProfile(region: 'com' | 'cn' = 'com'): Promise<string> {
  const app = sandbox.regions[region].apps.device
  const profile = await core.profiles.add(
    { name: 'Device', region, clientType: 'device', clientId: app.clientId },
    {},
  )
  return profile.id
}

async function signInWithDevice(
  profileId: string,
): Promise<Awaited<ReturnType<AuthCore['accounts']['signIn']>>> {
  return core.accounts.signIn(profileId, {
    onProgress: (progress) => {
      if (progress.stage === 'code-ready') sandbox.approveDevice(progress.userCode)
    },
  })
}

describe('AccountService', () => {
  it('signs in with a device code and keeps who and where, tokens only in the vault', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    expect(account).toMatchObject({
      label: 'Alice Example (coze.com)',
      region: 'com',
      method: 'device',
      status: 'active',
      user: { userName: 'alice' },
      workspacesKnown: true,
    })
    expect(account.workspaces).toHaveLength(65)
    expect(account.accessTokenExpiresAt).toBe(
      Math.floor(clock.now() / 1000) * 1000 + 15 * 60 * 1000,
    )
    const tokens = JSON.parse(
      (await vault.getPassword(vaultService, tokensKey(account.id))) ?? '{}',
    )
    expect(tokens.accessToken).toMatch(/^czu_/)
    expect(tokens.refreshToken).toMatch(/\S/)
    const metadata = JSON.stringify(await accounts.list())
    expect(metadata).not.toContain(tokens.accessToken)
    expect(metadata).not.toContain(tokens.refreshToken)
    expect(account.tokenHint).toBe(`czu_…${tokens.accessToken.slice(-4)}`)
    expect(account.user?.avatarUrl).toMatch(/\S/)
    // The remote address stays in main: the window gets the picture as a data: URL (AvatarCache).
    expect(core.accounts.summarise(account).avatarUrl).toBeUndefined()
    expect(opened[0]).toContain('user_code=')
    expect(changes).toBeGreaterThan(0)
  })

  it('signs in again as the same person into the same account, not a second one', async () => {
    const profileId = await addDeviceProfile()
    const first = await signInWithDevice(profileId)
    const second = await signInWithDevice(profileId)
    expect(second.id).toBe(first.id)
    expect(await core.accounts.list()).toHaveLength(1)
  })

  it('refreshes with rotation; concurrent refreshes make one request (single flight)', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    const before = JSON.parse(
      (await vault.getPassword(vaultService, tokensKey(account.id))) ?? '{}',
    )
    clock.advance(10 * 60 * 1000)
    const tokenRequestsBefore = sandbox.requests.filter(
      (r) => r.path === '/api/permission/oauth2/token',
    ).length
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => core.accounts.refresh(account.id)))
    const tokenRequests = sandbox.requests.filter(
      (r) => r.path === '/api/permission/oauth2/token',
    ).length
    expect(tokenRequests - tokenRequestsBefore).toBe(1)
    expect(new Set(results.map((r) => r.accessTokenExpiresAt)).size).toBe(1)
    const after = JSON.parse((await vault.getPassword(vaultService, tokensKey(account.id))) ?? '{}')
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(results[0]?.accessTokenExpiresAt).toBeGreaterThan(account.accessTokenExpiresAt ?? 0)
    expect(results[0]?.lastRefresh).toMatchObject({ ok: true })
    expect(results[0]?.lastRefresh?.logId).toMatch(/\S/)
  })

  it('runs only the network exchange inside the throttle: storing the new tokens holds no slot', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    clock.advance(10 * 60 * 1000)
    // The vault holds its write until told, as a slow disk would.
    let releaseWrite: () => void = () => undefined
    const writeHeld = new Promise<void>((resolve) => (releaseWrite = resolve))
    const setPassword = vault.setPassword.bind(vault)
    vault.setPassword = async (...args) => {
      await writeHeld
      return setPassword(...args)
    }
    const events: string[] = []
    let slotGivenBack: () => void = () => undefined
    const slotBack = new Promise<void>((resolve) => (slotGivenBack = resolve))
    const refreshed = core.accounts.refresh(account.id, {
      throttle: async (exchange) => {
        events.push('slot taken')
        try {
          return await exchange()
        } finally {
          events.push('slot given back')
          slotGivenBack()
        }
      },
    })
    let settled = false
    void refreshed.then(() => (settled = true))
    // The slot comes back while the write is still held (were it held until the write ends, this
    // would wait for ever and the test time out)…
    await slotBack
    expect(events).toEqual(['slot taken', 'slot given back'])
    // …and the refresh itself is not done before its tokens are stored.
    expect(settled).toBe(false)
    releaseWrite()
    await expect(refreshed).resolves.toMatchObject({ status: 'active' })
  })

  it('records nothing when the throttle refuses before the exchange starts', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    const before = await core.accounts.get(account.id)
    const refusal = new Error('stopping')
    await expect(
      core.accounts.refresh(account.id, { throttle: () => Promise.reject(refusal) }),
    ).rejects.toBe(refusal)
    expect(await core.accounts.get(account.id)).toEqual(before)
  })

  it('marks an account whose refresh token was revoked "needs sign-in" and deletes nothing', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    const tokens = JSON.parse(
      (await vault.getPassword(vaultService, tokensKey(account.id))) ?? '{}',
    )
    sandbox.revokeRefreshToken(tokens.refreshToken)
    const error = await rejectionOf(core.accounts.refresh(account.id))
    expect(error.code).toBe('REFRESH_TOKEN_DEAD')
    const stored = await core.accounts.get(account.id)
    expect(stored.status).toBe('needs-sign-in')
    expect(stored.lastRefresh).toMatchObject({ ok: false, code: 'REFRESH_TOKEN_DEAD' })
    expect(stored.lastRefresh?.logId).toMatch(/\S/)
    expect(core.accounts.summarise(stored).status).toBe('needs-sign-in')
    expect(await vault.getPassword(vaultService, tokensKey(account.id))).not.toBeNull()
  })

  it('keeps the status after a passing network failure and refreshes later', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    sandbox.faults.next('com', { kind: 'drop', path: '/api/permission/oauth2/token' })
    expect((await rejectionOf(core.accounts.refresh(account.id))).code).toBe('NETWORK')
    expect((await core.accounts.get(account.id)).status).toBe('active')
    await expect(core.accounts.refresh(account.id)).resolves.toMatchObject({ status: 'active' })
  })

  it('hands out a fresh token for copying, refreshing first when it is about to expire', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    const first = await core.accounts.freshAccessToken(account.id)
    expect(first).toMatch(/^czu_/)
    clock.advance(14 * 60 * 1000)
    const second = await core.accounts.freshAccessToken(account.id)
    expect(second).not.toBe(first)
    const response = await fetch(`${sandbox.regions.com.apiBase}/v1/users/me`, {
      headers: { authorization: `Bearer ${second}` },
    })
    expect(response.status).toBe(200)
  })

  it('adds a pasted PAT with the expiry the user gives, and refuses to refresh it', async () => {
    const expiresAt = clock.now() + 7 * 24 * 60 * 60 * 1000
    const account = await core.accounts.addPastedToken({
      region: 'cn',
      token: sandbox.regions.cn.pat,
      expiresAt,
    })
    expect(account).toMatchObject({
      method: 'pat',
      region: 'cn',
      accessTokenExpiresAt: expiresAt,
      user: { nickName: '张三' },
    })
    expect((await rejectionOf(core.accounts.refresh(account.id))).code).toBe('NOT_REFRESHABLE')
    const again = await core.accounts.addPastedToken({
      region: 'cn',
      token: ` ${sandbox.regions.cn.pat} `,
    })
    expect(again.id).toBe(account.id)
  })

  it('refuses a pasted token for the wrong region and stores nothing', async () => {
    const error = await rejectionOf(
      core.accounts.addPastedToken({ region: 'com', token: sandbox.regions.cn.sat }),
    )
    expect(error.code).toBe('WRONG_REGION')
    expect(await core.accounts.list()).toEqual([])
    expect(await vault.findCredentials(vaultService)).toEqual([])
  })

  it('makes up a label that keeps to the one limit, the region still on it', async () => {
    const name = 'S'.repeat(limits.name)
    const profile = await addSandboxJwtProfile(core, sandbox, 'com', { name })
    const account = await core.accounts.signIn(profile.id)
    expect(account.label).toBe(`${name.slice(0, limits.name - ' (coze.com)'.length)} (coze.com)`)
  })

  it('signs in a service app with JWT and "refreshes" by minting a new token', async () => {
    const profile = await addSandboxJwtProfile(core, sandbox, 'com', { name: 'Service' })
    const account = await core.accounts.signIn(profile.id)
    expect(account).toMatchObject({ method: 'jwt', label: 'Service (coze.com)', status: 'active' })
    expect(account.user).toBeUndefined()
    const before = await core.accounts.freshAccessToken(account.id)
    expect(before).toMatch(/^czs_/)
    const refreshed = await core.accounts.refresh(account.id)
    const after = await core.accounts.freshAccessToken(refreshed.id)
    expect(after).toMatch(/^czs_/)
    expect(after).not.toBe(before)
  })

  it('says when a JWT app belongs to the other region', async () => {
    const profile = await addSandboxJwtProfile(core, sandbox, 'cn', {
      name: 'CN service',
      as: 'com',
    })
    const error = await rejectionOf(core.accounts.signIn(profile.id))
    expect(error.code).toBe('WRONG_REGION')
    expect(error.params).toMatchObject({ actualRegion: 'cn' })
    const account = await core.accounts.signIn(profile.id, { region: 'cn' })
    expect(account.region).toBe('cn')
  })

  it('says when a device app belongs to the other region', async () => {
    const app = sandbox.regions.cn.apps.device
    const profile = await core.profiles.add(
      { name: 'D', region: 'com', clientType: 'device', clientId: app.clientId },
      {},
    )
    const error = await rejectionOf(core.accounts.signIn(profile.id))
    expect(error.code).toBe('WRONG_REGION')
  })

  it('renames and removes an account, deleting its tokens', async () => {
    const account = await core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    await expect(core.accounts.rename(account.id, '  Work  ')).resolves.toMatchObject({
      label: 'Work',
    })
    expect((await rejectionOf(core.accounts.rename(account.id, '  '))).code).toBe(
      'INVALID_ARGUMENT',
    )
    await core.accounts.remove(account.id)
    expect(await core.accounts.list()).toEqual([])
    // Gone from the list at once; its tokens wait for the undo time (here: the stop).
    await core.accounts.finishPendingRemovals()
    expect(await vault.findCredentials(vaultService)).toEqual([])
    expect(await accounts.list()).toEqual([])
    expect((await rejectionOf(core.accounts.remove(account.id))).code).toBe('NOT_FOUND')
  })

  it("keeps each sign-in and refresh in the account's Activity: status, log ID, duration, no secret", async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    const tokenPath = '/api/permission/oauth2/token'
    await core.accounts.refresh(account.id)
    sandbox.faults.next('com', { kind: 'drop', path: tokenPath })
    await rejectionOf(core.accounts.refresh(account.id))
    sandbox.faults.next('com', { kind: 'http500', path: tokenPath })
    await rejectionOf(core.accounts.refresh(account.id))

    const activity = await core.accounts.activity(account.id)
    expect(activity.map((entry) => [entry.action, entry.ok, entry.code])).toEqual([
      ['refresh', false, 'SERVER_ERROR'],
      ['refresh', false, 'NETWORK'],
      ['refresh', true, undefined],
      ['sign-in', true, undefined],
    ])
    const [serverError, dropped, refreshed, signedIn] = activity
    const answered = sandbox.requests.filter((request) => request.path === tokenPath)
    // The status and log ID are those of Coze's answers, as the sandbox sent them.
    expect(serverError?.status).toBe(500)
    expect(serverError?.logId).toBe(answered.at(-1)?.logId)
    expect(dropped?.status).toBeUndefined()
    expect(dropped?.logId).toBeUndefined()
    expect(refreshed).toMatchObject({ status: 200, logId: answered.at(-3)?.logId })
    expect(signedIn).toMatchObject({ status: 200 })
    for (const entry of activity) {
      expect(entry.durationMs).toBeGreaterThanOrEqual(0)
      expect(entry.at).toBe(clock.now())
    }
    // Nothing of the tokens.
    const stored = JSON.parse(
      (await vault.getPassword(vaultService, tokensKey(account.id))) ?? '{}',
    )
    const text = JSON.stringify(activity)
    expect(text).not.toContain(stored.accessToken)
    expect(text).not.toContain(stored.refreshToken)
  })

  it('keeps the last 50 entries of an account, and none once it is removed', async () => {
    const account = await signInWithDevice(await addDeviceProfile())
    for (let i = 0; i < 55; i += 1) await core.accounts.refresh(account.id)
    const activity = await core.accounts.activity(account.id)
    expect(activity).toHaveLength(50)
    expect(activity.every((entry) => entry.action === 'refresh')).toBe(true)
    await core.accounts.remove(account.id)
    expect((await rejectionOf(core.accounts.activity(account.id))).code).toBe('NOT_FOUND')
  })

  describe('removing with undo', () => {
    let undoable: AuthCore
    beforeEach(() => {
      undoable = createAuthCore({
        vault,
        accounts,
        profiles: new MemoryProfileRepository(),
        browser: { open: async () => {} },
        clock,
        regions: sandboxRegions(sandbox),
        removalUndoMs: 60_000,
      })
    })

    it('keeps the account and its tokens while Undo is offered, and brings both back', async () => {
      const account = await undoable.accounts.addPastedToken({
        region: 'com',
        token: sandbox.regions.com.pat,
      })
      const { undoUntil } = await undoable.accounts.remove(account.id)
      expect(undoUntil).toBe(clock.now() + 60_000)
      // Out of every listing the window, the tray and the refreshes see…
      expect(await undoable.accounts.list()).toEqual([])
      expect((await rejectionOf(undoable.accounts.get(account.id))).code).toBe('NOT_FOUND')
      expect((await rejectionOf(undoable.accounts.refresh(account.id))).code).toBe('NOT_FOUND')
      // …but nothing is deleted yet: a crash now leaves the account as it was.
      expect(await accounts.get(account.id)).toBeDefined()
      expect(await vault.getPassword(vaultService, tokensKey(account.id))).not.toBeNull()

      const restored = await undoable.accounts.undoRemove(account.id)
      expect(restored.id).toBe(account.id)
      expect((await undoable.accounts.list()).map((a) => a.id)).toEqual([account.id])
      expect(await undoable.accounts.freshAccessToken(account.id)).toBe(sandbox.regions.com.pat)
      // Undone, the stop deletes nothing.
      await undoable.accounts.finishPendingRemovals()
      expect(await vault.getPassword(vaultService, tokensKey(account.id))).not.toBeNull()
    })

    it('deletes the tokens and the record once the undo time has passed; no undo after that', async () => {
      const quick = createAuthCore({
        vault,
        accounts,
        profiles: new MemoryProfileRepository(),
        browser: { open: async () => {} },
        clock,
        regions: sandboxRegions(sandbox),
        removalUndoMs: 20,
      })
      const account = await quick.accounts.addPastedToken({
        region: 'com',
        token: sandbox.regions.com.pat,
      })
      await quick.accounts.remove(account.id)
      await expect
        .poll(async () => vault.getPassword(vaultService, tokensKey(account.id)))
        .toBeNull()
      await expect.poll(async () => accounts.get(account.id)).toBeUndefined()
      expect((await rejectionOf(quick.accounts.undoRemove(account.id))).code).toBe('NOT_FOUND')
    })

    it('an app that went down mid-undo starts with the account still there, tokens and all', async () => {
      const account = await undoable.accounts.addPastedToken({
        region: 'com',
        token: sandbox.regions.com.pat,
      })
      await undoable.accounts.remove(account.id)
      // A new process on the same stores, without the old one having stopped in order.
      const restarted = createAuthCore({
        vault,
        accounts,
        profiles: new MemoryProfileRepository(),
        browser: { open: async () => {} },
        clock,
        regions: sandboxRegions(sandbox),
      })
      expect((await restarted.accounts.list()).map((a) => a.id)).toEqual([account.id])
      expect(await restarted.accounts.freshAccessToken(account.id)).toBe(sandbox.regions.com.pat)
      await undoable.accounts.undoRemove(account.id)
    })

    it('signing the same token in again while its removal waits makes a new account', async () => {
      const account = await undoable.accounts.addPastedToken({
        region: 'com',
        token: sandbox.regions.com.pat,
      })
      await undoable.accounts.remove(account.id)
      const again = await undoable.accounts.addPastedToken({
        region: 'com',
        token: sandbox.regions.com.pat,
      })
      expect(again.id).not.toBe(account.id)
      await undoable.accounts.finishPendingRemovals()
      expect((await undoable.accounts.list()).map((a) => a.id)).toEqual([again.id])
      expect(await undoable.accounts.freshAccessToken(again.id)).toBe(sandbox.regions.com.pat)
    })
  })

  it('reads the workspaces again on demand', async () => {
    const account = await core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    const updated = await core.accounts.refreshIdentity(account.id)
    expect(updated.workspaces).toHaveLength(65)
  })

  it('marks accounts whose tokens vanished from the vault "needs sign-in" on reconcile, deleting nothing', async () => {
    const kept = await core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    const lost = await core.accounts.addPastedToken({ region: 'cn', token: sandbox.regions.cn.pat })
    await vault.deletePassword(vaultService, tokensKey(lost.id))
    expect(await core.accounts.reconcileSecrets()).toEqual([lost.id])
    expect((await core.accounts.get(lost.id)).status).toBe('needs-sign-in')
    expect((await core.accounts.get(kept.id)).status).toBe('active')
    expect(await core.accounts.list()).toHaveLength(2)
    expect(await core.accounts.reconcileSecrets()).toEqual([])
  })

  it("removes an account's tokens from every backend that may hold them", async () => {
    const other = new MemorySecretVault()
    const withOther = createAuthCore({
      vault,
      allVaults: [vault, other],
      accounts,
      profiles: new MemoryProfileRepository(),
      browser: { open: async () => {} },
      clock,
      regions: sandboxRegions(sandbox),
    })
    const account = await withOther.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    await other.setPassword(
      vaultService,
      tokensKey(account.id),
      '{"accessToken":"old-backend-copy"}',
    )
    await withOther.accounts.remove(account.id)
    await withOther.accounts.finishPendingRemovals()
    expect(await vault.findCredentials(vaultService)).toEqual([])
    expect(await other.findCredentials(vaultService)).toEqual([])
  })

  it('marks a JWT account "needs sign-in" when its app profile was removed, instead of retrying forever', async () => {
    const profile = await addSandboxJwtProfile(core, sandbox, 'com', { name: 'Service' })
    const account = await core.accounts.signIn(profile.id)
    await core.profiles.remove(profile.id)
    expect((await rejectionOf(core.accounts.refresh(account.id))).code).toBe('NOT_FOUND')
    expect((await core.accounts.get(account.id)).status).toBe('needs-sign-in')
  })
})
