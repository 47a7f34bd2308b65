/**
 * The browser host's composition root: it builds the core exactly as the Electron root does, with
 * plain-Node adapters in place of Electron's (the OS keychain for secrets instead of
 * safeStorage), and serves it to a page over the HTTP bridge.
 */
import { readFileSync } from 'node:fs'
import { arch, homedir, platform } from 'node:os'
import { join, resolve } from 'node:path'
import type { CoreOptions, HostServices, PersistentCore } from '../main/core'
import { createHostServices, openPersistentCore } from '../main/core'
import type { SecureClipboard } from '../main/core/clipboard/clipboard-service'
import type { Logger } from '../main/core/logger'
import type { BrowserLauncher, HostDialogs } from '../main/core/ports'
import type { CommandLineSocket } from '../main/core/command-line/socket-server'
import { ApprovalDesk } from '../main/core/command-line/approval-desk'
import { serveCommandLine } from '../main/core/command-line/serve'
import { acquireDataDirLockWaiting } from '../main/core/data-dir-lock'
import { createSystemBrowserLauncher } from './launchers'
import type { BrowserHost } from './server'
import { startBrowserHost } from './server'

export interface BrowserHostAppOptions {
  /** Where the account list and any secret files live; default: `defaultDataDir()`. */
  dataDir?: string
  /** Default: `out/renderer` of this repository. */
  rendererDir?: string
  port?: number
  secret?: string
  logger?: Logger
  /** Default: the desktop's browser. Tests pass a recording launcher. */
  browser?: BrowserLauncher
  /** Stand-ins for coze.com and coze.cn (the sandbox). */
  regions?: CoreOptions['regions']
  /** A folder of coze_oauth_config.json files offered as ready-made profiles. */
  bundledProfilesDir?: string
  /** The desktop's clipboard command (`createCommandClipboard`); tests pass a recording one. */
  clipboard: SecureClipboard
  /** Default true; tests of the scheduler itself may drive it by hand. */
  startScheduler?: boolean
  clock?: CoreOptions['clock']
  /**
   * `npm run demo`: `regions` point at the local stand-in. The window says so on every screen and
   * secrets stay in memory, out of the person's keychain.
   */
  demo?: boolean
}

export interface BrowserHostApp {
  host: BrowserHost
  persistent: PersistentCore
  services: HostServices
  /** The socket `coze-auth` talks to; absent when it could not be served (see the log). */
  commandLine: CommandLineSocket | undefined
  stop(): Promise<void>
}

export const repositoryRoot = resolve(import.meta.dirname, '../..')

/** Apart from the desktop app's folder: the two must never write one account list at once. */
export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'coze-auth-companion', 'browser-host')
}

function readAppVersion(): string {
  const manifest = JSON.parse(readFileSync(resolve(repositoryRoot, 'package.json'), 'utf8')) as {
    version?: string
  }
  return manifest.version ?? '0.0.0'
}

export async function startBrowserHostApp(options: BrowserHostAppOptions): Promise<BrowserHostApp> {
  const dataDir = options.dataDir ?? defaultDataDir()
  // A moment's wait: a `coze-auth` command may be finishing on this folder.
  const releaseLock = await acquireDataDirLockWaiting(dataDir, 3000)
  let commandLine: CommandLineSocket | undefined
  try {
    const persistent = await openPersistentCore({
      dataDir,
      // No safeStorage outside Electron: the OS keychain is the encrypted store here.
      defaultSecretStorage: 'keychain',
      browser: options.browser ?? createSystemBrowserLauncher(),
      ...(options.regions ? { regions: options.regions } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.bundledProfilesDir ? { bundledProfilesDir: options.bundledProfilesDir } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.demo ? { secretsInMemoryOnly: true } : {}),
    })
    const identity = {
      host: 'browser' as const,
      appName: 'Coze Auth Companion',
      appVersion: readAppVersion(),
      platform: platform(),
      arch: arch(),
      runtimeVersions: { node: process.versions.node },
      ...(options.demo ? { demo: true } : {}),
    }
    // The question before a command-line tool gets a token is asked in the window.
    const approvals = new ApprovalDesk(persistent.core.events, persistent.core.clock)
    const services = createHostServices({
      persistent,
      commandLineApprovals: approvals,
      clipboard: options.clipboard,
      dialogs: browserHostDialogs(dataDir),
      app: identity,
      ...(options.startScheduler === undefined ? {} : { startScheduler: options.startScheduler }),
      ...(options.logger ? { logger: options.logger } : {}),
    })
    // `coze-auth` asks this host over the data folder's socket while it runs.
    commandLine = await serveCommandLine({
      services,
      persistent,
      dataDir,
      host: 'browser',
      approve: (request) => approvals.ask(request),
      appInfo: {
        name: identity.appName,
        version: identity.appVersion,
        host: 'browser',
        platform: identity.platform,
        arch: identity.arch,
        versions: identity.runtimeVersions,
        ...(options.demo ? { demo: true } : {}),
      },
      ...(options.logger ? { logger: options.logger } : {}),
    })
    const host = await startBrowserHost({
      rendererDir: options.rendererDir ?? resolve(repositoryRoot, 'out/renderer'),
      dispatch: services.dispatch,
      events: services.events,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.secret !== undefined ? { secret: options.secret } : {}),
    })
    return {
      host,
      persistent,
      services,
      commandLine,
      async stop() {
        approvals.withdrawAll()
        await commandLine?.stop()
        await host.stop()
        await services.dispose()
        releaseLock()
      },
    }
  } catch (error) {
    await commandLine?.stop()
    releaseLock()
    throw error
  }
}

/**
 * The browser host has no native dialogs: the page sends the path of a file on this computer (the
 * person typed it), exports go to the data folder, and the page has already asked before it
 * requests a token to show.
 */
function browserHostDialogs(dataDir: string): HostDialogs {
  return {
    chooseFile: async (_purpose, typedPath) => typedPath ?? null,
    chooseSaveFile: async (suggestedName) => join(dataDir, 'exports', suggestedName),
    confirmReveal: async () => true,
  }
}
