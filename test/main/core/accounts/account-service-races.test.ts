import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tokensKey } from '../../../../src/main/core/accounts/account-service'
import { MemorySecretVault } from '../../../../src/main/core/accounts/memory-vault'
import { MemoryAccountRepository, MemoryProfileRepository } from '../../../support/memory-stores'
import type { AuthCore } from '../../../../src/main/core/create-core'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { systemClock } from '../../../../src/main/core/ports'
import { vaultService } from '../../../../src/main/core/profile-service'
import type { Sandbox } from '../../../sandbox'
import { completeConsent, httpRequest, startSandbox } from '../../../sandbox'
import { rejectionOf } from '../../../support/errors'
import { freePort } from '../../../support/net'
import { RecordingBrowser } from '../../../support/recording-browser'

let sandbox: Sandbox
let core: AuthCore
let vault: MemorySecretVault
let accounts: MemoryAccountRepository
let browser: RecordingBrowser
let approveAs: string | undefined

beforeEach(async () => {
  sandbox = await startSandbox()
  vault = new MemorySecretVault()
  accounts = new MemoryAccountRepository()
  approveAs = undefined
  browser = new RecordingBrowser({
    onOpen: async (url) => {
      if (url.includes('/oauth/device-activation')) return
      const outcome = await completeConsent(url, approveAs ? { userId: approveAs } : {})
      await httpRequest(outcome.redirectedTo)
    },
  })
  core = createAuthCore({
    vault,
    accounts,
    profiles: new MemoryProfileRepository(),
    browser,
    clock: systemClock,
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
})

afterEach(() => sandbox.stop())

async function browserProfile(
  kind: 'pkce' | 'web',
  region: 'com' | 'cn' = 'com',
  withSecret = true,
): Promise<string> {
  const app = sandbox.regions[region].apps[kind]
  const redirectUri = `http://127.0.0.1:${await freePort()}/callback`
  sandbox.registerRedirectUri(region, app.clientId, redirectUri)
  const profile = await core.profiles.add(
    { name: kind, region: 'com', clientType: kind, clientId: app.clientId, redirectUri },
    kind === 'web' && withSecret ? { clientSecret: app.clientSecret ?? '' } : {},
  )
  return profile.id
}

describe('AccountService with browser sign-in', () => {
  it('signs in through PKCE end to end and refreshes without any Authorization header', async () => {
    const account = await core.accounts.signIn(await browserProfile('pkce'))
    expect(account).toMatchObject({
      method: 'pkce',
      user: { userName: 'alice' },
      workspacesKnown: true,
    })
    await core.accounts.refresh(account.id)
    const refresh = sandbox.requests.filter((r) => r.path === '/api/permission/oauth2/token').at(-1)
    expect(refresh?.authorization).toBeNull()
    expect(refresh?.bodyKeys.sort()).toEqual(['client_id', 'grant_type', 'refresh_token'])
  })

  it('signs in a web app with its secret and refreshes with the secret as Bearer only', async () => {
    const account = await core.accounts.signIn(await browserProfile('web'))
    await core.accounts.refresh(account.id)
    const refresh = sandbox.requests.filter((r) => r.path === '/api/permission/oauth2/token').at(-1)
    expect(refresh?.authorization?.scheme).toBe('Bearer')
    expect(refresh?.bodyKeys).not.toContain('client_secret')
  })

  it('refuses a web profile whose secret is missing instead of quietly using PKCE', async () => {
    const profileId = await browserProfile('web')
    await vault.deletePassword(vaultService, `profile:${profileId}:client-secret`)
    const error = await rejectionOf(core.accounts.signIn(profileId))
    expect(error.message).toContain('client secret is missing')
    expect(browser.urls).toEqual([])
    expect(await accounts.list()).toEqual([])
  })

  it.each(['pkce', 'web'] as const)(
    'says before opening the browser when a %s app belongs to the other region',
    async (kind) => {
      const app = sandbox.regions.cn.apps[kind]
      const profile = await core.profiles.add(
        {
          name: 'cn app',
          region: 'com',
          clientType: kind,
          clientId: app.clientId,
          redirectUri: app.redirectUris[0] ?? '',
        },
        kind === 'web' ? { clientSecret: app.clientSecret ?? '' } : {},
      )
      const error = await rejectionOf(core.accounts.signIn(profile.id))
      expect(error.code).toBe('WRONG_REGION')
      expect(error.params).toMatchObject({ actualRegion: 'cn', chosenRegion: 'com' })
      expect(browser.urls).toEqual([])
    },
  )

  it('keeps two people apart when their user could not be read', async () => {
    const profileId = await browserProfile('pkce')
    sandbox.faults.next('com', { kind: 'http500', path: '/v1/', count: Infinity })
    const alice = await core.accounts.signIn(profileId)
    approveAs = sandbox.regions.com.users[1]?.userId
    const bob = await core.accounts.signIn(profileId)
    expect(bob.id).not.toBe(alice.id)
    expect(await core.accounts.list()).toHaveLength(2)
    sandbox.faults.clear()
  })
})

describe('AccountService under concurrency', () => {
  it('a removal during a refresh wins: the account and its tokens stay gone', async () => {
    const account = await core.accounts.signIn(await browserProfile('pkce'))
    sandbox.faults.next('com', { kind: 'latency', ms: 300, path: '/api/permission/oauth2/token' })
    const refreshing = core.accounts.refresh(account.id)
    const removing = core.accounts.remove(account.id)
    await refreshing
    await removing
    expect(await core.accounts.list()).toEqual([])
    await core.accounts.finishPendingRemovals()
    expect(await vault.getPassword(vaultService, tokensKey(account.id))).toBeNull()
  })

  it('a rename during a refresh is kept', async () => {
    const account = await core.accounts.signIn(await browserProfile('pkce'))
    sandbox.faults.next('com', { kind: 'latency', ms: 300, path: '/api/permission/oauth2/token' })
    const refreshing = core.accounts.refresh(account.id)
    await core.accounts.rename(account.id, 'Renamed meanwhile')
    await refreshing
    expect((await core.accounts.get(account.id)).label).toBe('Renamed meanwhile')
  })

  it('a copy during a passing outage still hands out the current, valid token', async () => {
    const account = await core.accounts.signIn(await browserProfile('pkce'))
    const current = await core.accounts.freshAccessToken(account.id)
    // Inside the freshness margin, a refresh is attempted first; the outage makes it fail.
    const soon = {
      ...(await core.accounts.get(account.id)),
      accessTokenExpiresAt: Date.now() + 60_000,
    }
    await accounts.put(soon)
    sandbox.faults.next('com', { kind: 'drop', path: '/api/permission/oauth2/token' })
    expect(await core.accounts.freshAccessToken(account.id)).toBe(current)
  })
})
