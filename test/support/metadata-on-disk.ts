/**
 * The account list as it is on disk, read without the store: the snapshot, plus the changes of
 * the journal that continues it (the same generation), in order. An oracle of the file format for
 * the tests, kept simple on purpose: it trusts the files to be whole.
 */
import { existsSync, readFileSync } from 'node:fs'

export function metadataOnDisk(snapshotPath: string): Record<string, unknown> {
  const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Record<string, unknown>
  const journalPath = snapshotPath.replace(/\.json$/, '.journal')
  if (!existsSync(journalPath)) return snapshot
  const [header, ...lines] = readFileSync(journalPath, 'utf8').split('\n')
  // The last piece is empty, or an append cut off before its newline: never acknowledged.
  lines.pop()
  if ((JSON.parse(header ?? '{}') as { generation?: unknown }).generation !== snapshot.generation) {
    return snapshot
  }
  for (const line of lines) {
    const { changes } = JSON.parse(line) as { changes: Record<string, unknown>[] }
    for (const change of changes) {
      if (typeof change.put === 'string') {
        const value = change.value as { id: string }
        ;(snapshot[change.put] as Record<string, unknown>)[value.id] = value
      } else if (typeof change.delete === 'string') {
        delete (snapshot[change.delete] as Record<string, unknown>)[change.id as string]
      } else {
        snapshot.settings = change.settings
      }
    }
  }
  return snapshot
}
