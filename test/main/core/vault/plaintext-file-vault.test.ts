import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../../../../src/main/core/errors'
import type { FileVaultProblem } from '../../../../src/main/core/vault/encrypted-file-vault'
import type { PlaintextFileVaultOptions } from '../../../../src/main/core/vault/plaintext-file-vault'
import { PlaintextFileVault } from '../../../../src/main/core/vault/plaintext-file-vault'
import { newPlaintextOptInDir } from '../../../support/store-dirs'
import { secretsOnDisk } from '../../../support/secrets-on-disk'

let dir: string

beforeEach(() => {
  dir = newPlaintextOptInDir('plaintext-vault')
})

// No clean-up: the folder is left for the end-of-run secret scan (test/support/secret-scan.ts).

describe('PlaintextFileVault', () => {
  it('cannot be created without the explicit consent', () => {
    const filePath = join(dir, 'secrets.json')
    // @ts-expect-error: the consent is required by the type…
    expect(() => new PlaintextFileVault({ filePath })).toThrow(InvalidArgumentError)
    // A boolean from somewhere, e.g. a settings value: not the user's explicit choice.
    const consent = ((): boolean => true)()
    // @ts-expect-error: …and must be the literal `true`, not any boolean.
    const fromBoolean: PlaintextFileVaultOptions = { filePath, userConsented: consent }
    expect(fromBoolean.userConsented).toBe(true)
    // …and a cast does not get past the runtime check.
    expect(
      () =>
        new PlaintextFileVault({
          filePath,
          userConsented: false,
        } as unknown as PlaintextFileVaultOptions),
    ).toThrow(/explicit consent/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('round-trips secrets into a 0600 JSON file, written atomically', async () => {
    const filePath = join(dir, 'secrets', 'secrets.json')
    const vault = new PlaintextFileVault({ filePath, userConsented: true })
    await vault.setPassword('svc', 'a', 'value-a ✓')
    await vault.setPassword('svc', 'b', 'value-b')
    expect(await vault.getPassword('svc', 'a')).toBe('value-a ✓')
    expect(await vault.deletePassword('svc', 'b')).toBe(true)

    const reopened = new PlaintextFileVault({ filePath, userConsented: true })
    expect(await reopened.findCredentials('svc')).toEqual([{ account: 'a', password: 'value-a ✓' }])
    const onDisk = secretsOnDisk(filePath)
    expect(onDisk.document).toMatchObject({ version: 2, backend: 'plaintext' })
    expect(onDisk.entries).toEqual({ svc: { a: 'value-a ✓' } })
    if (process.platform !== 'win32') {
      expect(statSync(filePath).mode & 0o777).toBe(0o600)
      expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700)
    }
    expect(readdirSync(join(dir, 'secrets')).sort()).toEqual(['secrets.journal', 'secrets.json'])
  })

  it('loses no entry when many sets run at once', async () => {
    const filePath = join(dir, 'secrets.json')
    const vault = new PlaintextFileVault({ filePath, userConsented: true })
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => vault.setPassword('svc', `account-${i}`, `v-${i}`)),
    )
    const reopened = new PlaintextFileVault({ filePath, userConsented: true })
    expect(await reopened.findCredentials('svc')).toHaveLength(30)
  })

  it('moves a corrupted file aside and starts empty', async () => {
    const filePath = join(dir, 'secrets.json')
    writeFileSync(filePath, 'not json at all')
    const problems: FileVaultProblem[] = []
    const vault = new PlaintextFileVault({
      filePath,
      userConsented: true,
      onProblem: (problem) => problems.push(problem),
    })
    expect(await vault.getPassword('svc', 'a')).toBeNull()
    expect(problems).toMatchObject([{ kind: 'corrupt-file', file: filePath }])
    const moved = readdirSync(dir).filter((name) => name.startsWith('secrets.json.corrupt-'))
    expect(moved).toHaveLength(1)
    expect(readFileSync(join(dir, moved[0] ?? ''), 'utf8')).toBe('not json at all')
  })
})
