/**
 * The account-list crash test, for the normal run (a few kills) and the stress run (many): a
 * writer process saves accounts and is killed with SIGKILL at a chosen moment inside a write:
 * as the k-th save (k at random) begins its write through conf, or at a step of the backup that
 * each open writes. After each kill the store must open without any recovery, with every saved
 * account exactly as last saved, and the kill must have landed inside that write.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { WriteStep } from '../../../../../src/main/core/vault/atomic-file'
import { confFactory } from '../../../../../src/main/core/vault/conf-factory'
import {
  openMetadataStore,
  recoveryNeeded,
} from '../../../../../src/main/core/vault/metadata-store'
import { bundleChild, removeBundle } from '../../../../support/bundle-child'
import { runUntilKilled, stepCutOff } from '../../../../support/crash-run'
import { newStoreDir } from '../../../../support/store-dirs'

/**
 * Where each round kills, in turn. conf writes the account list in one synchronous call, so a
 * save can be stopped only as its write begins; the backup, written by the store itself, at
 * every step before its end.
 */
const killPoints: readonly { file: string; step: WriteStep }[] = [
  { file: 'metadata.json', step: 'begin' },
  { file: 'metadata.json', step: 'begin' },
  { file: 'metadata.backup.json', step: 'begin' },
  { file: 'metadata.backup.json', step: 'temp-created' },
  { file: 'metadata.backup.json', step: 'temp-synced' },
  { file: 'metadata.backup.json', step: 'renamed' },
]
/** The most saves of new accounts before the one killed. */
const maxPutsBeforeKill = 5

function tempFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.includes('.json.tmp-')) : []
}

export function describeMetadataStoreCrash(kills: number): void {
  let writer: string
  beforeAll(async () => {
    writer = await bundleChild(
      join(import.meta.dirname, '..', 'fixtures', 'metadata-writer.ts'),
      'metadata-writer',
    )
  })
  afterAll(() => removeBundle(writer))

  it(`loses no saved account and needs no recovery, killed inside a write (${kills} kills)`, async () => {
    const dir = newStoreDir('metadata-crash')
    // Each account's updatedAt as last saved (a save announced as done).
    const saved = new Map<string, number>()

    for (let round = 0; round < kills; round += 1) {
      // The first round has no file yet, so nothing to back up: it kills a save.
      const point = killPoints[round % killPoints.length] ?? {
        file: 'metadata.json',
        step: 'begin',
      }
      const killPut = Math.floor(Math.random() * maxPutsBeforeKill)
      const where = `round ${round} (${point.step} of ${point.file}${point.file === 'metadata.json' ? `, save ${killPut}` : ''})`
      const tempsBefore = new Set(tempFiles(dir))
      const mainFile = join(dir, 'metadata.json')
      // What the writer's open finds, and so writes as the backup.
      const mainBefore = existsSync(mainFile) ? readFileSync(mainFile, 'utf8') : undefined
      let puts = 0
      const run = await runUntilKilled({
        script: writer,
        env: {
          WRITER_DIR: dir,
          WRITER_PREFIX: `r${round}`,
          WRITER_PUTS: String(maxPutsBeforeKill + 1),
        },
        killAt: (event) => {
          if (event.startsWith('put ')) puts += 1
          if (point.file === 'metadata.json')
            return puts === killPut + 1 && event === 'write begin metadata.json'
          return event === `write ${point.step} ${point.file}`
        },
      })

      // The kill landed inside the chosen write, at the chosen step.
      expect(stepCutOff(run.events, point.file), where).toBe(point.step)
      const ready = run.events.find((event) => event.startsWith('ready '))
      let inFlight: { id: string; updatedAt: number } | undefined
      for (const event of run.events) {
        const [kind, id, updatedAt] = event.split(' ')
        if (kind === 'saved' && id) saved.set(id, Number(updatedAt))
        if (kind === 'put' && id) inFlight = { id, updatedAt: Number(updatedAt) }
        if (kind === 'saved') inFlight = undefined
      }
      if (point.file === 'metadata.json') {
        expect(JSON.parse(ready?.slice('ready '.length) ?? '{}'), where).toEqual({
          quarantined: [],
        })
        expect(inFlight, `${where}: the save under way`).toBeDefined()
      } else {
        // The backup is written while the store opens, before any save.
        expect(ready, where).toBeUndefined()
      }
      // A backup cut off after its temp file was made and before the rename leaves that behind.
      const newTemps = tempFiles(dir).filter((name) => !tempsBefore.has(name))
      const tempLeft = point.step === 'temp-created' || point.step === 'temp-synced'
      expect(newTemps, where).toHaveLength(tempLeft ? 1 : 0)

      // Straight from the disk, before anything opens the store again (an open rewrites the
      // backup): the file is whole JSON naming every saved account, and the backup is exactly
      // the file as the writer's open found it, which is its old content and its new one alike.
      const main = JSON.parse(readFileSync(mainFile, 'utf8')) as { accounts: object }
      expect(Object.keys(main.accounts).sort(), where).toEqual([...saved.keys()].sort())
      if (mainBefore !== undefined) {
        expect(readFileSync(join(dir, 'metadata.backup.json'), 'utf8') === mainBefore, where).toBe(
          true,
        )
      }
      // The store opens with nothing to repair, and holds exactly what was saved: the save the
      // kill stopped before its write is not there, and nothing saved is lost or changed.
      const { store, recovery } = await openMetadataStore({ dir, factory: confFactory })
      expect(recovery, where).toEqual({ quarantined: [] })
      expect(recoveryNeeded(recovery)).toBe(false)
      const stored = new Map(
        (await store.accounts.list()).map((account) => [account.id, account.updatedAt]),
      )
      expect(stored, where).toEqual(saved)
    }
    expect(saved.size).toBeGreaterThan(0)
    // Nothing was ever moved aside or quarantined.
    expect(readdirSync(dir).filter((file) => /corrupt|newer|quarantine/.test(file))).toEqual([])
  })
}
