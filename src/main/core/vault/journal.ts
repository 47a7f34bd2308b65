/**
 * An append-only journal that continues a snapshot file, so that a change costs what changed and
 * not the size of everything: the account list and the secret files each keep a whole snapshot
 * (`<name>.json`) and, beside it, a journal (`<name>.journal`) of the changes made since.
 *
 * The journal is one JSON value per line. Its first line is a header naming the snapshot's
 * `generation`, a random name the snapshot carries too. A journal whose generation is not the
 * snapshot's belongs to an older snapshot, whose changes the current one already holds (a crash
 * between writing a new snapshot and starting its journal leaves exactly that), and is ignored.
 *
 * A change is acknowledged only after its line, newline included, is flushed to disk
 * (`fdatasync`). A line without its newline is the tail of an append that a crash cut off: it was
 * never acknowledged, and is ignored. Any other line that does not parse means the disk damaged
 * the file; the lines before it are kept, and the caller moves the journal aside.
 *
 * Compaction writes a new snapshot with a new generation (atomically, see `writeFileAtomic`) and
 * then starts a new journal with that generation, atomically too.
 */
import { randomBytes } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import type { WriteObserver } from './atomic-file'
import { readTextIfPresent, writeFileAtomic } from './atomic-file'

export const journalFormat = 1

/** A new generation: 16 hex digits, so two snapshots never share one. */
export function newGeneration(): string {
  return randomBytes(8).toString('hex')
}

/** The journal beside `<dir>/<name>.json`. */
export function journalPathFor(snapshotPath: string): string {
  return snapshotPath.replace(/\.json$/, '') + '.journal'
}

export type JournalRead =
  | { status: 'missing' }
  /** Its generation is not the snapshot's: it belongs to an older snapshot. */
  | { status: 'other-generation' }
  | {
      status: 'ok'
      /** Every complete, well-formed line after the header, in order. */
      entries: unknown[]
      /** A cut-off last line (never acknowledged) was left out. */
      tornTail: boolean
      /**
       * A complete line that is not JSON (disk damage): `entries` stops before it, and the file
       * should be moved aside before the journal is started anew.
       */
      damaged: boolean
      /** The file's size in bytes. */
      bytes: number
    }
  /** No header, or not one of this format: the file is not a journal this build can read. */
  | { status: 'unreadable'; reason: string }

function headerLine(generation: string): string {
  return `${JSON.stringify({ journal: journalFormat, generation })}\n`
}

/** Reads the journal at `path`, if it continues the snapshot of `generation`. */
export async function readJournal(
  path: string,
  generation: string | undefined,
): Promise<JournalRead> {
  const text = await readTextIfPresent(path)
  if (text === undefined) return { status: 'missing' }
  const bytes = Buffer.byteLength(text)
  const lines = text.split('\n')
  // After the last newline: empty when the file ends cleanly, else a cut-off append.
  const tail = lines.pop() ?? ''
  const [first, ...rest] = lines
  let header: unknown
  try {
    header = first === undefined ? undefined : JSON.parse(first)
  } catch {
    header = undefined
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    (header as { journal?: unknown }).journal !== journalFormat ||
    typeof (header as { generation?: unknown }).generation !== 'string'
  ) {
    // A header cut off by a crash as the journal was started: that journal had no entries yet.
    if (first === undefined)
      return { status: 'ok', entries: [], tornTail: tail !== '', damaged: false, bytes }
    return { status: 'unreadable', reason: 'it does not start with a journal header' }
  }
  if ((header as { generation: string }).generation !== generation) {
    return { status: 'other-generation' }
  }
  const entries: unknown[] = []
  let damaged = false
  for (const line of rest) {
    try {
      entries.push(JSON.parse(line))
    } catch {
      damaged = true
      break
    }
  }
  return { status: 'ok', entries, tornTail: tail !== '', damaged, bytes }
}

export interface JournalWriterOptions {
  path: string
  /** File mode, default 0o600. */
  mode?: number
  /** Told of each step of each append and each start (crash tests; see `WriteObserver`). */
  onWriteStep?: WriteObserver
}

/**
 * Appends to one journal. Appends are not made concurrently: the caller (a store with its own
 * queue) waits for one before the next, so lines never interleave.
 */
export class JournalWriter {
  private handle: FileHandle | undefined
  private size = 0
  private failed = false

  constructor(private readonly options: JournalWriterOptions) {}

  get path(): string {
    return this.options.path
  }

  /**
   * An append failed part way (a full disk, say) and what it wrote could not be taken back, so the
   * file may end in half a line that the next append would run into. The owner must start a new
   * journal (after a new snapshot) first.
   */
  get needsRestart(): boolean {
    return this.failed
  }

  /** Bytes in the journal: the header and every line appended. */
  get bytes(): number {
    return this.size
  }

  /**
   * Starts an empty journal for the snapshot of `generation`, replacing the file atomically: a
   * crash leaves the old journal (of an older generation, so ignored) or the new one.
   */
  async start(generation: string): Promise<void> {
    await this.close()
    const header = headerLine(generation)
    await writeFileAtomic(this.options.path, header, this.options.mode ?? 0o600, {
      ...(this.options.onWriteStep ? { onWriteStep: this.options.onWriteStep } : {}),
    })
    this.size = Buffer.byteLength(header)
    this.failed = false
  }

  /**
   * Continues the journal as it is on disk (`bytes` long, as `readJournal` found it, ending with a
   * complete line).
   */
  resume(bytes: number): void {
    this.size = bytes
  }

  /** Appends one entry as one line and returns once it is on disk. */
  async append(entryJson: string): Promise<void> {
    const step = this.options.onWriteStep ?? ((): void => undefined)
    const line = `${entryJson}\n`
    if (this.failed) throw new Error('the journal must be started again after a failed append')
    step('begin', this.options.path)
    try {
      // 'a': every write goes to the end; the file is only ever this process's (the data-folder
      // lock), so nothing else moves it.
      this.handle ??= await open(this.options.path, 'a', this.options.mode ?? 0o600)
      const data = Buffer.from(line, 'utf8')
      let written = 0
      while (written < data.length) {
        const { bytesWritten } = await this.handle.write(data, written)
        written += bytesWritten
      }
      step('appended', this.options.path)
      await this.handle.datasync()
      this.size += data.length
    } catch (error) {
      // Take back whatever part of the line got in, so that a save reported as failed is not
      // found in the journal later; if even that fails, the owner must start anew.
      try {
        await this.handle?.truncate(this.size)
        await this.handle?.datasync()
      } catch {
        this.failed = true
        await this.close().catch(() => undefined)
      }
      throw error
    }
    step('synced', this.options.path)
    step('end', this.options.path)
  }

  async close(): Promise<void> {
    const handle = this.handle
    this.handle = undefined
    await handle?.close()
  }
}
