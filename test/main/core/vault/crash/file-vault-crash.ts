/**
 * The file-vault crash test, for the normal run (a few kills) and the stress run (many): a writer
 * process sets secrets in a file vault and is killed with SIGKILL at a chosen step inside its k-th
 * write (k at random). After each kill the test checks, straight from the disk, that the file
 * still parses, that every entry holds exactly its old value or (only once the rename happened)
 * its new one, and that the kill did land inside that write.
 */
import { existsSync, readdirSync } from 'node:fs'
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
import { secretsOnDisk } from '../../../../support/secrets-on-disk'
import { crashService, crashSecret } from '../fixtures/crash-secrets'

interface KillPoint {
  file: 'secrets.json' | 'secrets.journal'
  step: WriteStep
}

/**
 * Where each round kills, in turn: at each step of a set's append to the journal, and at each
 * step of the compaction that the first set of a round makes while the vault opens (the last
 * round left a journal with changes).
 */
const killPoints: readonly KillPoint[] = [
  { file: 'secrets.journal', step: 'begin' },
  { file: 'secrets.json', step: 'temp-created' },
  { file: 'secrets.journal', step: 'appended' },
  { file: 'secrets.json', step: 'temp-synced' },
  { file: 'secrets.journal', step: 'synced' },
  { file: 'secrets.json', step: 'renamed' },
]
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
      const cutAt = new Map<string, number>()

      for (let round = 0; round < kills; round += 1) {
        const point = killPoints[round % killPoints.length] ?? killPoints[0]
        if (!point) throw new Error('no kill point')
        // The compaction happens as the vault opens, during the first set (and it starts a new
        // journal, whose steps are not an append): appends are killed at a later set.
        const killWrite =
          point.file === 'secrets.json'
            ? 0
            : 1 + Math.floor(Math.random() * (maxWritesBeforeKill - 1))
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
            return sets === killWrite + 1 && event === `write ${point.step} ${point.file}`
          },
        })

        // The kill landed inside the chosen write, at the chosen step.
        const where = `round ${round} (${point.step} of ${point.file}, write ${killWrite})`
        expect(stepCutOff(run.events, point.file), where).toBe(point.step)
        cutAt.set(
          `${point.file} ${point.step}`,
          (cutAt.get(`${point.file} ${point.step}`) ?? 0) + 1,
        )
        const inFlight = run.events.findLast((event) => event.startsWith('set '))?.split(' ')
        expect(inFlight?.[2], where).toBe(String(killWrite))
        const inFlightAccount = inFlight?.[1] ?? ''
        for (const event of run.events) {
          const [kind, account, write] = event.split(' ')
          if (kind === 'done' && account) committed.set(account, [round, Number(write)])
        }
        if (store === 'encrypted') rememberSecret(crashSecret(round, killWrite))

        // A snapshot cut off between creating its temp file and the rename leaves that file
        // behind: the disk shows the write was under way. The snapshot itself is always whole.
        const tempFiles = namesIn(join(dir, 'vault')).filter((name) => name.endsWith('.tmp'))
        const tempExpected = point.step === 'temp-created' || point.step === 'temp-synced'
        expect(tempFiles, where).toHaveLength(tempExpected ? 1 : 0)
        // A set killed once its line was written (not yet acknowledged) is kept: the line is
        // whole in the file. One killed before, or during the open's compaction, is not.
        if (point.file === 'secrets.journal' && point.step !== 'begin') {
          committed.set(inFlightAccount, [round, killWrite])
        }
        if (existsSync(file)) {
          const onDisk = secretsOnDisk(file)
          expect(parseSecretsDocument(onDisk.document).backend, where).toBeDefined()
          const stored = new Set(Object.keys(onDisk.entries[crashService] ?? {}))
          expect(stored, where).toEqual(new Set(committed.keys()))
        }

        // The vault opens without a problem, and each entry is exactly its old value, or the new
        // one when its line reached the file: never a mix, never garbage, never lost.
        const problems: FileVaultProblem[] = []
        const vault = open(problems)
        await vault.open()
        expect(problems, where).toEqual([])
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
          committed.size > 0 ? ['secrets.journal', 'secrets.json'] : [],
        )
        // One more change, so that the next round's open has a journal to compact.
        if (committed.size > 0) {
          const [account, [writtenIn, write]] = [...committed][0] ?? ['', [0, 0]]
          await vault.setPassword(crashService, account, crashSecret(writtenIn, write))
        }
        await vault.close()
      }
      // Each kill point was hit (a short run of fewer kills covers the first ones).
      expect([...cutAt.keys()].sort()).toEqual(
        killPoints
          .slice(0, kills)
          .map((point) => `${point.file} ${point.step}`)
          .toSorted(),
      )
    })
  })
}
