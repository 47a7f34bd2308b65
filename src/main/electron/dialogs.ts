/**
 * The core's `HostDialogs` as Electron's native dialogs. The paths never reach the window: the
 * core reads or writes the chosen file and hands the page a name.
 */
import { basename, extname, join } from 'node:path'
import type {
  BrowserWindow,
  FileFilter,
  MessageBoxOptions,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron'
import { app, dialog } from 'electron'
import type { HostDialogs } from '../core/ports'
import { confirmationWording } from '../core/confirmation-messages'
import type { Locale } from '../../shared/i18n'

type FilePurpose = Parameters<HostDialogs['chooseFile']>[0]

const allFiles: FileFilter = { name: 'All files', extensions: ['*'] }

const openDialogs: Record<FilePurpose, { title: string; filters: FileFilter[] }> = {
  'private-key': {
    title: 'Choose the private key (PEM) of the service app',
    filters: [{ name: 'PEM private key', extensions: ['pem', 'key'] }, allFiles],
  },
  profile: {
    title: 'Choose an OAuth app configuration (coze_oauth_config.json)',
    filters: [{ name: 'JSON', extensions: ['json'] }, allFiles],
  },
  import: {
    title: 'Choose an account export to import',
    filters: [{ name: 'JSON', extensions: ['json'] }, allFiles],
  },
}

export function createElectronDialogs(
  getWindow: () => BrowserWindow | undefined,
  /** The language the person chose (or the system's), for the dialogs main words itself. */
  getLocale: () => Locale = () => 'en',
): HostDialogs {
  // Attached to the window, a dialog is modal to it (a sheet on macOS); else it stands alone.
  const parent = (): BrowserWindow | undefined => {
    const window = getWindow()
    return window && !window.isDestroyed() ? window : undefined
  }
  /** Shows a question whose first button agrees; every other way out declines. */
  const agreed = async (options: MessageBoxOptions): Promise<boolean> => {
    const window = parent()
    const { response } = window
      ? await dialog.showMessageBox(window, options)
      : await dialog.showMessageBox(options)
    return response === 0
  }

  return {
    async chooseFile(purpose, suggestedPath) {
      // Here the person always picks in the system's own dialog. A path from the window (a file
      // dropped on it) only preselects that file: a page must not make main read a file the
      // person did not confirm.
      const options: OpenDialogOptions = {
        ...openDialogs[purpose],
        ...(suggestedPath ? { defaultPath: suggestedPath } : {}),
        // Windows: keep a private key (or an export with tokens) out of "Recent files".
        properties: ['openFile', 'dontAddToRecent'],
      }
      const window = parent()
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options)
      const [path] = result.filePaths
      return result.canceled || path === undefined ? null : path
    },

    async chooseSaveFile(suggestedName) {
      // Only a name is suggested: the folder is the person's to choose.
      const name = basename(suggestedName)
      const options: SaveDialogOptions = {
        title: 'Save the account export',
        defaultPath: join(documentsDir() ?? '', name),
        filters:
          extname(name).toLowerCase() === '.json'
            ? [{ name: 'JSON', extensions: ['json'] }, allFiles]
            : [allFiles],
        properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
      }
      const window = parent()
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },

    async confirmReveal(accountLabel) {
      const options: MessageBoxOptions = {
        type: 'warning',
        title: 'Show token',
        message: `Show the access token of "${accountLabel}"?`,
        detail:
          'The token will be visible on screen: anyone who can see it, or a screen share or ' +
          'recording, can copy it.',
        buttons: ['Show token', 'Cancel'],
        // Enter, Escape and closing the box all mean "Cancel": showing takes a deliberate click.
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      }
      return agreed(options)
    },

    async confirmWeakening(request) {
      // Main's own dialog: the window can neither answer it nor skip it.
      const wording = confirmationWording(request, getLocale())
      const options: MessageBoxOptions = {
        type: 'warning',
        title: wording.title,
        message: wording.title,
        detail: wording.detail,
        buttons: [wording.confirm, wording.cancel],
        // As for revealing: Enter, Escape and closing the box keep the protection.
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      }
      return agreed(options)
    },
  }
}

/** The documents folder, when the OS has one (`getPath` throws when it cannot find it). */
function documentsDir(): string | undefined {
  try {
    return app.getPath('documents')
  } catch {
    return undefined
  }
}
