import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WriteStep } from '../../../../src/main/core/vault/atomic-file'
import {
  journalPathFor,
  JournalWriter,
  newGeneration,
  readJournal,
} from '../../../../src/main/core/vault/journal'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coze-journal-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the journal', () => {
  it('is named after its snapshot', () => {
    expect(journalPathFor('/data/metadata.json')).toBe('/data/metadata.journal')
    expect(newGeneration()).toMatch(/^[0-9a-f]{16}$/)
    expect(newGeneration()).not.toBe(newGeneration())
  })

  it('reads back what was appended, in order, for its own generation only', async () => {
    const path = join(dir, 'store.journal')
    const writer = new JournalWriter({ path })
    await writer.start('g1')
    await writer.append(JSON.stringify({ n: 1 }))
    await writer.append(JSON.stringify({ n: 2, text: 'ünïcode ✓ 中文' }))
    await writer.close()
    const read = await readJournal(path, 'g1')
    expect(read).toEqual({
      status: 'ok',
      entries: [{ n: 1 }, { n: 2, text: 'ünïcode ✓ 中文' }],
      tornTail: false,
      damaged: false,
      bytes: statSync(path).size,
    })
    expect(writer.bytes).toBe(statSync(path).size)
    expect(await readJournal(path, 'g2')).toEqual({ status: 'other-generation' })
    expect(await readJournal(join(dir, 'none.journal'), 'g1')).toEqual({ status: 'missing' })
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('leaves out a cut-off last line, and stops at a damaged one', async () => {
    const path = join(dir, 'store.journal')
    const writer = new JournalWriter({ path })
    await writer.start('g1')
    await writer.append('{"n":1}')
    await writer.close()
    writeFileSync(path, readFileSync(path, 'utf8') + '{"n":2')
    expect(await readJournal(path, 'g1')).toMatchObject({
      entries: [{ n: 1 }],
      tornTail: true,
      damaged: false,
    })
    writeFileSync(path, readFileSync(path, 'utf8') + '\n{"n":3}\n')
    expect(await readJournal(path, 'g1')).toMatchObject({
      entries: [{ n: 1 }],
      damaged: true,
    })
  })

  it('tells a file that is not a journal from one whose header a crash cut off', async () => {
    const path = join(dir, 'store.journal')
    writeFileSync(path, 'hello\n{"n":1}\n')
    expect(await readJournal(path, 'g1')).toMatchObject({ status: 'unreadable' })
    writeFileSync(path, '{"journal":1,"gene')
    expect(await readJournal(path, 'g1')).toMatchObject({
      status: 'ok',
      entries: [],
      tornTail: true,
    })
  })

  it('reports each step of an append, and starts anew atomically', async () => {
    const path = join(dir, 'store.journal')
    const steps: WriteStep[] = []
    const writer = new JournalWriter({ path, onWriteStep: (step) => steps.push(step) })
    await writer.start('g1')
    expect(steps).toEqual(['begin', 'temp-created', 'temp-synced', 'renamed', 'end'])
    steps.length = 0
    await writer.append('{"n":1}')
    expect(steps).toEqual(['begin', 'appended', 'synced', 'end'])
    await writer.start('g2')
    await writer.append('{"n":2}')
    await writer.close()
    expect(await readJournal(path, 'g2')).toMatchObject({ entries: [{ n: 2 }] })
  })

  it('takes back a failed append, so that the next one starts on a clean line', async () => {
    const path = join(dir, 'store.journal')
    let fail = false
    const writer = new JournalWriter({
      path,
      onWriteStep: (step) => {
        if (fail && step === 'appended') {
          fail = false
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
        }
      },
    })
    await writer.start('g1')
    await writer.append('{"n":1}')
    fail = true
    await expect(writer.append('{"n":"lost"}')).rejects.toThrow('no space')
    expect(writer.needsRestart).toBe(false)
    await writer.append('{"n":3}')
    await writer.close()
    expect(await readJournal(path, 'g1')).toMatchObject({
      entries: [{ n: 1 }, { n: 3 }],
      tornTail: false,
      damaged: false,
    })
  })
})
