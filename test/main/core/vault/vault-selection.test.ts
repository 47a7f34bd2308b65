import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { MemorySecretVault } from '../../../../src/main/core/accounts/memory-vault'
import type { FileVaultProblem } from '../../../../src/main/core/vault/encrypted-file-vault'
import { EncryptedFileVault } from '../../../../src/main/core/vault/encrypted-file-vault'
import type { KeyringBinding } from '../../../../src/main/core/vault/keychain-vault'
import { KeychainVault } from '../../../../src/main/core/vault/keychain-vault'
import { PlaintextFileVault } from '../../../../src/main/core/vault/plaintext-file-vault'
import type { VaultSelectionOptions } from '../../../../src/main/core/vault/vault-selection'
import {
  memoryWarning,
  secretFilePaths,
  selectSecretVault,
} from '../../../../src/main/core/vault/vault-selection'
import { AesGcmEncryptor } from '../../../support/aes-encryptor'
import { skipWithoutSecretService } from '../../../support/secret-service'
import { newStoreDir } from '../../../support/store-dirs'
import { secretsOnDisk } from '../../../support/secrets-on-disk'

let dataDir: string
const probeService = `coze-test-selection-probe-${process.pid}-${randomBytes(4).toString('hex')}`

beforeEach(() => {
  dataDir = newStoreDir('vault-selection')
})

// No clean-up: the folder is left for the end-of-run secret scan (test/support/secret-scan.ts).

/** A keychain that fails like a locked (or missing) Secret Service. */
function brokenKeychain(
  message = "Couldn't access platform storage: Secret Service: unlock prompt was dismissed",
): KeyringBinding {
  const reject = <T>(): Promise<T> => Promise.reject(new Error(message))
  return {
    createEntry: () => ({ getPassword: reject, setPassword: reject, deletePassword: reject }),
    findCredentials: reject,
  }
}

function options(extra: Partial<VaultSelectionOptions>): VaultSelectionOptions {
  return {
    preferred: 'safe-storage',
    dataDir,
    allowPlaintext: false,
    keychain: { service: probeService, timeoutMs: 5_000 },
    ...extra,
  }
}

describe('selectSecretVault', () => {
  it('keychain preferred and available: the keychain', async (context) => {
    await skipWithoutSecretService(context)
    const { vault, status, all } = await selectSecretVault(
      options({ preferred: 'keychain', encryptor: new AesGcmEncryptor() }),
    )
    expect(vault).toBeInstanceOf(KeychainVault)
    expect(status).toEqual({ kind: 'keychain', persisted: true, encrypted: true })
    expect(all[0]).toBe(vault)
    // It really stores in the keychain.
    const service = `coze-test-selection-${process.pid}-${randomBytes(4).toString('hex')}`
    await vault.setPassword(service, 'a', 'value-a')
    expect(await new KeychainVault().getPassword(service, 'a')).toBe('value-a')
    await vault.deletePassword(service, 'a')
  })

  it('safe-storage preferred with a real backend: the encrypted file in the data folder', async () => {
    const { vault, status } = await selectSecretVault(
      options({ encryptor: new AesGcmEncryptor(), safeStorageBackend: 'gnome_libsecret' }),
    )
    expect(vault).toBeInstanceOf(EncryptedFileVault)
    expect(status).toEqual({ kind: 'safe-storage', persisted: true, encrypted: true })
    await vault.setPassword('svc', 'a', 'value-a-secret')
    const file = secretFilePaths(dataDir).safeStorage
    expect(existsSync(file)).toBe(true)
    expect(readFileSync(file, 'utf8')).not.toContain('value-a-secret')
  })

  it("safe-storage with backend 'basic_text' is not used: the keychain instead, saying why", async (context) => {
    await skipWithoutSecretService(context)
    const { vault, status } = await selectSecretVault(
      options({ encryptor: new AesGcmEncryptor(), safeStorageBackend: 'basic_text' }),
    )
    expect(vault).toBeInstanceOf(KeychainVault)
    expect(status).toMatchObject({ kind: 'keychain', persisted: true, encrypted: true })
    expect(status.problem).toMatchObject({
      code: 'SAFE_STORAGE_UNAVAILABLE',
      reason: 'SAFE_STORAGE_UNAVAILABLE',
    })
    expect(status.problem?.message).toMatch(/basic_text/)
  })

  it("basic_text and no keychain, no consent: memory (never safeStorage's fake encryption)", async () => {
    const { vault, status } = await selectSecretVault(
      options({
        encryptor: new AesGcmEncryptor(),
        safeStorageBackend: 'basic_text',
        keychain: { keyring: brokenKeychain() },
      }),
    )
    expect(vault).toBeInstanceOf(MemorySecretVault)
    expect(status.kind).toBe('memory')
    await vault.setPassword('svc', 'a', 'value-a')
    expect(existsSync(secretFilePaths(dataDir).safeStorage)).toBe(false)
  })

  it('nothing available and no plaintext consent: memory, with the warning', async () => {
    const { vault, status } = await selectSecretVault(
      options({ preferred: 'keychain', keychain: { keyring: brokenKeychain() } }),
    )
    expect(vault).toBeInstanceOf(MemorySecretVault)
    expect(status).toMatchObject({ kind: 'memory', persisted: false, encrypted: false })
    expect(status.warning).toBe(memoryWarning)
    expect(status.warning).toMatch(/only until the app quits/)
    // The problem is the preferred backend's: a locked keychain, with its fix.
    expect(status.problem).toMatchObject({ reason: 'KEYCHAIN_LOCKED' })
    expect(status.problem?.message).toMatch(/Unlock your login keyring/)
    await vault.setPassword('svc', 'a', 'value-a')
    expect(await vault.getPassword('svc', 'a')).toBe('value-a')
    // Nothing at all written to disk.
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('with the plaintext consent: the plaintext file, with its warning naming the file', async () => {
    const { vault, status } = await selectSecretVault(
      options({ keychain: { keyring: brokenKeychain() }, allowPlaintext: true }),
    )
    const file = secretFilePaths(dataDir).plaintext
    expect(vault).toBeInstanceOf(PlaintextFileVault)
    expect(status).toMatchObject({ kind: 'plaintext', persisted: true, encrypted: false })
    expect(status.warning).toContain(file)
    expect(status.warning).toMatch(/unencrypted/)
    expect(status.problem).toMatchObject({ reason: 'SAFE_STORAGE_UNAVAILABLE' })
    await vault.setPassword('svc', 'a', 'value-a')
    expect(JSON.parse(readFileSync(file, 'utf8')).entries.svc.a).toBe('value-a')
  })

  it('prefers an encrypted backend over plaintext even with the consent', async () => {
    const { status } = await selectSecretVault(
      options({ encryptor: new AesGcmEncryptor(), allowPlaintext: true }),
    )
    expect(status.kind).toBe('safe-storage')
    expect(existsSync(secretFilePaths(dataDir).plaintext)).toBe(false)
  })

  it('keychain preferred but locked: safe-storage, saying why', async () => {
    const { status } = await selectSecretVault(
      options({
        preferred: 'keychain',
        encryptor: new AesGcmEncryptor(),
        keychain: { keyring: brokenKeychain() },
      }),
    )
    expect(status).toMatchObject({
      kind: 'safe-storage',
      encrypted: true,
      problem: { reason: 'KEYCHAIN_LOCKED' },
    })
  })

  it('without the probe, takes the keychain and asks it nothing', async () => {
    let keychainCalls = 0
    const counted: KeyringBinding = {
      createEntry: () => {
        keychainCalls += 1
        throw new Error('not to be asked')
      },
      findCredentials: () => Promise.reject(new Error('not to be asked')),
    }
    const chosen = await selectSecretVault(
      options({ preferred: 'keychain', keychain: { keyring: counted, probe: false } }),
    )
    expect(chosen.status).toEqual({ kind: 'keychain', persisted: true, encrypted: true })
    expect(chosen.vault).toBeInstanceOf(KeychainVault)
    expect(keychainCalls).toBe(0)
  })

  it('moves a damaged secrets file aside at selection and reports it', async () => {
    const paths = secretFilePaths(dataDir)
    mkdirSync(paths.dir, { recursive: true })
    writeFileSync(paths.safeStorage, '{ broken')
    const problems: FileVaultProblem[] = []
    const { status } = await selectSecretVault(
      options({ encryptor: new AesGcmEncryptor(), onFileProblem: (p) => problems.push(p) }),
    )
    expect(status.kind).toBe('safe-storage')
    expect(problems).toMatchObject([{ kind: 'corrupt-file', file: paths.safeStorage }])
  })

  it('lists every backend that may hold secrets, so removal reaches an old plaintext file', async () => {
    const paths = secretFilePaths(dataDir)
    const old = new PlaintextFileVault({ filePath: paths.plaintext, userConsented: true })
    await old.setPassword('svc', 'a', 'old-value')

    // The consent was withdrawn since; the keychain is broken, so memory is chosen.
    const { vault, all } = await selectSecretVault(
      options({
        encryptor: new AesGcmEncryptor(),
        safeStorageBackend: 'basic_text',
        keychain: { keyring: brokenKeychain() },
      }),
    )
    expect(vault).toBeInstanceOf(MemorySecretVault)
    expect(all[0]).toBe(vault)
    expect(all).toHaveLength(3) // memory, the (unusable) safe-storage file, the old plaintext file
    for (const backend of all) await backend.deletePassword('svc', 'a')
    expect(secretsOnDisk(paths.plaintext).entries).toEqual({})
  })

  it('a backend not in use cannot make a removal throw', async (context) => {
    await skipWithoutSecretService(context)
    const { all } = await selectSecretVault(
      options({
        preferred: 'keychain',
        encryptor: new AesGcmEncryptor(),
        keychain: { service: probeService },
      }),
    )
    // A file where the folder should be: writing to the safe-storage file fails.
    const paths = secretFilePaths(dataDir)
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(paths.dir, 'not a folder')
    const direct = new EncryptedFileVault({
      filePath: paths.safeStorage,
      encryptor: new AesGcmEncryptor(),
    })
    await expect(direct.deletePassword('svc', 'a')).rejects.toThrow(/could not read or save/)
    expect(all.length).toBeGreaterThan(1)
    for (const backend of all.slice(1)) {
      await expect(backend.deletePassword('svc', 'a')).resolves.toBe(false)
    }
  })
})
