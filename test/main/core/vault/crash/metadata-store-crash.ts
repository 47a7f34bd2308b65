/**
 * The account-list crash test, for the normal run (a few kills) and the stress run (many): a
 * writer process saves accounts and is killed with SIGKILL at a chosen moment inside a write: at
 * a step of the k-th save's append to the journal (k at random), or at a step of what each open
 * writes (the compacted snapshot, the new journal, the backup). After each kill the store must
 * open without any recovery, with every saved account exactly as last saved, and the kill must
 * have landed inside that write.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { WriteStep } from '../../../../../src/main/core/vault/atomic-file'
import { openMetadataStore, recoveryNeeded } from '../../../../../src/main/core/vault/metadata'
import { bundleChild, removeBundle } from '../../../../support/bundle-child'
import { runUntilKilled, stepCutOff } from '../../../../support/crash-run'
import { metadataOnDisk } from '../../../../support/metadata-on-disk'
import { newStoreDir } from '../../../../support/store-dirs'
import { sampleAccount } from '../fixtures/metadata-samples'

interface KillPoint {
  /** A save's append to the journal, or a write the open makes before the store is ready. */
  during: 'save' | 'open'
  file: 'metadata.json' | 'metadata.journal' | 'metadata.backup.json'
  step: WriteStep
}

/**
 * Where each round kills, in turn. The first round has no file yet, so nothing to compact or
 * back up: it kills a save. Each later open finds the last round's journal and compacts it.
 */
const killPoints: readonly KillPoint[] = [
  { during: 'save', file: 'metadata.journal', step: 'begin' },
  { during: 'open', file: 'metadata.json', step: 'temp-synced' },
  { during: 'save', file: 'metadata.journal', step: 'appended' },
  { during: 'open', file: 'metadata.json', step: 'renamed' },
  { during: 'save', file: 'metadata.journal', step: 'synced' },
  { during: 'open', file: 'metadata.journal', step: 'temp-created' },
  { during: 'open', file: 'metadata.journal', step: 'renamed' },
  { during: 'open', file: 'metadata.backup.json', step: 'temp-created' },
  { during: 'open', file: 'metadata.backup.json', step: 'renamed' },
]
/** The most saves of new accounts before the one killed. */
const maxPutsBeforeKill = 5

/** What `writeFileAtomic` leaves behind when killed between making its temp file and renaming it. */
function tempFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.tmp')) : []
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
      const point = killPoints[round % killPoints.length] ?? killPoints[0]
      if (!point) throw new Error('no kill point')
      // At least one save goes through, so that the next open has a journal to compact.
      const killPut = 1 + Math.floor(Math.random() * (maxPutsBeforeKill - 1))
      const where = `round ${round} (${point.step} of ${point.file} during ${point.during}${point.during === 'save' ? ` ${killPut}` : ''})`
      const tempsBefore = new Set(tempFiles(dir))
      let puts = 0
      let ready = false
      const run = await runUntilKilled({
        script: writer,
        env: {
          WRITER_DIR: dir,
          WRITER_PREFIX: `r${round}`,
          WRITER_PUTS: String(maxPutsBeforeKill + 1),
        },
        killAt: (event) => {
          if (event.startsWith('ready ')) ready = true
          if (event.startsWith('put ')) puts += 1
          const atStep = event === `write ${point.step} ${point.file}`
          if (point.during === 'save') return atStep && puts === killPut + 1
          return atStep && !ready
        },
      })

      // The kill landed inside the chosen write, at the chosen step.
      expect(stepCutOff(run.events, point.file), where).toBe(point.step)
      const readyEvent = run.events.find((event) => event.startsWith('ready '))
      let inFlight: { id: string; updatedAt: number } | undefined
      for (const event of run.events) {
        const [kind, id, updatedAt] = event.split(' ')
        if (kind === 'saved' && id) saved.set(id, Number(updatedAt))
        if (kind === 'put' && id) inFlight = { id, updatedAt: Number(updatedAt) }
        if (kind === 'saved') inFlight = undefined
      }
      if (point.during === 'save') {
        expect(JSON.parse(readyEvent?.slice('ready '.length) ?? '{}'), where).toEqual({
          quarantined: [],
        })
        expect(inFlight, `${where}: the save under way`).toBeDefined()
      } else {
        expect(readyEvent, where).toBeUndefined()
      }
      // A save killed once its line was written (not yet acknowledged) may be kept: the line is
      // whole in the file. One killed before it was written is not.
      const expected = new Map(saved)
      if (inFlight && point.during === 'save' && point.step !== 'begin') {
        expected.set(inFlight.id, inFlight.updatedAt)
      }
      // A whole-file write cut off after its temp file was made and before the rename leaves
      // that behind (the next open removes it: its writer is dead).
      const newTemps = tempFiles(dir).filter((name) => !tempsBefore.has(name))
      const tempLeft = point.step === 'temp-created' || point.step === 'temp-synced'
      expect(newTemps, where).toHaveLength(tempLeft ? 1 : 0)

      // Straight from the disk, before anything opens the store again: the snapshot and its
      // journal are whole, and together name every saved account.
      const onDisk = metadataOnDisk(join(dir, 'metadata.json')) as {
        accounts: Record<string, { updatedAt: number }>
      }
      expect(
        new Map(Object.entries(onDisk.accounts).map(([id, account]) => [id, account.updatedAt])),
        where,
      ).toEqual(expected)
      if (existsSync(join(dir, 'metadata.backup.json'))) {
        expect(
          () => JSON.parse(readFileSync(join(dir, 'metadata.backup.json'), 'utf8')),
          where,
        ).not.toThrow()
      }
      // The store opens with nothing to repair, and holds exactly what was saved.
      const { store, recovery } = await openMetadataStore({ dir })
      expect(recovery, where).toEqual({ quarantined: [] })
      expect(recoveryNeeded(recovery)).toBe(false)
      const stored = new Map(
        (await store.accounts.list()).map((account) => [account.id, account.updatedAt]),
      )
      expect(stored, where).toEqual(expected)
      for (const [id, updatedAt] of expected) saved.set(id, updatedAt)
      // That open compacted the journal; one more save gives the next open one to compact.
      const extra = sampleAccount(round, { id: `check-${round}`, label: `Check ${round}` })
      await store.accounts.put(extra)
      saved.set(extra.id, extra.updatedAt)
      await store.close()
      expect(tempFiles(dir), `${where}: the dead writer's temp files are removed`).toEqual([])
    }
    expect(saved.size).toBeGreaterThan(0)
    // Nothing was ever moved aside or quarantined.
    expect(
      readdirSync(dir).filter((file) => /corrupt|newer|quarantine|damaged/.test(file)),
    ).toEqual([])
  })
}
