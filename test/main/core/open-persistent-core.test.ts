import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPersistentCore } from '../../../src/main/core/open-persistent-core'
import type { Sandbox } from '../../sandbox'
import { startSandbox } from '../../sandbox'
import { AesGcmEncryptor } from '../../support/aes-encryptor'
import { newStoreDir } from '../../support/store-dirs'
import { sandboxRegions } from '../../support/core-harness'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(() => sandbox.stop())

function open(dataDir: string, key: Buffer): ReturnType<typeof openPersistentCore> {
  return openPersistentCore({
    dataDir,
    encryptor: new AesGcmEncryptor(key),
    defaultSecretStorage: 'safe-storage',
    browser: { open: async () => {} },
    regions: sandboxRegions(sandbox),
  })
}

describe('openPersistentCore', () => {
  it('with the chosen storage out of reach (a locked keyring), marks no account and loses no token', async () => {
    const dataDir = newStoreDir('persistent-core-locked')
    const key = randomBytes(32)
    const first = await open(dataDir, key)
    const account = await first.core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    await first.store.close()

    // No safeStorage, and a keychain whose unlock prompt was dismissed: memory stands in.
    const locked = await openPersistentCore({
      dataDir,
      defaultSecretStorage: 'safe-storage',
      browser: { open: async () => {} },
      regions: sandboxRegions(sandbox),
      keychain: {
        keyring: {
          createEntry: () => ({
            getPassword: () => Promise.reject(new Error('unlock prompt was dismissed')),
            setPassword: () => Promise.reject(new Error('unlock prompt was dismissed')),
            deletePassword: () => Promise.reject(new Error('unlock prompt was dismissed')),
          }),
          findCredentials: () => Promise.reject(new Error('unlock prompt was dismissed')),
        },
      },
    })
    expect(locked.report.secrets).toMatchObject({ kind: 'memory', persisted: false })
    expect(locked.report.accountsNeedingSignIn).toEqual([])
    const refusal = await locked.core.accounts
      .freshAccessToken(account.id)
      .catch((error: unknown) => error)
    // The first storage tried (and chosen) is what is out of reach: its code, not "not found".
    expect(refusal).toMatchObject({ code: 'SAFE_STORAGE_UNAVAILABLE' })
    expect((await locked.core.accounts.get(account.id)).status).toBe('active')
    await locked.store.close()

    // The storage is back: the account and its token are as they were.
    const back = await open(dataDir, key)
    expect(back.report.accountsNeedingSignIn).toEqual([])
    expect(await back.core.accounts.freshAccessToken(account.id)).toBe(sandbox.regions.com.pat)
  })

  it('keeps accounts and tokens across a restart, encrypted on disk', async () => {
    const dataDir = newStoreDir('persistent-core')
    const key = randomBytes(32)
    const first = await open(dataDir, key)
    expect(first.report.secrets).toMatchObject({
      kind: 'safe-storage',
      persisted: true,
      encrypted: true,
    })
    const account = await first.core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    const second = await open(dataDir, key)
    expect((await second.core.accounts.list()).map((a) => a.id)).toEqual([account.id])
    expect(await second.core.accounts.freshAccessToken(account.id)).toBe(sandbox.regions.com.pat)
    expect(second.report.accountsNeedingSignIn).toEqual([])
  })

  it('marks accounts whose secrets no longer decrypt (the OS key changed) "needs sign-in", keeping them', async () => {
    const dataDir = newStoreDir('persistent-core-key-change')
    const first = await open(dataDir, randomBytes(32))
    const account = await first.core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    const afterKeyChange = await open(dataDir, randomBytes(32))
    expect(afterKeyChange.report.accountsNeedingSignIn).toEqual([account.id])
    const kept = await afterKeyChange.core.accounts.get(account.id)
    expect(kept.status).toBe('needs-sign-in')
    await expect(afterKeyChange.core.accounts.freshAccessToken(account.id)).rejects.toMatchObject({
      code: 'SECRET_UNREADABLE',
    })
  })

  it('starts with what it can recover from a corrupted account list, and says so', async () => {
    const dataDir = newStoreDir('persistent-core-corrupt')
    const key = randomBytes(32)
    const first = await open(dataDir, key)
    await first.core.accounts.addPastedToken({ region: 'com', token: sandbox.regions.com.pat })
    // A clean open refreshes the backup; then the live file is damaged.
    await open(dataDir, key)
    writeFileSync(join(dataDir, 'metadata.json'), '{"schemaVersion": 2, "accounts": {')
    const recovered = await open(dataDir, key)
    expect(recovered.report.recovery).toMatchObject({ restoredFromBackup: true })
    expect(recovered.report.recovery?.movedAside).toContain('metadata.corrupt-')
    expect(await recovered.core.accounts.list()).toHaveLength(1)
  })
})
