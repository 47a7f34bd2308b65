import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StoredAccount } from '../../../../src/main/core/accounts/account'
import type { AppProfile } from '../../../../src/main/core/profiles'
import {
  assertNoSecrets,
  findSecrets,
  openMetadataStore,
  SecretInMetadataError,
} from '../../../../src/main/core/vault/metadata'
import { rejectionOf } from '../../../support/errors'
import { newStoreDir } from '../../../support/store-dirs'
import { sampleAccount, sampleProfile } from './fixtures/metadata-samples'

// Built at run time, so that no token shape sits in the source as a literal.
const body = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9'
const secrets: [string, string, string][] = [
  ['an OAuth user token', `czu_${body}`, 'token'],
  ['a service token', `czs_${body}`, 'token'],
  ['a personal access token', `pat_${body}`, 'token'],
  ['a service access token', `sat_${body}`, 'token'],
  ['a token inside a sentence', `copied: pat_${body}.`, 'token'],
  ['a token of exactly 16 characters', `pat_${body.slice(0, 16)}`, 'token'],
  [
    'a PEM private key',
    `-----BEGIN PRIVATE KEY-----\nMIIE${body}\n-----END PRIVATE KEY-----`,
    'pem',
  ],
  ['a PEM RSA key', '-----BEGIN RSA PRIVATE KEY-----', 'pem'],
  ['an address with a password', 'http://alice:s3cret@proxy.example:3128', 'url-password'],
]

async function freshStore(label: string): Promise<{
  dir: string
  store: Awaited<ReturnType<typeof openMetadataStore>>['store']
}> {
  const dir = newStoreDir(label)
  const { store } = await openMetadataStore({ dir })
  return { dir, store }
}

function filesContain(dir: string, text: string): string[] {
  return readdirSync(dir).filter((file) => readFileSync(join(dir, file), 'utf8').includes(text))
}

describe('the secret guard', () => {
  it.each(secrets)('refuses %s in an account, and writes nothing', async (_, secret, shape) => {
    const { dir, store } = await freshStore('metadata-guard-account')
    const error = await rejectionOf(store.accounts.put(sampleAccount(1, { label: secret })))
    expect(error).toBeInstanceOf(SecretInMetadataError)
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.params).toEqual({ field: 'label', shape })
    expect(error.message).not.toContain(secret)
    expect(await store.accounts.list()).toEqual([])
    expect(filesContain(dir, secret)).toEqual([])
  })

  it.each(secrets)('refuses %s deep inside an account', async (_, secret) => {
    const { store } = await freshStore('metadata-guard-nested')
    const account = sampleAccount(1)
    const workspace = account.workspaces[2]
    if (!workspace) throw new Error('no workspace')
    workspace.name = secret
    const error = await rejectionOf(store.accounts.put(account))
    expect(error.params?.field).toBe('workspaces/2/name')
  })

  it.each(['accessToken', 'refreshToken', 'access_token', 'RefreshToken', 'idToken'])(
    'refuses an account with a field named %s, whatever its value',
    async (field) => {
      const { store } = await freshStore('metadata-guard-field')
      const account = { ...sampleAccount(1), [field]: 'anything' } as StoredAccount
      const error = await rejectionOf(store.accounts.put(account))
      expect(error).toBeInstanceOf(SecretInMetadataError)
      expect(error.params).toEqual({ field, shape: 'secret-field' })
    },
  )

  it.each(['clientSecret', 'client_secret', 'privateKey', 'privateKeyPem', 'private_key'])(
    'refuses a profile with a field named %s',
    async (field) => {
      const { store } = await freshStore('metadata-guard-profile')
      const profile = { ...sampleProfile(1), [field]: 'anything' } as AppProfile
      const error = await rejectionOf(store.profiles.put(profile))
      expect(error.params).toEqual({ field, shape: 'secret-field' })
      expect(await store.profiles.list()).toEqual([])
    },
  )

  it('refuses a proxy address with a password, and a token in the settings', async () => {
    const { dir, store } = await freshStore('metadata-guard-settings')
    const proxy = 'http://alice:s3cret@proxy.example:3128'
    expect((await rejectionOf(store.updateSettings({ proxyUrl: proxy }))).params).toEqual({
      field: 'proxyUrl',
      shape: 'url-password',
    })
    expect(filesContain(dir, 's3cret')).toEqual([])
    expect(store.getSettings().proxyUrl).toBeUndefined()
  })

  it('lets metadata through that only resembles a secret', async () => {
    const { store } = await freshStore('metadata-guard-allowed')
    const account = sampleAccount(1, {
      // What tokenHint() makes of a token, and names that merely mention tokens.
      tokenHint: 'pat_…9xYz',
      label: 'compat_layer_for_old_clients and pat_short',
      lastRefresh: { at: 1, ok: false, message: 'The refresh token expired. Sign in again.' },
    })
    await store.accounts.put(account)
    await store.profiles.put(sampleProfile(1, { publicKeyId: 'kid-1', clientId: 'client-1' }))
    await store.updateSettings({ proxyUrl: 'http://alice@proxy.example:3128' })
    expect(await store.accounts.get(account.id)).toEqual(account)
  })

  it('finds every secret in a value, with its path and never its text', () => {
    const value = {
      label: `pat_${body}`,
      nested: { list: ['fine', `-----BEGIN CERTIFICATE-----`], clientSecret: 'x' },
      accessTokenExpiresAt: 5,
      tokenHint: 'czu_…abcd',
      emptyPassword: '',
    }
    expect(findSecrets(value)).toEqual([
      { path: 'label', shape: 'token' },
      { path: 'nested/list/1', shape: 'pem' },
      { path: 'nested/clientSecret', shape: 'secret-field' },
    ])
    expect(() => assertNoSecrets(value, 'the thing')).toThrow(SecretInMetadataError)
    expect(() => assertNoSecrets({ label: 'plain' }, 'the thing')).not.toThrow()
  })
})
