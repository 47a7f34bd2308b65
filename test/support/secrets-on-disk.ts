/**
 * A file vault's entries as they are on disk, read without the vault: the snapshot, plus the
 * changes of the journal that continues it (the same generation), in order. An oracle of the file
 * format for the tests; it trusts the files to be whole.
 */
import { existsSync, readFileSync } from 'node:fs'

export function secretsOnDisk(snapshotPath: string): {
  document: Record<string, unknown>
  entries: Record<string, Record<string, string>>
} {
  const document = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Record<string, unknown>
  const entries = structuredClone(document.entries) as Record<string, Record<string, string>>
  const journalPath = snapshotPath.replace(/\.json$/, '.journal')
  if (!existsSync(journalPath)) return { document, entries }
  const [header, ...lines] = readFileSync(journalPath, 'utf8').split('\n')
  lines.pop()
  if ((JSON.parse(header ?? '{}') as { generation?: unknown }).generation !== document.generation) {
    return { document, entries }
  }
  for (const line of lines) {
    const { changes } = JSON.parse(line) as {
      changes: ({ set: [string, string, string] } | { delete: [string, string] })[]
    }
    for (const change of changes) {
      if ('set' in change) {
        const [service, account, value] = change.set
        entries[service] = { ...entries[service], [account]: value }
      } else {
        const [service, account] = change.delete
        delete entries[service]?.[account]
        if (Object.keys(entries[service] ?? {}).length === 0) delete entries[service]
      }
    }
  }
  return { document, entries }
}
