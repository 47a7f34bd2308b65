/**
 * A refresh against the real account list (vault/metadata), which keeps briefs and takes patches:
 * the refresh reads its account's brief, not its record, and journals only what it changed, in
 * success and in failure alike.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountRepository } from '../../../../src/main/core/accounts/account'
import { tokensKey } from '../../../../src/main/core/accounts/account-service'
import { MemorySecretVault } from '../../../../src/main/core/accounts/memory-vault'
import type { AuthCore } from '../../../../src/main/core/create-core'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { vaultService } from '../../../../src/main/core/profile-service'
import type { MetadataStore } from '../../../../src/main/core/vault/metadata'
import { openMetadataStore } from '../../../../src/main/core/vault/metadata'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { rejectionOf } from '../../../support/errors'
import { addSandboxDeviceProfile, signInWithSandboxDevice } from '../../../support/sandbox-profiles'
import { newStoreDir } from '../../../support/store-dirs'
import type { TestClock } from '../../../support/test-clock'
import { createTestClock } from '../../../support/test-clock'

let sandbox: Sandbox
let core: AuthCore
let store: MetadataStore
let vault: MemorySecretVault
let dir: string
let clock: TestClock
/** Whole records read from the account list since the count was last reset. */
let recordReads = 0

beforeEach(async () => {
  sandbox = await startSandbox({ frozenClock: true })
  dir = newStoreDir('account-refresh-patch')
  store = (await openMetadataStore({ dir })).store
  const accounts: AccountRepository = store.accounts
  const readRecord = accounts.get.bind(accounts)
  accounts.get = (id) => {
    recordReads += 1
    return readRecord(id)
  }
  vault = new MemorySecretVault()
  clock = createTestClock({ start: sandbox.clock.now(), follower: sandbox.clock })
  core = createAuthCore({
    vault,
    accounts,
    profiles: store.profiles,
    browser: { open: async () => {} },
    clock,
    fetch: (input, init) => fetch(input, init),
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
})

afterEach(async () => {
  await store.close()
  await sandbox.stop()
})

async function signedIn(): Promise<string> {
  const profile = await addSandboxDeviceProfile(core, sandbox)
  return (await signInWithSandboxDevice(core, sandbox, profile.id)).id
}

function lastJournalChange(): Record<string, unknown> {
  const lines = readFileSync(join(dir, 'metadata.journal'), 'utf8').split('\n').slice(1, -1)
  const entry = JSON.parse(lines.at(-1) ?? '{}') as { changes?: Record<string, unknown>[] }
  return entry.changes?.[0] ?? {}
}

describe('a refresh on the account list', () => {
  it('reads no record and journals a patch; the answer and the stored account agree', async () => {
    const id = await signedIn()
    const before = await core.accounts.get(id)
    recordReads = 0
    clock.advance(60_000)

    const brief = await core.accounts.refreshBrief(id)
    expect(recordReads).toBe(0)
    const change = lastJournalChange()
    expect(change).toMatchObject({ patch: 'accounts', id })
    expect(Object.keys(change.fields as object).sort()).toEqual(
      [
        'accessTokenExpiresAt',
        'lastRefresh',
        'refreshTokenExpiresAt',
        'status',
        'tokenHint',
        'updatedAt',
      ].sort(),
    )

    const stored = await core.accounts.get(id)
    expect(stored).toEqual({ ...before, ...(change.fields as object) })
    expect(brief.accessTokenExpiresAt).toBe(stored.accessTokenExpiresAt)
    expect(stored.lastRefresh).toMatchObject({ ok: true })
    expect(stored.user).toEqual(before.user)
    expect(stored.workspaces).toEqual(before.workspaces)
    // The new pair is in the vault, and the hint is of its access token.
    const tokens = JSON.parse((await vault.getPassword(vaultService, tokensKey(id))) ?? '{}') as {
      accessToken: string
    }
    expect(stored.tokenHint.slice(-4)).toBe(tokens.accessToken.slice(-4))

    // `refresh` answers with the whole account, as stored.
    clock.advance(60_000)
    const whole = await core.accounts.refresh(id)
    expect(whole).toEqual(await core.accounts.get(id))
    expect(whole.updatedAt).toBeGreaterThan(stored.updatedAt)
  })

  it('records a dead refresh token as a patch too, and marks the account', async () => {
    const id = await signedIn()
    const tokens = JSON.parse((await vault.getPassword(vaultService, tokensKey(id))) ?? '{}') as {
      refreshToken: string
    }
    sandbox.revokeRefreshToken(tokens.refreshToken)
    recordReads = 0

    const error = await rejectionOf(core.accounts.refreshBrief(id))
    expect(error.code).toBe('REFRESH_TOKEN_DEAD')
    expect(recordReads).toBe(0)
    expect(lastJournalChange()).toMatchObject({
      patch: 'accounts',
      id,
      fields: { status: 'needs-sign-in', lastRefresh: { ok: false, code: 'REFRESH_TOKEN_DEAD' } },
    })
    const stored = await core.accounts.get(id)
    expect(stored.status).toBe('needs-sign-in')
    expect(stored.workspaces.length).toBeGreaterThan(0)
  })
})
