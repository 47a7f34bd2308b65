import { BrowserWindow, session, shell } from 'electron'
import { isPermissionAllowed } from '../core/security/permission-policy'
import { hasOpenableScheme } from '../core/security/url-policy'

export interface MainWindowOptions {
  preloadPath: string
  /**
   * Where the page comes from: `app://renderer/index.html` (see app-protocol.ts), or
   * electron-vite's dev server in development. Never `file://`.
   */
  pageUrl: string
  /**
   * Whether a link or navigation of the page may go to the system browser: the core's
   * ExternalUrlPolicy (the regions' web hosts and the help pages), never any https address.
   */
  allowsExternal: (url: string) => boolean
}

export interface MainWindow {
  window: BrowserWindow
  /** The exact URL the page was loaded from: IPC is accepted only from this page. */
  pageUrl: string
}

/** Opens an external URL in the system browser, if `allows` it (and its scheme is openable). */
export async function openExternalSafely(
  url: string,
  allows: (url: string) => boolean,
): Promise<boolean> {
  if (!hasOpenableScheme(url) || !allows(url)) return false
  await shell.openExternal(url, { activate: true })
  return true
}

export function createMainWindow(options: MainWindowOptions): MainWindow {
  const window = new BrowserWindow({
    width: 1080,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Coze Auth Companion',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  const { pageUrl } = options

  // The page never navigates: links to the outside go to the system browser through the policy.
  window.webContents.on('will-navigate', (event, url) => {
    event.preventDefault()
    void openExternalSafely(url, options.allowsExternal)
  })
  window.webContents.on('will-redirect', (event) => event.preventDefault())
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url, options.allowsExternal)
    return { action: 'deny' }
  })
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, pageUrl))
  })
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin, details) =>
      isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, pageUrl),
  )

  window.once('ready-to-show', () => window.show())
  void window.loadURL(pageUrl)
  return { window, pageUrl }
}
