/**
 * Crash-safe whole-file writes, the one way the app replaces a file (the stores' snapshots, a
 * journal's start, the quarantine, exports, the autostart entry): a reader only ever sees the old
 * file or the new one, never half of a write.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * The moments of one write, in order. A whole file written atomically (`writeFileAtomic`) goes
 * through `temp-created`, `temp-synced` and `renamed`; an append to a journal (`JournalWriter`)
 * through `appended` (written, not yet flushed) and `synced`.
 */
export type WriteStep =
  'begin' | 'temp-created' | 'temp-synced' | 'renamed' | 'appended' | 'synced' | 'end'

/**
 * Told, synchronously, as a write of `path` reaches each step. It exists so that a crash test can
 * stop a writer process at a chosen moment inside a write (and know that the kill landed there)
 * instead of guessing with timers; the app itself passes none. It must not throw: an error from
 * it fails the write.
 */
export type WriteObserver = (step: WriteStep, path: string) => void

export interface WriteFileAtomicOptions {
  /** The mode of the parent folder when it has to be created. Default 0o700. */
  dirMode?: number
  /** See `WriteObserver`. */
  onWriteStep?: WriteObserver
}

/** `.<name>.<pid>-<random>.tmp`: the pid lets a later run tell a dead writer's leftovers. */
function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
  )
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The errno code of a file-system error (`ENOENT`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Renames over the target. On Windows an antivirus or indexer briefly holding the target open
 * makes the rename fail with EPERM/EACCES/EBUSY, so it is retried there for about a second.
 */
async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await rename(from, to)
      return
    } catch (error) {
      const code = errorCode(error)
      const transient = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY'
      if (process.platform !== 'win32' || !transient || attempt >= 10) throw error
      await sleep(10 * 2 ** Math.min(attempt, 5))
    }
  }
}

/**
 * Makes a rename durable: without an fsync of the folder, a power cut right after the rename can
 * bring back the old file (or none) on ext4 and similar. Windows cannot open a folder for this,
 * and some file systems refuse it; the rename itself is still atomic there.
 */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (error) {
    const code = errorCode(error)
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'ENOTSUP') {
      throw error
    }
  } finally {
    await handle?.close()
  }
}

/**
 * Writes `data` to `path` so that a crash at any moment leaves either the old file or the new one:
 * a temp file in the same folder (a rename is only atomic within one file system) is written,
 * flushed to disk and then renamed over the target; finally the folder itself is flushed.
 * The file gets exactly `mode` (the umask does not widen or narrow it). A missing parent folder is
 * created with `dirMode` (0o700 unless told).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const dir = dirname(path)
  const step = options.onWriteStep ?? ((): void => undefined)
  step('begin', path)
  await mkdir(dir, { recursive: true, mode: options.dirMode ?? 0o700 })
  const temp = tempPathFor(path)
  let renamed = false
  try {
    // 'wx': never follow or reuse something already at the temp path.
    const handle = await open(temp, 'wx', mode)
    try {
      step('temp-created', path)
      // The mode given to open() passes through the umask; set it exactly.
      if (process.platform !== 'win32') await handle.chmod(mode)
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    step('temp-synced', path)
    await renameOver(temp, path)
    renamed = true
    step('renamed', path)
    await syncDirectory(dir)
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined)
  }
  step('end', path)
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return errorCode(error) === 'EPERM'
  }
}

/**
 * Deletes the temp files that writers of `path` left behind when they were killed mid-write.
 * Those may hold secrets (even ones deleted since), so they must not pile up. Files of a process
 * that is still running (this one included) are left alone: they may be mid-write.
 * Returns the names removed.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const dir = dirname(path)
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(path))}\\.(\\d+)-[0-9a-f]+\\.tmp$`)
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw error
  }
  const removed: string[] = []
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1])
    if (!Number.isInteger(pid) || pid === process.pid || processIsAlive(pid)) continue
    try {
      await unlink(join(dir, name))
      removed.push(name)
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error
    }
  }
  return removed
}

/**
 * Renames a file to `<path>.corrupt-<timestamp>` (with `-2`, `-3`… if that exists) and returns
 * the new path. A damaged file is kept for the user or support, never deleted.
 */
export async function moveAside(path: string, now: number = Date.now()): Promise<string> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-')
  for (let n = 1; ; n += 1) {
    const target = `${path}.corrupt-${stamp}${n === 1 ? '' : `-${n}`}`
    try {
      // Claim the name first ('wx' fails if it exists): a plain rename would overwrite an earlier
      // corrupt copy made in the same millisecond.
      await open(target, 'wx').then((handle) => handle.close())
    } catch (error) {
      if (errorCode(error) === 'EEXIST' && n < 100) continue
      throw error
    }
    await renameOver(path, target)
    return target
  }
}

export type JsonFileRead<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  /** The file is not JSON, or `parse` rejected its shape; `movedTo` when it was moved aside. */
  | { status: 'corrupt'; reason: string; movedTo?: string }

export interface ReadJsonFileOptions {
  /** Rename a corrupt file out of the way (see `moveAside`), so a fresh one can be written. */
  moveAsideCorrupt?: boolean
  now?: () => number
}

/**
 * Reads and parses a JSON file. `parse` checks the shape and throws (with a message that quotes
 * no content) when it is wrong. A missing file is not an error; an unreadable one (permissions,
 * I/O) throws, since it is not known to be corrupt.
 */
/** A file's text, or undefined when there is no such file; any other failure throws. */
export async function readTextIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

export async function readJsonFile<T>(
  path: string,
  parse: (value: unknown) => T,
  options: ReadJsonFileOptions = {},
): Promise<JsonFileRead<T>> {
  const text = await readTextIfPresent(path)
  if (text === undefined) return { status: 'missing' }
  let reason: string
  try {
    return { status: 'ok', value: parse(JSON.parse(text)) }
  } catch (error) {
    // JSON.parse's own message quotes the text near the fault, which may be a secret.
    reason =
      error instanceof SyntaxError
        ? `not valid JSON (${text.length} characters)`
        : error instanceof Error
          ? error.message
          : 'unexpected content'
  }
  if (!options.moveAsideCorrupt) return { status: 'corrupt', reason }
  const movedTo = await moveAside(path, options.now?.() ?? Date.now())
  return { status: 'corrupt', reason, movedTo }
}
