import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../main/core/errors'

/**
 * One browser host per data folder: two processes writing the same account list would lose each
 * other's changes. The lock is a file holding the owner's process id; a lock left by a process
 * that no longer runs is taken over.
 */
export function acquireDataDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, 'browser-host.lock')
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(path, 'utf8'))
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new AppError(
          'STORE_FAILED',
          `Another browser host (process ${owner}) already uses ${dir}. Stop it first, or pass another --data-dir.`,
          { params: { pid: owner } },
        )
      }
      rmSync(path, { force: true })
    }
  }
  throw new AppError('STORE_FAILED', `Could not lock ${dir}. Try again.`)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
