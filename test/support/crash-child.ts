/**
 * The child's side of a crash test (the parent's is `crash-run.ts`). Every event is one line on
 * stdout, and after each one the child waits, blocked, until the parent answers with one byte on
 * stdin. The parent answers every event except the one it chose, where it sends SIGKILL instead:
 * the kill then lands exactly at that event, on any machine and under any load, instead of at a
 * moment a timer guessed.
 */
import { readSync, writeSync } from 'node:fs'
import { basename } from 'node:path'
import type { WriteObserver } from '../../src/main/core/vault/atomic-file'

const answer = Buffer.alloc(1)
const nap = new Int32Array(new SharedArrayBuffer(4))

/** Tells the parent `event` and returns once it has answered (it may kill instead). */
export function announce(event: string): void {
  // writeSync: the line is out before the next step, never left in a buffer when the kill comes.
  writeSync(1, `${event}\n`)
  for (;;) {
    let read: number
    try {
      read = readSync(0, answer, 0, 1, null)
    } catch (error) {
      // A pipe left non-blocking answers EAGAIN until the byte arrives: wait a millisecond.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      Atomics.wait(nap, 0, 0, 1)
      continue
    }
    // The parent is gone: nobody is left to kill this process, so it ends itself.
    if (read === 0) process.exit(3)
    return
  }
}

/** A store's write observer that announces each step as `write <step> <file name>`. */
export const announceWriteSteps: WriteObserver = (step, path) => {
  announce(`write ${step} ${basename(path)}`)
}
