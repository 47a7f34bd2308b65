import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { confFactory } from '../../../../src/main/core/vault/conf-factory'
import { openMetadataStore, recoveryNeeded } from '../../../../src/main/core/vault/metadata-store'
import { newStoreDir } from '../../../support/store-dirs'

const writer = fileURLToPath(new URL('./fixtures/metadata-writer.ts', import.meta.url))
const kills = 30

let child: ChildProcess | undefined

afterEach(() => {
  // Only ever the child this file started, by its pid.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  child = undefined
})

interface Run {
  ready: string | undefined
  saved: string[]
}

/**
 * Starts the writer and kills it with SIGKILL at a random moment after it has opened the store.
 * Runs `node --import tsx` rather than `npx tsx`: npx and tsx's CLI each put a process between
 * this one and the writer, and a SIGKILL sent to them would leave the writer running.
 */
function runAndKill(dir: string, prefix: string, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const run: Run = { ready: undefined, saved: [] }
    let buffer = ''
    let stderr = ''
    const started = spawn(process.execPath, ['--import', 'tsx', writer, dir, prefix], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = started
    started.stdout.setEncoding('utf8')
    started.stdout.on('data', (chunk: string) => {
      buffer += chunk
      const lines = buffer.split('\n')
      // The last piece has no newline yet: it may be half a line.
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('ready ')) {
          run.ready = line.slice('ready '.length)
          setTimeout(() => started.kill('SIGKILL'), delayMs)
        } else if (line.startsWith('saved ')) {
          run.saved.push(line.slice('saved '.length))
        }
      }
    })
    started.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    started.on('error', reject)
    started.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(run)
      else reject(new Error(`the writer exited by itself (${code}): ${stderr}`))
    })
  })
}

describe('a kill -9 at any moment', () => {
  it(`loses no saved account and needs no recovery (${kills} kills)`, async () => {
    const dir = newStoreDir('metadata-crash')
    const saved = new Set<string>()
    const inFlight = new Set<string>()
    let mostInOneRun = 0
    for (let round = 0; round < kills; round += 1) {
      // Spread over the whole loop: straight after open, mid-write, and well into the run.
      const delay = round < 5 ? round : Math.floor(Math.random() * 120)
      const run = await runAndKill(dir, `r${round}`, delay)
      expect(run.ready, `round ${round}: the writer never opened the store`).toBeDefined()
      expect(JSON.parse(run.ready ?? '{}'), `round ${round}: the writer's open`).toEqual({
        quarantined: [],
      })
      for (const id of run.saved) saved.add(id)
      mostInOneRun = Math.max(mostInOneRun, run.saved.length)

      const { store, recovery } = await openMetadataStore({ dir, factory: confFactory })
      expect(recovery, `round ${round}`).toEqual({ quarantined: [] })
      expect(recoveryNeeded(recovery)).toBe(false)
      const stored = new Set((await store.accounts.list()).map((account) => account.id))
      const missing = [...saved].filter((id) => !stored.has(id))
      expect(missing, `round ${round}: saved, then lost`).toEqual([])
      // Beyond those, only a save in flight at a kill may be there (done, not yet reported).
      inFlight.add(`r${round}-${run.saved.length}`)
      const unreported = [...stored].filter((id) => !saved.has(id) && !inFlight.has(id))
      expect(unreported, `round ${round}: never saved, yet stored`).toEqual([])
      // And the file itself is whole JSON that names every account.
      const file = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as {
        accounts: object
      }
      expect(Object.keys(file.accounts).length).toBe(stored.size)
    }
    expect(saved.size).toBeGreaterThan(kills)
    expect(mostInOneRun).toBeGreaterThan(1)
    // Nothing was ever moved aside or quarantined.
    expect(readdirSync(dir).filter((file) => /corrupt|newer|quarantine/.test(file))).toEqual([])
  }, 180_000)
})
