/** What a host started from a terminal needs: opening its window, and stopping on Ctrl+C. */
import type { LogLevel } from '../main/core/logger'
import { createSystemBrowserLauncher, hasDesktopSession } from './launchers'

const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/**
 * The terminal shows errors only by default: what a person needs is printed as plain sentences,
 * and the start-up details (which secret store was probed) would only need interpreting.
 * COZE_LOG_LEVEL=info (or debug) shows them for troubleshooting.
 */
export function terminalLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const wanted = env.COZE_LOG_LEVEL as LogLevel | undefined
  return wanted && logLevels.includes(wanted) ? wanted : 'error'
}

export type OpenWindowOutcome = 'opened' | 'no-desktop' | 'failed'

/** Opens the app's address in the system browser where there is a desktop to show it on. */
export async function openWindowInSystemBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<OpenWindowOutcome> {
  if (!hasDesktopSession(env, platform)) return 'no-desktop'
  try {
    await createSystemBrowserLauncher(platform).open(url)
    return 'opened'
  } catch {
    return 'failed'
  }
}

/** Stops on the first Ctrl+C or SIGTERM; a second one while stopping is not an abort. */
export function stopOnSignals(app: { stop(): Promise<void> }): void {
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    app.stop().then(
      () => {
        console.log('Stopped.')
        process.exit(0)
      },
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${(error as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
