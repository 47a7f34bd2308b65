/**
 * "Refresh all" in a process of its own (see refresh-all.bench-part.ts), so that its memory figure
 * starts from an app at rest and not from whatever the sections before it left committed. Sends
 * `{ result }` with the bench's figures, or `{ error }`, then exits.
 */
import { benchRefreshAll } from './refresh-all.bench-part'

const accounts = Number(process.argv[2] ?? 1000)
try {
  process.send?.({ result: await benchRefreshAll(accounts) })
} catch (error) {
  process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
}
process.disconnect?.()
