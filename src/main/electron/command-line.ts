/**
 * The desktop app's side of `coze-auth`: it holds the data-folder lock the command line takes
 * when no app runs, and serves the command line on the folder's socket, asking the person in a
 * native dialog before a token goes out when the setting says so.
 */
import type { BrowserWindow } from 'electron'
import { app, dialog } from 'electron'
import { commandLineApprovalText } from '../../shared/command-line-texts'
import type { Locale } from '../../shared/i18n'
import type { HostServices, PersistentCore } from '../core'
import { serveCommandLine } from '../core/command-line/serve'
import type { CommandLineSocket } from '../core/command-line/socket-server'
import { acquireDataDirLockWaiting } from '../core/data-dir-lock'
import type { Logger } from '../core/logger'

/**
 * The lock, waiting a moment for a `coze-auth` command that opened the stores itself. Without
 * it the app still starts (the single-instance lock keeps a second app out), and says so.
 */
export async function holdDataFolderForCommandLine(
  dataDir: string,
  logger: Logger,
): Promise<() => void> {
  try {
    return await acquireDataDirLockWaiting(dataDir, 5000)
  } catch (error) {
    logger.log('warn', 'the data folder lock is held by another process', {
      errorName: error instanceof Error ? error.name : typeof error,
    })
    return () => undefined
  }
}

export interface DesktopCommandLineOptions {
  persistent: PersistentCore
  services: HostServices
  dataDir: string
  window: () => BrowserWindow | undefined
  locale: () => Locale
  logger: Logger
}

export function serveCommandLineFromDesktop(
  options: DesktopCommandLineOptions,
): Promise<CommandLineSocket | undefined> {
  return serveCommandLine({
    services: options.services,
    persistent: options.persistent,
    dataDir: options.dataDir,
    host: 'electron',
    appInfo: {
      name: app.getName(),
      version: app.getVersion(),
      host: 'electron',
      platform: process.platform,
      arch: process.arch,
      versions: {
        node: process.versions.node,
        electron: process.versions.electron,
        chrome: process.versions.chrome,
      },
    },
    approve: async ({ program, accountLabel }) => {
      const locale = options.locale()
      const text = (key: Parameters<typeof commandLineApprovalText>[1]): string =>
        commandLineApprovalText(locale, key, { program, account: accountLabel })
      const box = {
        type: 'question' as const,
        title: text('commandLineApprovalTitle'),
        message: text('commandLineApprovalTitle'),
        detail: text('commandLineApprovalBody'),
        buttons: [text('commandLineApprovalAllow'), text('commandLineApprovalDeny')],
        defaultId: 1,
        cancelId: 1,
      }
      const window = options.window()
      const { response } =
        window && !window.isDestroyed()
          ? await dialog.showMessageBox(window, box)
          : await dialog.showMessageBox(box)
      return response === 0
    },
    logger: options.logger,
  })
}
