import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError, toErrorPayload } from '../../../src/main/core/errors'
import type { StoredAccount } from '../../../src/main/core/accounts/account'
import type { AppProfile } from '../../../src/main/core/profiles'
import { parseOAuthConfigFile, validateProfile } from '../../../src/main/core/profiles'
import { requestValidators } from '../../../src/main/core/rpc/request-validators'
import { openMetadataStore } from '../../../src/main/core/vault/metadata'
import type { ErrorPayload } from '../../../src/shared/errors'
import { limits } from '../../../src/shared/schemas'
import { rejectionOf } from '../../support/errors'
import { newStoreDir } from '../../support/store-dirs'
import { sampleAccount, sampleAccountId } from './vault/fixtures/metadata-samples'

/** What each of the four former places says about one profile; undefined where it passes. */
async function verdicts(fields: {
  name: string
  clientId: string
}): Promise<Record<'ipc' | 'configFile' | 'profileCheck' | 'store', ErrorPayload | undefined>> {
  const profile = {
    name: fields.name,
    region: 'com',
    clientType: 'pkce',
    clientId: fields.clientId,
    redirectUri: 'http://127.0.0.1:8080/callback',
  } as const
  const payloadOf = async (attempt: () => unknown): Promise<ErrorPayload | undefined> => {
    try {
      await attempt()
      return undefined
    } catch (error) {
      expect(error).toBeInstanceOf(AppError)
      return toErrorPayload(error)
    }
  }
  const { store } = await openMetadataStore({
    dir: newStoreDir('schema-agreement'),
  })
  const configFile = JSON.stringify({
    client_type: profile.clientType,
    client_id: profile.clientId,
    name: profile.name,
    redirect_uri: profile.redirectUri,
  })
  return {
    ipc: await payloadOf(() => requestValidators.addProfile(profile)),
    configFile: await payloadOf(() => parseOAuthConfigFile(configFile)),
    profileCheck: await payloadOf(() => validateProfile(profile, {})),
    store: await payloadOf(() => store.profiles.put({ id: 'profile-1', ...profile })),
  }
}

describe('one schema: IPC, the config-file import, the profile check and the store agree', () => {
  it.each([
    ['a name one character too long', { name: 'n'.repeat(limits.name + 1) }, 'profile-name-length'],
    ['a client ID too long', { clientId: '1'.repeat(limits.identifier + 1) }, 'client-id-invalid'],
  ] as const)('refuse %s identically', async (_, change, reason) => {
    const all = await verdicts({ name: 'Desktop', clientId: '1234.app.coze', ...change })
    expect(all.ipc?.code).toBe('INVALID_ARGUMENT')
    expect(all.ipc?.params?.reason).toBe(reason)
    expect(all.configFile).toEqual(all.ipc)
    expect(all.profileCheck).toEqual(all.ipc)
    expect(all.store).toEqual(all.ipc)
  })

  it('accept the longest name and client ID alike', async () => {
    const all = await verdicts({
      // Characters, not UTF-16 units: an emoji counts once wherever the limit is checked.
      name: `${'n'.repeat(limits.name - 1)}🙂`,
      clientId: '1'.repeat(limits.identifier),
    })
    expect(all).toEqual({
      ipc: undefined,
      configFile: undefined,
      profileCheck: undefined,
      store: undefined,
    })
  })
})

describe('a metadata file written before the limits were one', () => {
  // Written by the previous version's own store: a profile imported from a coze_oauth_config.json
  // whose name (305 characters) that version did not limit, and an account labelled with a long
  // nickname (the store allowed 1,024 characters).
  const fixture = join(import.meta.dirname, 'vault/fixtures/metadata-v2-long-names.json')

  it('opens with every profile, the over-long name cut to the limit', async () => {
    const written = JSON.parse(readFileSync(fixture, 'utf8')) as {
      accounts: Record<string, StoredAccount>
      profiles: Record<string, AppProfile>
    }
    const longName = written.profiles['profile-long-name']?.name ?? ''
    expect(longName.length).toBeGreaterThan(limits.name)
    const [account] = Object.values(written.accounts)
    expect(account?.label.length).toBeGreaterThan(limits.name)

    const dir = newStoreDir('schema-legacy-name')
    mkdirSync(dir, { recursive: true })
    copyFileSync(fixture, join(dir, 'metadata.json'))
    const { store, recovery } = await openMetadataStore({ dir })
    // A version 2 file: upgraded (to the snapshot and journal), nothing to repair.
    expect(recovery).toEqual({ quarantined: [], migratedFrom: 2 })
    expect(await store.profiles.get('profile-long-name')).toEqual({
      ...written.profiles['profile-long-name'],
      name: longName.slice(0, limits.name),
    })
    expect(await store.profiles.get('profile-short-name')).toEqual(
      written.profiles['profile-short-name'],
    )
    expect(store.getSettings().clipboardClearSeconds).toBe(45)
    expect(await store.accounts.list()).toEqual([
      { ...account, label: account?.label.slice(0, limits.name) },
    ])

    // The cut name is what the next write keeps, and the file then reopens as it is.
    await store.updateSettings({ clipboardClearSeconds: 30 })
    const reopened = await openMetadataStore({ dir })
    expect(reopened.recovery).toEqual({ quarantined: [] })
    expect((await reopened.store.profiles.get('profile-long-name'))?.name).toBe(
      longName.slice(0, limits.name),
    )
  })
})

describe("one limit for an account's label", () => {
  const label = 'l'.repeat(limits.name + 1)

  it('is the one IPC and the store hold it to', async () => {
    const ipc = (raw: unknown): string | undefined => {
      try {
        requestValidators.renameAccount(raw)
        return undefined
      } catch (error) {
        return toErrorPayload(error).params?.reason as string
      }
    }
    expect(ipc({ accountId: 'a1', label })).toBe('label-length')
    expect(ipc({ accountId: 'a1', label: label.slice(1) })).toBeUndefined()

    const { store } = await openMetadataStore({
      dir: newStoreDir('schema-account-label'),
    })
    const error = await rejectionOf(store.accounts.put(sampleAccount(1, { label })))
    expect(error.code).toBe('INVALID_ARGUMENT')
    await store.accounts.put(sampleAccount(1, { label: label.slice(1) }))
    expect((await store.accounts.get(sampleAccountId(1)))?.label).toBe(label.slice(1))
  })
})
