import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  moveAside,
  readJsonFile,
  removeStaleTempFiles,
  writeFileAtomic,
} from '../../../../src/main/core/vault/atomic-file'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coze-atomic-file-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const modeOf = (path: string): number => statSync(path).mode & 0o777
const posix = process.platform !== 'win32'

describe('writeFileAtomic', () => {
  it('writes the data, replaces an old file and leaves no temp file', async () => {
    const path = join(dir, 'store.json')
    await writeFileAtomic(path, 'first')
    await writeFileAtomic(path, Buffer.from('second'))
    expect(readFileSync(path, 'utf8')).toBe('second')
    expect(readdirSync(dir)).toEqual(['store.json'])
  })

  it.runIf(posix)('gives the file exactly the mode asked for, whatever the umask', async () => {
    const path = join(dir, 'private.json')
    const previous = process.umask(0o000)
    try {
      await writeFileAtomic(path, '{}')
    } finally {
      process.umask(previous)
    }
    expect(modeOf(path)).toBe(0o600)
    await writeFileAtomic(path, '{}', 0o644)
    expect(modeOf(path)).toBe(0o644)
  })

  it.runIf(posix)('creates a missing folder with mode 0700', async () => {
    const path = join(dir, 'nested', 'deeper', 'store.json')
    await writeFileAtomic(path, '{}')
    expect(readFileSync(path, 'utf8')).toBe('{}')
    expect(modeOf(join(dir, 'nested', 'deeper'))).toBe(0o700)
  })

  it('leaves the old file untouched and no temp file when the write fails', async () => {
    const path = join(dir, 'store.json')
    await writeFileAtomic(path, 'old')
    // A folder where the file should go makes the final rename fail.
    const blocked = join(dir, 'blocked')
    await writeFileAtomic(join(blocked, 'inner'), 'x')
    await expect(writeFileAtomic(blocked, 'new')).rejects.toThrow()
    expect(readFileSync(path, 'utf8')).toBe('old')
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('tells an observer each step as the disk reaches it, and no end for a failed write', async () => {
    const path = join(dir, 'store.json')
    await writeFileAtomic(path, 'old')
    // What the disk holds at each step: the crash tests rely on exactly this.
    const seen: string[] = []
    const onWriteStep = (step: string, at: string): void => {
      const temps = readdirSync(dir).filter((name) => name.endsWith('.tmp')).length
      seen.push(`${step} ${at === path ? 'path' : at} ${readFileSync(path, 'utf8')} temps=${temps}`)
    }
    await writeFileAtomic(path, 'new', 0o600, { onWriteStep })
    expect(seen).toEqual([
      'begin path old temps=0',
      'temp-created path old temps=1',
      'temp-synced path old temps=1',
      'renamed path new temps=0',
      'end path new temps=0',
    ])

    const blocked = join(dir, 'blocked')
    await writeFileAtomic(join(blocked, 'inner'), 'x')
    const steps: string[] = []
    await expect(
      writeFileAtomic(blocked, 'new', 0o600, { onWriteStep: (step) => steps.push(step) }),
    ).rejects.toThrow()
    expect(steps).toEqual(['begin', 'temp-created', 'temp-synced'])
  })
})

describe('removeStaleTempFiles', () => {
  it("removes a dead writer's temp files, keeps live ones and other files", async () => {
    const path = join(dir, 'store.json')
    // A pid that surely has ended: a child that already exited.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid
    expect(deadPid).toBeGreaterThan(0)
    const dead = `.store.json.${deadPid}-abcdef.tmp`
    const live = `.store.json.${process.pid}-abcdef.tmp`
    for (const name of [dead, live, 'store.json', '.other.json.1-ab.tmp']) {
      writeFileSync(join(dir, name), 'x')
    }
    expect(await removeStaleTempFiles(path)).toEqual([dead])
    expect(readdirSync(dir).sort()).toEqual(['.other.json.1-ab.tmp', live, 'store.json'].sort())
  })

  it('is fine with a folder that does not exist', async () => {
    expect(await removeStaleTempFiles(join(dir, 'missing', 'store.json'))).toEqual([])
  })
})

describe('readJsonFile and moveAside', () => {
  const parse = (value: unknown): { n: number } => {
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof (value as { n?: unknown }).n !== 'number'
    ) {
      throw new Error('no number n')
    }
    return value as { n: number }
  }

  it('tells missing, good and corrupt files apart', async () => {
    const path = join(dir, 'doc.json')
    expect(await readJsonFile(path, parse)).toEqual({ status: 'missing' })
    writeFileSync(path, '{"n": 3}')
    expect(await readJsonFile(path, parse)).toEqual({ status: 'ok', value: { n: 3 } })
    writeFileSync(path, '{"n": "three"}')
    expect(await readJsonFile(path, parse)).toEqual({ status: 'corrupt', reason: 'no number n' })
    expect(existsSync(path)).toBe(true)
  })

  it('never quotes the content of a broken file in the reason', async () => {
    const path = join(dir, 'doc.json')
    writeFileSync(path, '{"token": "pat_abcdefghijklmnop", oops')
    const read = await readJsonFile(path, parse)
    expect(read.status).toBe('corrupt')
    expect(JSON.stringify(read)).not.toContain('pat_')
  })

  it('moves a corrupt file aside, keeping its bytes, when asked', async () => {
    const path = join(dir, 'doc.json')
    writeFileSync(path, 'garbage')
    const now = Date.UTC(2026, 10, 25, 12, 0, 0, 5)
    const read = await readJsonFile(path, parse, { moveAsideCorrupt: true, now: () => now })
    expect(read).toMatchObject({
      status: 'corrupt',
      movedTo: `${path}.corrupt-2026-11-25T12-00-00-005Z`,
    })
    expect(existsSync(path)).toBe(false)
    if (read.status === 'corrupt' && read.movedTo) {
      expect(readFileSync(read.movedTo, 'utf8')).toBe('garbage')
    }
  })

  it('never overwrites an earlier corrupt copy', async () => {
    const path = join(dir, 'doc.json')
    writeFileSync(path, 'one')
    const first = await moveAside(path, 0)
    writeFileSync(path, 'two')
    const second = await moveAside(path, 0)
    expect(second).not.toBe(first)
    expect(readFileSync(first, 'utf8')).toBe('one')
    expect(readFileSync(second, 'utf8')).toBe('two')
  })
})
