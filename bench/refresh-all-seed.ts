/**
 * Seeds the data folder of the Refresh-all bench (see `seedDataDir`) in a process of its own: the
 * memory it takes is not the bench's. Takes one message, exits 0 once the folder is written.
 */
import type { SeedRequest } from './refresh-all.bench-part'
import { seedDataDir } from './refresh-all.bench-part'

process.once('message', (message: Omit<SeedRequest, 'key'> & { key: string }) => {
  seedDataDir({ ...message, key: Buffer.from(message.key, 'base64') }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
})
