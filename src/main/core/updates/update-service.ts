/**
 * The app's own updates, from the server an organisation named at build time (electron-updater's
 * generic provider; the build writes its address into `resources/app-update.yml`).
 *
 * - No address baked in, or not a packaged build: nothing is ever checked, and the updater is
 *   never even created.
 * - Otherwise: a check at start and every few hours. Whether a version is an update (newer by
 *   semver, supported by this system) and whether its download is intact (its SHA-512, and on
 *   Windows and macOS the installer's code signature) is electron-updater's to decide; this
 *   service never turns a check off.
 * - A downloaded update waits. The window says "Update ready: restart", and only the person's
 *   click installs it: the app never restarts or installs on its own, not even when it quits.
 */
import type { UpdateStatus } from '../../../shared/ipc-contract'
import type { Logger } from '../logger'

/** What this service uses of electron-updater's AppUpdater (the Electron shell passes its own). */
export interface Updater {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  allowDowngrade: boolean
  checkForUpdates(): Promise<unknown>
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
}

/** One file of electron-builder's app-update.yml: `key: value` lines. */
export interface UpdateFeed {
  provider: string
  url: string
}

/**
 * The feed in an `app-update.yml` as electron-builder writes it, or undefined when it names no
 * usable generic server. Only the two keys this decision needs are read; electron-updater reads
 * the file again itself.
 */
export function parseUpdateFeed(text: string | undefined): UpdateFeed | undefined {
  if (text === undefined) return undefined
  const values = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z]\w*):\s*(.*?)\s*$/.exec(line)
    if (match?.[1] && match[2] !== undefined) {
      values.set(match[1], match[2].replace(/^(['"])(.*)\1$/, '$2'))
    }
  }
  const provider = values.get('provider')
  const url = values.get('url')
  if (provider !== 'generic' || !url) return undefined
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined
  } catch {
    return undefined
  }
  return { provider, url }
}

export type UpdateDecision =
  | { check: true; feed: UpdateFeed }
  | { check: false; reason: Extract<UpdateStatus, { state: 'off' }>['reason'] }

/** Whether this app looks for updates at all. */
export function updateDecision(options: {
  packaged: boolean
  feed: UpdateFeed | undefined
}): UpdateDecision {
  if (!options.packaged) return { check: false, reason: 'not-packaged' }
  if (!options.feed) return { check: false, reason: 'no-update-server' }
  return { check: true, feed: options.feed }
}

export interface UpdateService {
  status(): UpdateStatus
  /** Quits and installs the ready update; false (and nothing happens) when none is ready. */
  restartToUpdate(): boolean
  /** The first check; later ones follow every `checkEveryMs`. */
  start(): void
  /** One check now (start calls it; tests await it). */
  checkNow(): Promise<void>
  dispose(): void
}

export interface UpdateServiceOptions {
  decision: UpdateDecision
  /** Called once, and only when the decision is to check. */
  createUpdater: () => Updater
  onStatus?: (status: UpdateStatus) => void
  /** Six hours by default: an app left running for days still hears of a release. */
  checkEveryMs?: number
  logger: Logger
}

const defaultCheckEveryMs = 6 * 60 * 60 * 1000

/** Updates that are never checked: the browser host, and builds without an update server. */
export function noUpdates(
  reason: Extract<UpdateStatus, { state: 'off' }>['reason'],
): UpdateService {
  return {
    status: () => ({ state: 'off', reason }),
    restartToUpdate: () => false,
    start: () => {},
    checkNow: async () => {},
    dispose: () => {},
  }
}

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { decision, logger } = options
  if (!decision.check) return noUpdates(decision.reason)

  let status: UpdateStatus = { state: 'idle' }
  let updater: Updater | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  let checking: Promise<void> | undefined
  let disposed = false

  const setStatus = (next: UpdateStatus): void => {
    status = next
    options.onStatus?.(next)
  }

  const theUpdater = (): Updater => {
    if (updater) return updater
    const created = options.createUpdater()
    created.autoDownload = true
    // Installing on quit would run an installer (on Linux, a password prompt) the person did not
    // ask for: the update waits for the click on "Update ready: restart".
    created.autoInstallOnAppQuit = false
    created.allowDowngrade = false
    created.on('update-downloaded', (info) => {
      if (!disposed) setStatus({ state: 'ready', version: info.version })
    })
    created.on('error', (error) => {
      // The server, the network or a download that failed its checks: the next check tries again.
      logger.log('warn', 'update check failed', { errorName: error.name })
    })
    updater = created
    return created
  }

  const checkNow = (): Promise<void> => {
    // A found update stays found: checking again would only download it again.
    if (disposed || status.state === 'ready') return Promise.resolve()
    checking ??= (async () => {
      try {
        const result = (await theUpdater().checkForUpdates()) as {
          downloadPromise?: Promise<unknown> | null
        } | null
        // The download runs in the background; its end is the 'update-downloaded' event. A failed
        // download is already reported through 'error'.
        await result?.downloadPromise?.catch(() => undefined)
      } catch (error) {
        logger.log('warn', 'update check failed', {
          errorName: error instanceof Error ? error.name : typeof error,
        })
      } finally {
        checking = undefined
      }
    })()
    return checking
  }

  return {
    status: () => structuredClone(status),
    restartToUpdate() {
      if (status.state !== 'ready' || !updater) return false
      // Not silent (Windows shows its installer's progress), and the app comes back afterwards.
      updater.quitAndInstall(false, true)
      return true
    },
    start() {
      if (timer || disposed) return
      void checkNow()
      timer = setInterval(() => void checkNow(), options.checkEveryMs ?? defaultCheckEveryMs)
      timer.unref?.()
    },
    checkNow,
    dispose() {
      disposed = true
      clearInterval(timer)
    },
  }
}
