/**
 * The file-vault crash test, for the normal run (a few kills) and the stress run (many): a writer
 * process sets secrets in a file vault and is killed with SIGKILL at a chosen step inside its k-th
 * write (k at random). After each kill the test checks, straight from the disk, that the file
 * still parses, that every entry holds exactly its old value or (only once the rename happened)
 * its new one, and that the kill did land inside that write.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WriteStep } from '../../../../../src/main/core/vault/atomic-file'
import type {
  FileVaultProblem,
  FileSecretVault,
} from '../../../../../src/main/core/vault/encrypted-file-vault'
import {
  EncryptedFileVault,
  parseSecretsDocument,
} from '../../../../../src/main/core/vault/encrypted-file-vault'
import { PlaintextFileVault } from '../../../../../src/main/core/vault/plaintext-file-vault'
import { AesGcmEncryptor } from '../../../../support/aes-encryptor'
import { bundleChild, removeBundle } from '../../../../support/bundle-child'
import { runUntilKilled, stepCutOff } from '../../../../support/crash-run'
import { newPlaintextOptInDir, newStoreDir, rememberSecret } from '../../../../support/store-dirs'
import { crashService, crashSecret } from '../fixtures/crash-secrets'

/** Every step a kill can land at inside a write, before its end. */
const killSteps: readonly WriteStep[] = ['begin', 'temp-created', 'temp-synced', 'renamed']
/** The most writes before the chosen one: enough to rewrite every entry at least once. */
const maxWritesBeforeKill = 6

type StoreKind = 'encrypted' | 'plaintext'

/** The names in a folder that may not exist yet (the first write creates it). */
function namesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : []
}

export function describeFileVaultCrash(kills: number): void {
  let writer: string
  beforeAll(async () => {
    writer = await bundleChild(
      join(import.meta.dirname, '..', 'fixtures', 'vault-writer.ts'),
      'vault-writer',
    )
  })
  afterAll(() => removeBundle(writer))

  describe.each<StoreKind>(['encrypted', 'plaintext'])('the %s file vault', (store) => {
    it(`keeps every secret whole when killed inside a write (${kills} kills)`, async () => {
      const encryptor = new AesGcmEncryptor()
      // The plain-text file is the user's explicit choice: the end-of-run secret scan skips it.
      const dir = store === 'plaintext' ? newPlaintextOptInDir('crash') : newStoreDir('crash')
      const file = join(dir, 'vault', 'secrets.json')
      const open = (problems: FileVaultProblem[]): FileSecretVault =>
        store === 'plaintext'
          ? new PlaintextFileVault({
              filePath: file,
              userConsented: true,
              onProblem: (p) => problems.push(p),
            })
          : new EncryptedFileVault({
              filePath: file,
              encryptor,
              onProblem: (p) => problems.push(p),
            })
      // Each entry's last completed value: [round, write].
      const committed = new Map<string, [number, number]>()
      const cutAt = new Map<WriteStep, number>()

      for (let round = 0; round < kills; round += 1) {
        // Every step in turn, so that even a short run covers each; the write at random.
        const killStep = killSteps[round % killSteps.length] ?? 'begin'
        const killWrite = Math.floor(Math.random() * maxWritesBeforeKill)
        let sets = 0
        const run = await runUntilKilled({
          script: writer,
          env: {
            WRITER_FILE: file,
            WRITER_STORE: store,
            WRITER_KEY: encryptor.exportKey(),
            WRITER_ROUND: String(round),
            WRITER_WRITES: String(maxWritesBeforeKill + 1),
          },
          killAt: (event) => {
            if (event.startsWith('set ')) sets += 1
            return sets === killWrite + 1 && event === `write ${killStep} secrets.json`
          },
        })

        // The kill landed inside the chosen write, at the chosen step.
        const where = `round ${round} (${killStep} of write ${killWrite})`
        expect(stepCutOff(run.events, 'secrets.json'), where).toBe(killStep)
        cutAt.set(killStep, (cutAt.get(killStep) ?? 0) + 1)
        const inFlight = run.events.findLast((event) => event.startsWith('set '))?.split(' ')
        expect(inFlight?.[2], where).toBe(String(killWrite))
        const inFlightAccount = inFlight?.[1] ?? ''
        for (const event of run.events) {
          const [kind, account, write] = event.split(' ')
          if (kind === 'done' && account) committed.set(account, [round, Number(write)])
        }
        if (store === 'encrypted') rememberSecret(crashSecret(round, killWrite))

        // A write cut off between creating its temp file and the rename leaves that file behind:
        // the disk shows the write was under way. The target itself is always whole JSON.
        const tempFiles = namesIn(join(dir, 'vault')).filter((name) => name.endsWith('.tmp'))
        const tempExpected = killStep === 'temp-created' || killStep === 'temp-synced'
        expect(tempFiles, where).toHaveLength(tempExpected ? 1 : 0)
        if (committed.size > 0 || killStep === 'renamed') {
          const document = parseSecretsDocument(JSON.parse(readFileSync(file, 'utf8')))
          expect(document.entries.get(crashService)?.size, where).toBeGreaterThan(0)
        }

        // The vault opens without a problem, and each entry is exactly its old value, or the new
        // one when the kill came after the rename: never a mix, never garbage, never lost.
        const problems: FileVaultProblem[] = []
        const vault = open(problems)
        await vault.open()
        expect(problems, where).toEqual([])
        if (killStep === 'renamed') committed.set(inFlightAccount, [round, killWrite])
        for (const [account, [writtenIn, write]] of committed) {
          expect(await vault.getPassword(crashService, account), `${where}: ${account}`).toBe(
            crashSecret(writtenIn, write),
          )
        }
        if (!committed.has(inFlightAccount)) {
          expect(await vault.getPassword(crashService, inFlightAccount), where).toBeNull()
        }
        // Opening cleared the dead writer's temp file, which may hold an old secret.
        expect(namesIn(join(dir, 'vault')), where).toEqual(
          committed.size > 0 ? ['secrets.json'] : [],
        )
      }
      // Each step was hit (a short run of fewer kills than steps covers the first ones).
      expect([...cutAt.keys()].sort()).toEqual(killSteps.slice(0, kills).toSorted())
    })
  })
}
