/**
 * The IPC registration against a stand-in for `ipcMain` (no Electron binary here): one handler
 * per contract operation, and only the main frame of the app's own page reaches the core.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { operationChannels } from '../../../src/shared/ipc-contract'

type Handler = (event: unknown, request: unknown) => Promise<unknown>

const electron = vi.hoisted(() => ({ handlers: new Map<string, Handler>() }))

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
}))

const { registerIpcHandlers } = await import('../../../src/main/electron/ipc')

const pageUrl = 'file:///opt/app/out/renderer/index.html'
const mainFrame = { url: pageUrl }
const contents = { mainFrame }
const calls: { operation: unknown; request: unknown }[] = []
const dispatch = async (operation: unknown, request: unknown): Promise<unknown> => {
  calls.push({ operation, request })
  return { ok: true, value: 'dispatched' }
}

beforeEach(() => {
  electron.handlers.clear()
  calls.length = 0
})

describe('registerIpcHandlers', () => {
  it('registers one handler per contract operation and removes them all', () => {
    const unregister = registerIpcHandlers(dispatch as never, () => ({
      contents: contents as never,
      pageUrl,
    }))
    expect([...electron.handlers.keys()].sort()).toEqual(Object.values(operationChannels).sort())
    unregister()
    expect(electron.handlers.size).toBe(0)
  })

  it('passes a call from the main frame of the app page to the core', async () => {
    registerIpcHandlers(dispatch as never, () => ({ contents: contents as never, pageUrl }))
    const handler = electron.handlers.get(operationChannels.listAccounts)
    const result = await handler?.({ sender: contents, senderFrame: mainFrame }, undefined)
    expect(result).toEqual({ ok: true, value: 'dispatched' })
    expect(calls).toEqual([{ operation: 'listAccounts', request: undefined }])
  })

  it.each([
    ['another web contents', { sender: { mainFrame }, senderFrame: mainFrame }],
    ['a sub-frame of the page', { sender: contents, senderFrame: { url: pageUrl } }],
    ['the page after it navigated away', { sender: contents, senderFrame: null }],
  ])('refuses %s with FORBIDDEN_SENDER, never reaching the core', async (_name, event) => {
    registerIpcHandlers(dispatch as never, () => ({ contents: contents as never, pageUrl }))
    const handler = electron.handlers.get(operationChannels.revealToken)
    const result = await handler?.(event, { accountId: 'a' })
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(calls).toEqual([])
  })

  it('refuses a main frame showing another page', async () => {
    const elsewhere = { url: 'https://evil.example/index.html' }
    const navigated = { mainFrame: elsewhere }
    registerIpcHandlers(dispatch as never, () => ({ contents: navigated as never, pageUrl }))
    const handler = electron.handlers.get(operationChannels.copyToken)
    const result = await handler?.({ sender: navigated, senderFrame: elsewhere }, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(calls).toEqual([])
  })

  it('refuses everything while there is no window', async () => {
    registerIpcHandlers(dispatch as never, () => undefined)
    const handler = electron.handlers.get(operationChannels.getAppInfo)
    expect(await handler?.({ sender: contents, senderFrame: mainFrame }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    })
  })
})
