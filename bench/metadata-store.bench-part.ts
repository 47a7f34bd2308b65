import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { OpenedMetadataStore } from '../src/main/core/vault/metadata'
import { openMetadataStore } from '../src/main/core/vault/metadata'
import { sampleAccount, sampleProfile } from '../test/main/core/vault/fixtures/metadata-samples'
import { summarise } from './measure'

const openRuns = 20
const saveRuns = 100
/** Untimed first: the validators compile on the first open, and the JIT warms up. */
const warmupRuns = 3

/**
 * The metadata half of "open a vault of 1,000 accounts and save one account" (targets: open
 * ≤ 300 ms, save ≤ 20 ms, medians, for metadata and secrets together). Each account is realistic:
 * a user, five workspaces, both expiry times and a last refresh. An open is the whole of
 * `openMetadataStore` on a clean snapshot with an empty journal (read, check every record, refresh
 * the backup); a save is one `accounts.put` of a changed account: its line appended to the
 * journal and flushed to disk (`fdatasync` included).
 */
export async function benchMetadataStore(
  accounts = 1000,
): Promise<{ openMedianMs: number; saveMedianMs: number; fileBytes: number }> {
  if (!Number.isInteger(accounts) || accounts < 1) {
    throw new RangeError('accounts must be a positive whole number')
  }
  const dir = mkdtempSync(join(tmpdir(), 'coze-bench-metadata-'))
  const open = (): Promise<OpenedMetadataStore> => openMetadataStore({ dir })
  try {
    const seeded = await open()
    // Puts made in one turn are saved in one write, so seeding costs one write, not 1,000; the
    // next open compacts it into the snapshot.
    await Promise.all([
      ...Array.from({ length: accounts }, (_, i) => seeded.store.accounts.put(sampleAccount(i))),
      seeded.store.profiles.put(sampleProfile(1)),
    ])
    await seeded.store.close()

    // Each store is closed again, untimed, as the app closes its one store when it quits.
    for (let i = 0; i < warmupRuns; i += 1) await (await open()).store.close()
    const openSamples: number[] = []
    for (let i = 0; i < openRuns; i += 1) {
      const started = performance.now()
      const { store, recovery } = await open()
      openSamples.push(performance.now() - started)
      await store.close()
      if (recovery.quarantined.length > 0 || recovery.movedAside) {
        throw new Error('the benchmark store needed recovery')
      }
    }

    const { store } = await open()
    const saveSamples: number[] = []
    for (let i = 0; i < warmupRuns + saveRuns; i += 1) {
      const account = sampleAccount((i * 7) % accounts, {
        status: i % 2 === 0 ? 'expired' : 'active',
        updatedAt: Date.now(),
      })
      const started = performance.now()
      await store.accounts.put(account)
      if (i >= warmupRuns) saveSamples.push(performance.now() - started)
    }
    await store.close()
    return {
      openMedianMs: summarise(openSamples).medianMs,
      saveMedianMs: summarise(saveSamples).medianMs,
      fileBytes: statSync(join(dir, 'metadata.json')).size,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
