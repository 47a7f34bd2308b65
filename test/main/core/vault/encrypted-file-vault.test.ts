import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { FileVaultProblem } from '../../../../src/main/core/vault/encrypted-file-vault'
import {
  EncryptedFileVault,
  parseSecretsDocument,
  SecretUnreadableError,
} from '../../../../src/main/core/vault/encrypted-file-vault'
import { AesGcmEncryptor } from '../../../support/aes-encryptor'
import { secretsOnDisk } from '../../../support/secrets-on-disk'
import { rejectionOf } from '../../../support/errors'
import { newStoreDir } from '../../../support/store-dirs'

let dir: string

beforeEach(() => {
  dir = newStoreDir('encrypted-vault')
})

// No clean-up: the folder is left for the end-of-run secret scan (test/support/secret-scan.ts).

function newVault(
  encryptor = new AesGcmEncryptor(),
  problems: FileVaultProblem[] = [],
  file = join(dir, 'vault', 'secrets.json'),
): EncryptedFileVault {
  return new EncryptedFileVault({
    filePath: file,
    encryptor,
    onProblem: (problem) => problems.push(problem),
  })
}

const secrets = {
  access: 'czu_access0123456789abcdefghijkl',
  refresh: 'czu_refresh0123456789abcdefghijk',
  unicode: 'clé secrète ✓ 秘密 🔑',
  pem: `-----BEGIN PRIVATE KEY-----\n${randomBytes(1200).toString('base64')}\n-----END PRIVATE KEY-----`,
}

describe('EncryptedFileVault', () => {
  it('round-trips secrets, across instances sharing the file and key', async () => {
    const encryptor = new AesGcmEncryptor()
    const vault = newVault(encryptor)
    expect(await vault.getPassword('svc', 'access')).toBeNull()
    for (const [account, value] of Object.entries(secrets)) {
      await vault.setPassword('svc', account, value)
    }
    await vault.setPassword('other', 'access', 'other-service-value')
    for (const [account, value] of Object.entries(secrets)) {
      expect(await vault.getPassword('svc', account)).toBe(value)
    }

    const reopened = newVault(encryptor)
    expect(await reopened.getPassword('svc', 'pem')).toBe(secrets.pem)
    const found = await reopened.findCredentials('svc')
    expect(found.map((entry) => entry.account).sort()).toEqual(Object.keys(secrets).sort())
    expect(await reopened.findCredentials('nothing')).toEqual([])

    expect(await reopened.deletePassword('svc', 'access')).toBe(true)
    expect(await reopened.deletePassword('svc', 'access')).toBe(false)
    expect(await newVault(encryptor).getPassword('svc', 'access')).toBeNull()
    expect(await newVault(encryptor).getPassword('other', 'access')).toBe('other-service-value')
  })

  it('writes no secret in plain text: the file holds only base64 of encrypted blobs', async () => {
    const vault = newVault()
    for (const [account, value] of Object.entries(secrets)) {
      await vault.setPassword('svc', account, value)
    }
    // The snapshot and its journal alike.
    for (const path of [vault.filePath, vault.filePath.replace(/\.json$/, '.journal')]) {
      const bytes = readFileSync(path)
      const asText = bytes.toString('latin1')
      for (const value of Object.values(secrets)) {
        const utf8 = Buffer.from(value, 'utf8')
        expect(bytes.includes(utf8)).toBe(false)
        // Nor a fragment long enough to matter, nor the base64 of the secret.
        expect(bytes.includes(utf8.subarray(0, 12))).toBe(false)
        expect(asText.includes(utf8.toString('base64').slice(0, 16))).toBe(false)
      }
    }
    const onDisk = secretsOnDisk(vault.filePath)
    expect(parseSecretsDocument(onDisk.document).backend).toBe('test-aes-256-gcm')
    expect(Object.keys(onDisk.entries.svc ?? {}).sort()).toEqual(Object.keys(secrets).sort())
  })

  it.runIf(process.platform !== 'win32')('keeps the file at 0600 in a 0700 folder', async () => {
    const vault = newVault()
    await vault.setPassword('svc', 'a', 'value-a')
    expect(statSync(vault.filePath).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'vault')).mode & 0o777).toBe(0o700)
  })

  it('after the key changed: that entry is unreadable, others still work', async () => {
    const encryptor = new AesGcmEncryptor()
    const problems: FileVaultProblem[] = []
    const vault = newVault(encryptor, problems)
    await vault.setPassword('svc', 'old', 'written-with-the-old-key')
    encryptor.changeKey()
    await vault.setPassword('svc', 'new', 'written-with-the-new-key')

    const error = await rejectionOf(vault.getPassword('svc', 'old'))
    expect(error).toBeInstanceOf(SecretUnreadableError)
    expect(error).toMatchObject({
      service: 'svc',
      account: 'old',
      params: { reason: 'SECRET_UNREADABLE', service: 'svc', account: 'old' },
    })
    expect(error.message).not.toContain('written-with')
    expect(await vault.getPassword('svc', 'new')).toBe('written-with-the-new-key')

    // findCredentials skips it and says so; the whole call does not fail.
    expect(await vault.findCredentials('svc')).toEqual([
      { account: 'new', password: 'written-with-the-new-key' },
    ])
    expect((await vault.findCredentialsReport('svc')).unreadable).toEqual(['old'])
    expect(problems).toEqual([{ kind: 'unreadable-secret', service: 'svc', account: 'old' }])
    expect(vault.problems).toEqual(problems)

    // Signing in again replaces the entry; the problem is gone.
    await vault.setPassword('svc', 'old', 'fresh')
    expect(await vault.getPassword('svc', 'old')).toBe('fresh')
    expect(vault.problems).toEqual([])
  })

  it('a damaged entry (not base64) is unreadable too, only that one', async () => {
    const encryptor = new AesGcmEncryptor()
    const vault = newVault(encryptor)
    await vault.setPassword('svc', 'good', 'good-value')
    const document = JSON.parse(readFileSync(vault.filePath, 'utf8'))
    document.entries.svc.bad = '!!! not base64 !!!'
    writeFileSync(vault.filePath, JSON.stringify(document))
    const reopened = newVault(encryptor)
    expect(await rejectionOf(reopened.getPassword('svc', 'bad'))).toBeInstanceOf(
      SecretUnreadableError,
    )
    expect(await reopened.getPassword('svc', 'good')).toBe('good-value')
  })

  it('does not blame the entries when encryption is off for the moment', async () => {
    const encryptor = new AesGcmEncryptor()
    const problems: FileVaultProblem[] = []
    const vault = newVault(encryptor, problems)
    await vault.setPassword('svc', 'a', 'value-a')
    encryptor.available = false
    const readError = await rejectionOf(vault.getPassword('svc', 'a'))
    expect(readError).not.toBeInstanceOf(SecretUnreadableError)
    expect(readError.params?.reason).toBe('ENCRYPTION_UNAVAILABLE')
    const writeError = await rejectionOf(vault.setPassword('svc', 'b', 'value-b'))
    expect(writeError.params?.reason).toBe('ENCRYPTION_UNAVAILABLE')
    expect(problems).toEqual([])
    encryptor.available = true
    expect(await vault.getPassword('svc', 'a')).toBe('value-a')
  })

  it('moves a corrupted file aside (kept, reported) and starts empty and usable', async () => {
    const file = join(dir, 'vault', 'secrets.json')
    await newVault(new AesGcmEncryptor(), [], file).setPassword('svc', 'a', 'value-a')
    writeFileSync(file, '{"version": 1, "backend": "x", "entr')
    const problems: FileVaultProblem[] = []
    const vault = newVault(new AesGcmEncryptor(), problems, file)
    await vault.open()

    expect(problems).toHaveLength(1)
    const problem = problems[0]
    expect(problem).toMatchObject({ kind: 'corrupt-file', file })
    if (problem?.kind !== 'corrupt-file') throw new Error('expected a corrupt-file problem')
    expect(problem.movedTo).toMatch(/secrets\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/)
    expect(readFileSync(problem.movedTo, 'utf8')).toBe('{"version": 1, "backend": "x", "entr')

    expect(await vault.getPassword('svc', 'a')).toBeNull()
    await vault.setPassword('svc', 'b', 'value-b')
    expect(await vault.getPassword('svc', 'b')).toBe('value-b')
    expect(existsSync(problem.movedTo)).toBe(true)
  })

  it('treats a file of the wrong shape as corrupt too', async () => {
    const file = join(dir, 'vault', 'secrets.json')
    await newVault(new AesGcmEncryptor(), [], file).setPassword('svc', 'a', 'value-a')
    writeFileSync(file, JSON.stringify({ version: 1, backend: 'x', entries: { svc: { a: 42 } } }))
    const problems: FileVaultProblem[] = []
    const vault = newVault(new AesGcmEncryptor(), problems, file)
    expect(await vault.findCredentials('svc')).toEqual([])
    expect(problems).toMatchObject([{ kind: 'corrupt-file', reason: 'an entry is not a string' }])
  })

  it('loses no entry when many sets run at once', async () => {
    const encryptor = new AesGcmEncryptor()
    const vault = newVault(encryptor)
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => vault.setPassword('svc', `account-${i}`, `value-${i}`)),
    )
    const found = await newVault(encryptor).findCredentials('svc')
    expect(found).toHaveLength(40)
    for (let i = 0; i < 40; i += 1) {
      expect(found).toContainEqual({ account: `account-${i}`, password: `value-${i}` })
    }
  })

  it('keeps odd service and account names as plain data', async () => {
    const encryptor = new AesGcmEncryptor()
    const vault = newVault(encryptor)
    await vault.setPassword('__proto__', 'constructor', 'value-1')
    await vault.setPassword('svc', '__proto__', 'value-2')
    const reopened = newVault(encryptor)
    expect(await reopened.getPassword('__proto__', 'constructor')).toBe('value-1')
    expect(await reopened.getPassword('svc', '__proto__')).toBe('value-2')
    expect(await reopened.getPassword('svc', 'toString')).toBeNull()
  })
})

describe('the snapshot and its journal', () => {
  const journalOf = (vault: EncryptedFileVault): string =>
    vault.filePath.replace(/\.json$/, '.journal')

  it('writes one journal line per change, and leaves the snapshot alone', async () => {
    const encryptor = new AesGcmEncryptor()
    const vault = newVault(encryptor)
    await vault.setPassword('svc', 'first', 'one')
    const snapshot = readFileSync(vault.filePath, 'utf8')
    for (let i = 0; i < 10; i += 1) await vault.setPassword('svc', `account-${i}`, `value-${i}`)
    expect(await vault.deletePassword('svc', 'account-0')).toBe(true)
    expect(await vault.deletePassword('svc', 'account-0')).toBe(false)
    expect(readFileSync(vault.filePath, 'utf8')).toBe(snapshot)
    // The header, then ten sets and one delete: the delete of nothing writes nothing.
    expect(readFileSync(journalOf(vault), 'utf8').split('\n').slice(1, -1)).toHaveLength(11)
    const reopened = newVault(encryptor)
    expect((await reopened.findCredentials('svc')).map((entry) => entry.account).sort()).toEqual(
      ['first', ...Array.from({ length: 9 }, (_, i) => `account-${i + 1}`)].sort(),
    )
  })

  it('commits the changes that arrive during a write in one line', async () => {
    let appends = 0
    const vault = new EncryptedFileVault({
      filePath: join(dir, 'vault', 'secrets.json'),
      encryptor: new AesGcmEncryptor(),
      onWriteStep: (step, path) => {
        if (step === 'synced' && path.endsWith('.journal')) appends += 1
      },
    })
    await vault.setPassword('svc', 'first', 'one')
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => vault.setPassword('svc', `account-${i}`, `v-${i}`)),
    )
    expect(appends).toBeGreaterThan(0)
    expect(appends).toBeLessThan(40)
    expect(await vault.findCredentials('svc')).toHaveLength(41)
  })

  it('opens a version 1 file, as the previous release wrote it, and upgrades it', async () => {
    const encryptor = new AesGcmEncryptor()
    const file = join(dir, 'vault', 'secrets.json')
    // The previous release's format: the whole file, rewritten at every change.
    const earlier = newVault(encryptor, [], join(dir, 'scratch', 'secrets.json'))
    await earlier.setPassword('svc', 'kept', 'from-version-1')
    const entries = secretsOnDisk(earlier.filePath).entries
    mkdirSync(join(dir, 'vault'), { recursive: true })
    writeFileSync(file, JSON.stringify({ version: 1, backend: encryptor.name, entries }))
    const problems: FileVaultProblem[] = []
    const vault = newVault(encryptor, problems)
    expect(await vault.getPassword('svc', 'kept')).toBe('from-version-1')
    expect(problems).toEqual([])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 2 })
    await vault.setPassword('svc', 'new', 'after-upgrade')
    expect(await newVault(encryptor).getPassword('svc', 'new')).toBe('after-upgrade')
  })

  it('keeps the changes before a damaged journal line, and reports the journal moved aside', async () => {
    const encryptor = new AesGcmEncryptor()
    const vault = newVault(encryptor)
    await vault.setPassword('svc', 'a', 'value-a')
    await vault.setPassword('svc', 'b', 'value-b')
    await vault.setPassword('svc', 'c', 'value-c')
    await vault.close()
    // The first set made the file (a snapshot); b and c are the journal's two lines.
    const [header, setB, setC] = readFileSync(journalOf(vault), 'utf8').split('\n')
    writeFileSync(journalOf(vault), `${header}\n${setB}\n{"changes":[oops\n${setC}\n`)
    const problems: FileVaultProblem[] = []
    const reopened = newVault(encryptor, problems)
    expect(await reopened.getPassword('svc', 'a')).toBe('value-a')
    expect(await reopened.getPassword('svc', 'b')).toBe('value-b')
    expect(await reopened.getPassword('svc', 'c')).toBeNull()
    expect(problems).toMatchObject([{ kind: 'corrupt-file', file: journalOf(vault) }])
    const movedTo = (problems[0] as { movedTo: string }).movedTo
    expect(existsSync(movedTo)).toBe(true)
  })
})

// Crash safety (a writer killed inside a write) is file-vault-crash.test.ts and its stress run.
