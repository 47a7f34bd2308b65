import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

export const repositoryRoot = resolve(import.meta.dirname, '../..')

/** A command started as a person starts it from a terminal, with what it printed so far. */
export interface StartedCommand {
  child: ChildProcess
  /** Standard output and error, as printed so far. */
  output(): string
  exited: Promise<number | null>
  /** The first match of `pattern` in the output; rejects if the command exits without it. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
  /** Ctrl+C, as a terminal sends it: SIGINT to the whole process group (npm and its children). */
  pressCtrlC(): void
  /** Ends the whole process group at once (clean-up after a failed test). */
  kill(): void
}

export function startCommand(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): StartedCommand {
  const child = spawn(command, args, {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that signals can reach it the way a terminal sends them.
    detached: true,
  })
  let text = ''
  const listeners = new Set<() => void>()
  const append = (chunk: Buffer): void => {
    text += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal)
    } catch {
      // The whole group has already exited.
    }
  }
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern) {
      return new Promise((done, fail) => {
        const check = (): void => {
          const match = text.match(pattern)
          if (!match) return
          listeners.delete(check)
          done(match)
        }
        listeners.add(check)
        check()
        void exited.then(() => {
          check()
          fail(new Error(`exited before printing ${pattern}:\n${text}`))
        })
      })
    },
    pressCtrlC: () => signalGroup('SIGINT'),
    kill: () => signalGroup('SIGKILL'),
  }
}
