/**
 * The Electron adapter, against a stand-in for Electron's clipboard (no Electron binary here): what
 * it hands to `clipboard.write`, and that copying still works when the markers are refused.
 */
import { describe, expect, it, vi } from 'vitest'
import type { LogFields, LogLevel } from '../../../../src/main/core/logger'

vi.mock('electron', () => ({
  clipboard: {},
  ClipboardItem: class {
    constructor(readonly items: Record<string, unknown>) {}
  },
}))

const { createElectronClipboard } = await import('../../../../src/main/electron/electron-clipboard')
type ElectronClipboardLike = Parameters<typeof createElectronClipboard>[0]

const token = 'czu_TESTabc-123_xyz'
const raw = (name: string): string => `electron application/osclipboard;format="${name}"`

function fakeClipboard(options: { refuseWrite?: boolean } = {}) {
  const calls: { op: string; items?: Record<string, unknown>; text?: string }[] = []
  let text = ''
  const clipboard = {
    async write(items: { items: Record<string, unknown> }[]) {
      if (options.refuseWrite) throw new TypeError('format refused')
      const [item] = items
      calls.push({ op: 'write', ...(item ? { items: item.items } : {}) })
      text = String(item?.items['text/plain'] ?? '')
    },
    async writeText(value: string) {
      calls.push({ op: 'writeText', text: value })
      text = value
    },
    async readText() {
      return text
    },
    clear() {
      calls.push({ op: 'clear' })
      text = ''
    },
  }
  return { calls, clipboard: clipboard as unknown as ElectronClipboardLike }
}

async function bytesOf(value: unknown): Promise<number[]> {
  expect(value).toBeInstanceOf(Blob)
  return Array.from(new Uint8Array(await (value as Blob).arrayBuffer()))
}

describe('createElectronClipboard', () => {
  it('macOS: the text and the concealed and transient types in one write', async () => {
    const fake = fakeClipboard()
    await createElectronClipboard(fake.clipboard, 'darwin').writeSecret(token)
    expect(fake.calls).toEqual([
      {
        op: 'write',
        items: {
          'text/plain': token,
          [raw('org.nspasteboard.ConcealedType')]: '',
          [raw('org.nspasteboard.TransientType')]: '',
        },
      },
    ])
  })

  it('Windows: the three exclusion formats as DWORD 0 blobs next to the text', async () => {
    const fake = fakeClipboard()
    await createElectronClipboard(fake.clipboard, 'win32').writeSecret(token)
    const items = fake.calls[0]?.items ?? {}
    expect(Object.keys(items)).toEqual([
      'text/plain',
      raw('ExcludeClipboardContentFromMonitorProcessing'),
      raw('CanIncludeInClipboardHistory'),
      raw('CanUploadToCloudClipboard'),
    ])
    expect(items['text/plain']).toBe(token)
    for (const key of Object.keys(items).slice(1)) {
      expect(await bytesOf(items[key])).toEqual([0, 0, 0, 0])
    }
  })

  it('Linux: the KDE password-manager hint', async () => {
    const fake = fakeClipboard()
    await createElectronClipboard(fake.clipboard, 'linux').writeSecret(token)
    expect(fake.calls[0]?.items).toEqual({
      'text/plain': token,
      [raw('x-kde-passwordManagerHint')]: 'secret',
    })
  })

  it('elsewhere: plain text', async () => {
    const fake = fakeClipboard()
    await createElectronClipboard(fake.clipboard, 'aix').writeSecret(token)
    expect(fake.calls).toEqual([{ op: 'writeText', text: token }])
  })

  it('when the markers are refused: plain text, a warning without the token, then text only', async () => {
    const fake = fakeClipboard({ refuseWrite: true })
    const lines: string[] = []
    const logger = {
      log: (level: LogLevel, message: string, fields?: LogFields) =>
        lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
    }
    const secure = createElectronClipboard(fake.clipboard, 'win32', logger)
    await secure.writeSecret(token)
    await secure.writeSecret('second')
    expect(fake.calls).toEqual([
      { op: 'writeText', text: token },
      { op: 'writeText', text: 'second' },
    ])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^warn clipboard: the concealment markers were refused/)
    expect(lines.join('\n')).not.toContain(token)
  })

  it('reads and clears the system clipboard', async () => {
    const fake = fakeClipboard()
    const secure = createElectronClipboard(fake.clipboard, 'darwin')
    await secure.writeSecret(token)
    expect(await secure.readText()).toBe(token)
    await secure.clear()
    expect(await secure.readText()).toBe('')
  })
})
