/**
 * The browser host's clipboard with the real desktop tools (xclip and xsel under an X server), and
 * with small stand-in tools that misbehave the way real ones can: forking a helper that keeps the
 * pipes open, hanging, or missing.
 *
 * The X tests need an X display and the tools. Without them they skip and say why, except in CI
 * (CI=true), where `.ci/run` installs Xvfb, xclip and xsel, so a missing piece is a failure.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClipboardTool } from '../../src/browser-host/command-clipboard'
import {
  clipboardTools,
  createCommandClipboard,
  findClipboardTool,
} from '../../src/browser-host/command-clipboard'
import type { SecureClipboard } from '../../src/main/core/clipboard/clipboard-service'
import { ClipboardService } from '../../src/main/core/clipboard/clipboard-service'
import { AppError } from '../../src/main/core/errors'
import { systemClock } from '../../src/main/core/ports'

const inCi = process.env.CI === 'true'

function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/** Writes an executable shell script and returns its path. */
function script(dir: string, name: string, body: string): string {
  const path = join(dir, name)
  writeFileSync(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
  return path
}

const scratch = mkdtempSync(join(tmpdir(), 'coze-clipboard-tools-'))

function standIn(name: string, write: string): ClipboardTool {
  return { name, write: [write, []], read: [write, []], usable: () => true }
}

describe('misbehaving clipboard tools', () => {
  it('returns from a copy as soon as the tool exits, though a helper it forked holds the pipes', async () => {
    // Like xclip: the parent reads its input, leaves a child serving the selection, and exits.
    const forking = script(scratch, 'forking-copy', 'cat >/dev/null\n(sleep 30) &\nexit 0')
    const clipboard = createCommandClipboard({ tool: standIn('forking-copy', forking) })
    await expect(clipboard.writeSecret('pat_forking')).resolves.toBeUndefined()
    await expect(clipboard.writeSecret('pat_forking_again')).resolves.toBeUndefined()
  })

  it('confirms a copy only once a paste gives the new text, as when xsel hands off to its helper late', async () => {
    // The write exits at once and leaves a helper that takes the selection only after someone has
    // pasted once (a read leaves a marker), so the first paste after the command still gives the
    // old text. A copy that returned on the exit alone would leave the old text to be pasted.
    const dir = mkdtempSync(join(scratch, 'late-helper-'))
    const current = join(dir, 'current')
    writeFileSync(current, 'old text')
    const write = script(
      dir,
      'late-copy',
      `cat >"${dir}/staged"\n(while [ ! -e "${dir}/pasted" ]; do sleep 0.01; done; mv "${dir}/staged" "${current}") >/dev/null 2>&1 &\nexit 0`,
    )
    const read = script(dir, 'late-paste', `touch "${dir}/pasted"\ncat "${current}"`)
    const tool: ClipboardTool = {
      name: 'late-copy',
      handsOffToHelper: true,
      write: [write, []],
      read: [read, []],
      usable: () => true,
    }
    const clipboard = createCommandClipboard({ tool })
    await clipboard.writeSecret('pat_late_helper')
    await expect(clipboard.readText()).resolves.toBe('pat_late_helper')
  })

  it('reports a helper that never takes the text as CLIPBOARD_FAILED, without the text', async () => {
    const write = script(scratch, 'lost-copy', 'cat >/dev/null\nexit 0')
    const read = script(scratch, 'lost-paste', 'printf "something else"')
    const clipboard = createCommandClipboard({
      tool: {
        name: 'lost-copy',
        handsOffToHelper: true,
        write: [write, []],
        read: [read, []],
        usable: () => true,
      },
      timeoutMs: 300,
    })
    const error = await clipboard.writeSecret('pat_lost').catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'CLIPBOARD_FAILED' })
    expect((error as AppError).message).toContain('lost-copy did not take the text')
    expect((error as AppError).message).not.toContain('pat_lost')
  })

  it('reports a tool that hangs as CLIPBOARD_FAILED, naming the tool', async () => {
    const hanging = script(scratch, 'hanging-copy', 'exec sleep 60')
    const clipboard = createCommandClipboard({
      tool: standIn('hanging-copy', hanging),
      timeoutMs: 300,
    })
    const error = await clipboard.writeSecret('pat_hanging').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('CLIPBOARD_FAILED')
    expect((error as AppError).message).toContain('hanging-copy did not answer')
    expect((error as AppError).message).not.toContain('pat_hanging')
  })

  it('reports a missing tool as CLIPBOARD_FAILED', async () => {
    const clipboard = createCommandClipboard({
      tool: standIn('gone', join(scratch, 'no-such-tool')),
    })
    await expect(clipboard.writeSecret('pat_x')).rejects.toMatchObject({
      code: 'CLIPBOARD_FAILED',
      message: expect.stringContaining('is not installed'),
    })
  })

  it('reports a tool that fails with its exit code and the start of its message', async () => {
    const failing = script(scratch, 'failing-copy', 'echo "Error: Can\'t open display" >&2\nexit 3')
    const clipboard = createCommandClipboard({ tool: standIn('failing-copy', failing) })
    await expect(clipboard.writeSecret('pat_x')).rejects.toMatchObject({
      code: 'CLIPBOARD_FAILED',
      message: expect.stringMatching(/exit code 3.*open display/),
    })
  })

  it('waits for what a failing tool prints after its exit has been seen', async () => {
    // The message comes from a child that outlives the tool by a moment, so the exit is always
    // seen before it: the error must still carry it.
    const late = script(
      scratch,
      'late-message',
      '(sleep 0.1; echo "Error: late display" >&2) &\nexit 4',
    )
    const clipboard = createCommandClipboard({ tool: standIn('late-message', late) })
    await expect(clipboard.writeSecret('pat_x')).rejects.toMatchObject({
      code: 'CLIPBOARD_FAILED',
      message: expect.stringMatching(/exit code 4.*late display/),
    })
  })

  it('finds no tool without a display, and copying then says what to install', async () => {
    const noDisplay = { PATH: process.env.PATH ?? '' }
    expect(findClipboardTool(noDisplay, 'linux')).toBeUndefined()
    const clipboard = createCommandClipboard({ env: noDisplay, platform: 'linux' })
    await expect(clipboard.writeSecret('x')).rejects.toMatchObject({
      code: 'CLIPBOARD_FAILED',
      message: expect.stringContaining('Install wl-clipboard'),
    })
  })

  it('prefers wl-copy on Wayland and the X tools on X11', () => {
    const wayland = clipboardTools.filter((tool) => tool.usable({ WAYLAND_DISPLAY: 'w' }, 'linux'))
    const x11 = clipboardTools.filter((tool) => tool.usable({ DISPLAY: ':1' }, 'linux'))
    expect(wayland.map((tool) => tool.name)).toEqual(['wl-copy'])
    expect(x11.map((tool) => tool.name)).toEqual(['xclip', 'xsel'])
    expect(clipboardTools.filter((tool) => tool.usable({}, 'darwin')).map((t) => t.name)).toEqual([
      'pbcopy',
    ])
  })
})

let xServer: ChildProcess | undefined
let display = process.env.DISPLAY

/** Starts a private Xvfb when this session has no display; it tells its display number on fd 3. */
async function startXvfb(): Promise<string | undefined> {
  if (!installed('Xvfb')) return undefined
  const server = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  })
  xServer = server
  const numberPipe = server.stdio[3]
  if (!numberPipe) return undefined
  return new Promise((resolve) => {
    let text = ''
    numberPipe.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('\n')) resolve(`:${text.trim()}`)
    })
    server.once('exit', () => resolve(undefined))
  })
}

beforeAll(async () => {
  if (!display) display = await startXvfb()
})

afterAll(() => {
  xServer?.kill()
})

/** Records when the service's delayed clear has gone through, so the test waits on that event. */
function observedClear(inner: SecureClipboard): SecureClipboard & { cleared: Promise<void> } {
  let markCleared: () => void = () => undefined
  const cleared = new Promise<void>((resolve) => (markCleared = resolve))
  return {
    writeSecret: (text) => inner.writeSecret(text),
    readText: () => inner.readText(),
    clear: async () => {
      await inner.clear()
      markCleared()
    },
    cleared,
  }
}

for (const name of ['xclip', 'xsel'] as const) {
  const tool = clipboardTools.find((candidate) => candidate.name === name)
  const missing = !installed(name)
    ? `${name} is not installed (apt-get install ${name})`
    : undefined
  describe(`${name} on a real X display`, () => {
    /** Skips, saying why, when the tool or a display is missing; in CI that is a failure. */
    const skipWithoutDisplay = (context: { skip(note?: string): never }): void => {
      const reason = missing ?? (display ? undefined : 'no X display and no Xvfb to start one')
      if (!reason) return
      if (inCi) throw new Error(`CI must run this test: ${reason}`)
      context.skip(reason)
    }

    /** The clipboard as the tool itself reads it, independently of the code under test. */
    function readWithTool(): string {
      const [command, args] = tool?.read ?? ['false', []]
      const result = spawnSync(command, [...args], {
        env: { ...process.env, DISPLAY: display },
        encoding: 'utf8',
        timeout: 5_000,
      })
      return result.status === 0 ? result.stdout : `<${name} read failed: ${result.status}>`
    }

    function realClipboard(): SecureClipboard {
      if (!tool) throw new Error(`no tool ${name}`)
      // The tools find the display through the environment, as they do for a person.
      process.env.DISPLAY = display
      return createCommandClipboard({ tool })
    }

    it('copies, reads back, and five copies in a row are each confirmed', (context) => {
      skipWithoutDisplay(context)
      return (async () => {
        const clipboard = realClipboard()
        for (let copy = 1; copy <= 5; copy += 1) {
          const token = `pat_${name}_copy_${copy}_${Date.now()}`
          await clipboard.writeSecret(token)
          expect(readWithTool()).toBe(token)
          await expect(clipboard.readText()).resolves.toBe(token)
        }
      })()
    })

    it('clears the copied token after a one-second delay', (context) => {
      skipWithoutDisplay(context)
      return (async () => {
        const clipboard = observedClear(realClipboard())
        const service = new ClipboardService({
          clipboard,
          clock: systemClock,
          clearAfterSeconds: () => 1,
        })
        const token = `pat_${name}_clear_${Date.now()}`
        const result = await service.copy(token)
        expect(result.clearsAt).not.toBeNull()
        expect(readWithTool()).toBe(token)
        await clipboard.cleared
        expect(readWithTool()).toBe('')
        await service.dispose()
      })()
    })

    it('leaves the clipboard alone when the person copied something else meanwhile', (context) => {
      skipWithoutDisplay(context)
      return (async () => {
        const inner = realClipboard()
        let reads = 0
        let markRead: () => void = () => undefined
        const readDone = new Promise<void>((resolve) => (markRead = resolve))
        const watched: SecureClipboard = {
          writeSecret: (text) => inner.writeSecret(text),
          readText: async () => {
            const text = await inner.readText()
            reads += 1
            markRead()
            return text
          },
          clear: () => inner.clear(),
        }
        const service = new ClipboardService({
          clipboard: watched,
          clock: systemClock,
          clearAfterSeconds: () => 1,
        })
        await service.copy(`pat_${name}_mine_${Date.now()}`)
        await inner.writeSecret('the person’s own text')
        await readDone
        // dispose() waits for the clear that is under way, so nothing can change after this.
        await service.dispose()
        expect(reads).toBe(1)
        expect(readWithTool()).toBe('the person’s own text')
      })()
    })
  })
}
