/**
 * The parent's side of a crash test (the child's is `crash-child.ts`): runs a child in lock-step,
 * answering each event it announces, and kills it with SIGKILL at the first event `killAt` picks.
 * Which event that is comes from what the child did, never from a timer, so the outcome does not
 * depend on how loaded the machine is.
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import type { WriteStep } from '../../src/main/core/vault/atomic-file'

const repositoryRoot = resolve(import.meta.dirname, '../..')

export interface CrashRun {
  /** Every event the child announced, in order; the last is the one it was killed at. */
  events: string[]
}

export interface CrashRunOptions {
  /** A bundled child script (see `bundle-child.ts`), started with plain node. */
  script: string
  env?: Record<string, string>
  /** Called for each event, with the events so far (this one last): true kills the child there. */
  killAt: (event: string, events: readonly string[]) => boolean
}

/** Runs the child until `killAt` picks an event, kills it there and resolves with its events. */
export function runUntilKilled(options: CrashRunOptions): Promise<CrashRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [options.script], {
      cwd: repositoryRoot,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const events: string[] = []
    let pending = ''
    let stderr = ''
    let killed = false
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      pending += chunk
      const lines = pending.split('\n')
      // The last piece has no newline yet: it may be half a line.
      pending = lines.pop() ?? ''
      for (const line of lines) {
        // A killed child announces nothing more: it was blocked waiting for the answer.
        if (killed) {
          reject(new Error(`the child went on past the event it was killed at: ${line}`))
          return
        }
        events.push(line)
        if (options.killAt(line, events)) {
          killed = true
          // Only ever this child, by its own handle.
          child.kill('SIGKILL')
        } else {
          child.stdin.write('.')
        }
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    // A write to a child that just died fails with EPIPE; its exit says what happened.
    child.stdin.on('error', () => undefined)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolveRun({ events })
      else
        reject(
          new Error(
            `the child ended by itself (${signal ?? code}) after ${events.length} events; the last ones:\n${events.slice(-12).join('\n')}\n${stderr}`,
          ),
        )
    })
  })
}

/**
 * The step at which a write of `file` was cut off: the step of the last event, when that event
 * is a step of a write of `file` that began and did not end. Undefined when the kill came outside
 * such a write.
 */
export function stepCutOff(events: readonly string[], file: string): WriteStep | undefined {
  const last = /^write (\S+) (\S+)$/.exec(events.at(-1) ?? '')
  if (!last || last[2] !== file || last[1] === 'end') return undefined
  const begin = events.lastIndexOf(`write begin ${file}`)
  if (begin === -1 || events.indexOf(`write end ${file}`, begin) !== -1) return undefined
  return last[1] as WriteStep
}
