import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from './errors'

/** The lock's file in the data folder (its name predates the command line and the desktop app). */
export const dataDirLockName = 'browser-host.lock'

/**
 * One process at a time on a data folder: two writing the same account list would lose each
 * other's changes. The browser host, the desktop app and `coze-auth` (when no app runs) all take
 * it. The lock is a file holding the owner's process id; a lock left by a process that no longer
 * runs is taken over.
 */
export function acquireDataDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, dataDirLockName)
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => {
        // Only our own lock: a lock taken over after a crash belongs to someone else now.
        if (lockOwner(path) === process.pid) rmSync(path, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = lockOwner(path)
      // An empty lock just made: its owner has not written its id yet, and is alive.
      const justMade = owner === undefined && ageMs(path) < 2000
      if (justMade || (owner !== undefined && isRunning(owner))) {
        throw new AppError(
          'STORE_FAILED',
          `Another Coze Auth Companion process (${owner ?? '?'}) already uses ${dir}. Stop it first, or pass another --data-dir.`,
          { params: { pid: owner ?? 0, reason: 'data-dir-locked' } },
        )
      }
      rmSync(path, { force: true })
    }
  }
  throw new AppError('STORE_FAILED', `Could not lock ${dir}. Try again.`)
}

/**
 * The same lock, waiting up to `waitMs` for a short holder (a `coze-auth` command) to finish.
 */
export async function acquireDataDirLockWaiting(dir: string, waitMs: number): Promise<() => void> {
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      return acquireDataDirLock(dir)
    } catch (error) {
      const busy = error instanceof AppError && error.params?.reason === 'data-dir-locked'
      if (!busy || Date.now() >= deadline) throw error
      await new Promise((done) => setTimeout(done, 25 + Math.random() * 50))
    }
  }
}

/** The process id in the lock file, if it holds one. */
export function lockOwner(path: string): number | undefined {
  try {
    const owner = Number(readFileSync(path, 'utf8'))
    return Number.isInteger(owner) && owner > 0 ? owner : undefined
  } catch {
    return undefined
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return Number.POSITIVE_INFINITY
  }
}
