/**
 * The Electron tray adapter against stand-ins for Tray, Menu and powerMonitor (no Electron binary
 * here): how the model becomes a menu template, and when the menu is rebuilt.
 */
import type { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AccountSummary } from '../../../../src/shared/ipc-contract'
import type { TrayAction, TrayInput } from '../../../../src/main/core/tray/tray-menu'

interface TemplateItem {
  id?: string
  type?: string
  label?: string
  enabled?: boolean
  click?: () => void
  submenu?: TemplateItem[]
}

const electron = vi.hoisted(() => {
  const trays: FakeTray[] = []
  class FakeTray {
    menus: { template: TemplateItem[] }[] = []
    tooltips: string[] = []
    images: string[] = []
    listeners = new Map<string, () => void>()
    destroyed = false
    constructor(readonly icon: string) {
      trays.push(this)
    }
    setContextMenu(menu: { template: TemplateItem[] }) {
      this.menus.push(menu)
    }
    setToolTip(text: string) {
      this.tooltips.push(text)
    }
    setImage(path: string) {
      this.images.push(path)
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener)
    }
    isDestroyed() {
      return this.destroyed
    }
    destroy() {
      this.destroyed = true
    }
  }
  return { trays, FakeTray, powerMonitor: { emitter: undefined as EventEmitter | undefined } }
})

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  const powerMonitor = new Emitter()
  electron.powerMonitor.emitter = powerMonitor
  return {
    Tray: electron.FakeTray,
    Menu: { buildFromTemplate: (template: TemplateItem[]) => ({ template }) },
    powerMonitor,
  }
})

const { createTray } = await import('../../../../src/main/electron/tray')

const now = Date.UTC(2026, 0, 1, 12)

function account(overrides: Partial<AccountSummary> & { id: string }): AccountSummary {
  return {
    label: 'R&D',
    region: 'com',
    method: 'pkce',
    status: 'active',
    accessTokenExpiresAt: now + 30 * 60_000,
    tokenHint: 'czu_…wxyz',
    workspaceCount: 1,
    ...overrides,
  }
}

let state: TrayInput
let actions: TrayAction[]
const handles: { destroy(): void }[] = []

beforeEach(() => {
  vi.useFakeTimers()
  electron.trays.length = 0
  state = { accounts: [account({ id: 'a' })], now, locale: 'en' }
  actions = []
})

afterEach(() => {
  for (const handle of handles.splice(0)) handle.destroy()
  vi.useRealTimers()
})

function start(platform: NodeJS.Platform = 'darwin') {
  const handle = createTray({
    iconPath: '/icons/tray.png',
    badgeIconPaths: { error: '/icons/tray-error.png' },
    getState: () => state,
    onAction: (action) => {
      actions.push(action)
    },
    platform,
  })
  handles.push(handle)
  const tray = electron.trays.at(-1)
  if (!tray) throw new Error('no tray')
  const lastMenu = (): TemplateItem[] => tray.menus.at(-1)?.template ?? []
  return { handle, tray, lastMenu }
}

describe('createTray', () => {
  it('builds the menu, the tooltip and the icon from the model', () => {
    const { tray, lastMenu } = start()
    expect(tray.icon).toBe('/icons/tray.png')
    const [accountItem, separator, refreshAll, open, , quit] = lastMenu()
    // The ampersand is doubled so that Electron shows it instead of taking it as a mnemonic.
    expect(accountItem).toMatchObject({ id: 'account:a', label: 'R&&D — 30 min left' })
    expect(accountItem?.submenu?.map((item) => item.label)).toEqual([
      'Copy token',
      'Copy as export line',
      'Copy curl command',
      'Refresh',
    ])
    expect(separator).toEqual({ id: 'separator:accounts', type: 'separator' })
    expect(refreshAll).toMatchObject({ label: 'Refresh all', enabled: true })
    expect(open).toMatchObject({ label: 'Open Coze Auth Companion', enabled: true })
    expect(quit).toMatchObject({ label: 'Quit' })
    expect(tray.tooltips).toEqual(['Coze Auth Companion — 1 account · next expiry in 30 min'])
    expect(tray.images).toEqual([])
  })

  it('runs the action of a clicked item', async () => {
    const { lastMenu } = start()
    lastMenu()[0]?.submenu?.[1]?.click?.()
    lastMenu()[2]?.click?.()
    await vi.runAllTicks()
    await Promise.resolve()
    expect(actions).toEqual([
      { kind: 'copy', accountId: 'a', format: 'export' },
      { kind: 'refresh-all' },
    ])
  })

  it('rebuilds once a minute, and only when the model changed', () => {
    const { tray, lastMenu } = start()
    expect(tray.menus).toHaveLength(1)
    vi.advanceTimersByTime(60_000)
    expect(tray.menus).toHaveLength(1)

    state = { ...state, now: now + 60_000 }
    vi.advanceTimersByTime(60_000)
    expect(tray.menus).toHaveLength(2)
    expect(lastMenu()[0]?.label).toBe('R&&D — 29 min left')
  })

  it('rebuilds on demand and on resume, switching the icon with the badge', () => {
    const { handle, tray, lastMenu } = start()
    state = { ...state, accounts: [account({ id: 'a', status: 'needs-sign-in' })] }
    handle.rebuild()
    expect(lastMenu()[0]?.label).toBe('⚠ R&&D — needs sign-in')
    expect(tray.images).toEqual(['/icons/tray-error.png'])

    state = { ...state, accounts: [account({ id: 'a' })] }
    electron.powerMonitor.emitter?.emit('resume')
    expect(lastMenu()[0]?.label).toBe('R&&D — 30 min left')
    expect(tray.images).toEqual(['/icons/tray-error.png', '/icons/tray.png'])
  })

  it('on Windows a left click opens the window', async () => {
    const { tray } = start('win32')
    tray.listeners.get('click')?.()
    await Promise.resolve()
    await Promise.resolve()
    expect(actions).toEqual([{ kind: 'open' }])
    expect(start('darwin').tray.listeners.has('click')).toBe(false)
  })

  it('destroy stops the timer, the resume listener and the icon', () => {
    const { handle, tray } = start()
    expect(electron.powerMonitor.emitter?.listenerCount('resume')).toBe(1)
    expect(vi.getTimerCount()).toBe(1)
    handle.destroy()
    expect(vi.getTimerCount()).toBe(0)
    expect(tray.destroyed).toBe(true)
    expect(electron.powerMonitor.emitter?.listenerCount('resume')).toBe(0)
    state = { ...state, now: now + 5 * 60_000 }
    vi.advanceTimersByTime(10 * 60_000)
    expect(tray.menus).toHaveLength(1)
  })
})
