/**
 * The tray icon: a thin adapter that turns the pure menu model (core/tray/tray-menu.ts) into an
 * Electron menu. Everything worth testing happens in the model; this file only maps and wires.
 *
 * Call after `app.whenReady()`. `rebuild()` is for the composition root to call when the accounts
 * change; the adapter itself rebuilds once a minute and on resume from sleep, so the remaining
 * times stay true. An unchanged model leaves the native menu alone (no flicker, no closed menu).
 */
import { Menu, powerMonitor, Tray } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import type { Logger } from '../core/logger'
import { silentLogger } from '../core/logger'
import { buildTrayMenu } from '../core/tray/tray-menu'
import type { TrayAction, TrayBadge, TrayInput, TrayMenuItem } from '../core/tray/tray-menu'

export interface TrayOptions {
  iconPath: string
  /** Icons for the warning and error states; the plain icon when absent. */
  badgeIconPaths?: Partial<Record<TrayBadge, string>>
  /** The accounts, the time and the language right now. */
  getState(): TrayInput
  /** Runs a menu choice; a rejection is logged (the caller shows errors in the window). */
  onAction(action: TrayAction): void | Promise<void>
  /** Default one minute. */
  rebuildEveryMs?: number
  platform?: NodeJS.Platform
  logger?: Logger
}

export interface TrayHandle {
  rebuild(): void
  destroy(): void
}

export function createTray(options: TrayOptions): TrayHandle {
  const platform = options.platform ?? process.platform
  const logger = options.logger ?? silentLogger
  const tray = new Tray(options.iconPath)
  let shownModel = ''
  let shownIcon = options.iconPath

  const run = (action: TrayAction): void => {
    Promise.resolve()
      .then(() => options.onAction(action))
      .catch((error: unknown) => {
        logger.log('warn', 'tray: action failed', {
          action: action.kind,
          error: error instanceof Error ? error.name : typeof error,
        })
      })
  }

  const rebuild = (): void => {
    if (tray.isDestroyed()) return
    let model
    try {
      model = buildTrayMenu(options.getState())
    } catch (error) {
      logger.log('error', 'tray: could not build the menu', {
        error: error instanceof Error ? error.name : typeof error,
      })
      return
    }
    const serialised = JSON.stringify(model)
    if (serialised === shownModel) return
    shownModel = serialised
    tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => toTemplate(item))))
    tray.setToolTip(model.tooltip)
    const icon = options.badgeIconPaths?.[model.badge] ?? options.iconPath
    if (icon !== shownIcon) {
      tray.setImage(icon)
      shownIcon = icon
    }
  }

  const toTemplate = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { id: item.id, type: 'separator' }
      case 'note':
        return { id: item.id, label: escapeLabel(item.label), enabled: false }
      case 'action':
        return {
          id: item.id,
          label: escapeLabel(item.label),
          enabled: item.enabled,
          click: () => run(item.action),
        }
      case 'account':
        return {
          id: item.id,
          label: escapeLabel(item.label),
          submenu: item.submenu.map((entry) => toTemplate(entry)),
        }
    }
  }

  // Windows shows the menu on a right click; a left click conventionally opens the app.
  if (platform === 'win32') tray.on('click', () => run({ kind: 'open' }))
  powerMonitor.on('resume', rebuild)
  const timer = setInterval(rebuild, options.rebuildEveryMs ?? 60_000)
  rebuild()

  return {
    rebuild,
    destroy() {
      clearInterval(timer)
      powerMonitor.off('resume', rebuild)
      if (!tray.isDestroyed()) tray.destroy()
    },
  }
}

/**
 * Electron reads `&` in a menu label as a mnemonic marker on every platform (macOS strips it), so
 * an account named "R&D" needs its ampersand doubled to show it.
 */
function escapeLabel(label: string): string {
  return label.replaceAll('&', '&&')
}
