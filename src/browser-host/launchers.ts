import { spawn } from 'node:child_process'
import type { BrowserLauncher } from '../main/core/ports'
import { hasOpenableScheme } from '../main/core/security/url-policy'

/**
 * Whether a person sits at a graphical desktop that can show a browser: always on macOS and
 * Windows; on Linux and the BSDs only with an X11 or Wayland display (over SSH or on a server there
 * is none, and xdg-open would start a text browser or fail).
 */
export function hasDesktopSession(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (platform === 'darwin' || platform === 'win32') return true
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

/**
 * Opens URLs with the desktop's own opener (xdg-open, open, start). It keeps only the scheme floor:
 * the core checks its ExternalUrlPolicy before a sign-in page gets here, and the host opens its
 * own loopback page with it.
 */
export function createSystemBrowserLauncher(
  platform: NodeJS.Platform = process.platform,
): BrowserLauncher {
  return {
    open(url) {
      // Then the sign-in shows its address for the person to open wherever they are.
      if (!hasDesktopSession(process.env, platform)) {
        return Promise.reject(new Error('There is no desktop here to open a browser on.'))
      }
      if (!hasOpenableScheme(url)) {
        return Promise.reject(
          new Error('The app opens only https addresses (and http on this computer).'),
        )
      }
      const [command, args] =
        platform === 'darwin'
          ? ['open', [url]]
          : platform === 'win32'
            ? // No shell: cmd would read | < > ^ % in the URL as commands.
              ['rundll32', ['url.dll,FileProtocolHandler', new URL(url).href]]
            : ['xdg-open', [url]]
      return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: 'ignore', detached: true })
        child.once('error', reject)
        child.once('spawn', () => {
          child.unref()
          resolve()
        })
      })
    },
  }
}

/**
 * Records the URLs it is asked to open instead of opening them: the browser host's tests read them
 * (and drive the sandbox's pages with them), exactly where a person's browser would have gone.
 */
export class RecordingBrowserLauncher implements BrowserLauncher {
  readonly opened: string[] = []
  private readonly waiters: ((url: string) => void)[] = []

  async open(url: string): Promise<void> {
    if (!hasOpenableScheme(url)) throw new Error('Refused by the URL policy.')
    this.opened.push(url)
    for (const waiter of this.waiters.splice(0)) waiter(url)
  }

  /** The next URL opened from now on. */
  next(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }
}
