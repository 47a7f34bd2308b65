/**
 * Where `coze-auth` gets its answers: the running app over its socket, or, when no app runs, the
 * same stores opened by the command itself under the data-folder lock the app takes too. Both
 * answer the same calls with the same handlers (command-line-service.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { DemoDescription } from '../shared/command-line'
import { demoDescriptionName } from '../shared/command-line'
import type { Result } from '../shared/errors'
import type { AppSettings, HostKind } from '../shared/ipc-contract'
import { createHostServices, openPersistentCore } from '../main/core'
import { createCommandLineService } from '../main/core/command-line/command-line-service'
import { describeProgram } from '../main/core/command-line/socket-server'
import { commandLineSocketPath } from '../main/core/command-line/socket-path'
import { acquireDataDirLockWaiting } from '../main/core/data-dir-lock'
import { AppError } from '../main/core/errors'
import { confFactory } from '../main/core/vault/conf-factory'
import { probeKeychain } from '../main/core/vault/keychain-vault'
import { secretFilePaths } from '../main/core/vault/vault-selection'
import { createSystemBrowserLauncher } from '../browser-host/launchers'
import { connectToApp } from './socket-client'

export type { DemoDescription }

export interface Backend {
  mode: 'app' | 'own'
  host: HostKind | 'command-line'
  pid: number
  dataDir: string
  socketPath: string
  call(operation: string, request?: unknown): Promise<Result<unknown>>
  onEvent(listener: (event: string, payload: unknown) => void): () => void
  close(): Promise<void>
}

/** A failure of the command line itself, before any call: its exit kind and its message's facts. */
export class CliFailure extends Error {
  constructor(
    readonly kind: 'desktopOnlySecrets' | 'keychain' | 'busy' | 'demoMissing' | 'unsafeSocket',
    readonly params: Record<string, string | number> = {},
  ) {
    super(kind)
  }
}

export function defaultDemoDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COZE_AUTH_DEMO_DIR) return env.COZE_AUTH_DEMO_DIR
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'coze-auth-companion', 'demo')
}

export function readDemoDescription(dir: string): DemoDescription {
  try {
    const parsed = JSON.parse(
      readFileSync(join(dir, demoDescriptionName), 'utf8'),
    ) as DemoDescription
    if (!parsed.regions?.com?.apiBase || !parsed.regions.cn?.apiBase || !parsed.appDataDir) {
      throw new Error('incomplete')
    }
    return parsed
  } catch {
    throw new CliFailure('demoMissing', { dir })
  }
}

/** The desktop app's folder (Electron's userData for this app's name). */
export function desktopDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const name = 'coze-auth-companion'
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name)
  if (process.platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name)
  }
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), name)
}

/** The browser host's folder (host-app.ts `defaultDataDir`). */
export function browserHostDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'coze-auth-companion', 'browser-host')
}

export interface BackendOptions {
  /** Named by --data-dir or COZE_AUTH_DATA_DIR; otherwise the folders of both apps are tried. */
  dataDir?: string
  demo?: DemoDescription
  /** Hear the app's events (a sign-in's progress). */
  events?: boolean
}

/**
 * The app that answers, or the stores opened here. Without a named folder: the folder whose app
 * runs, else the one that holds accounts (the desktop app's first), else the browser host's.
 */
export async function openBackend(options: BackendOptions): Promise<Backend> {
  const named = options.dataDir ?? options.demo?.appDataDir
  const candidates = named ? [named] : [desktopDataDir(), browserHostDataDir()]
  for (const dir of candidates) {
    const backend = await viaSocket(dir, options.events === true)
    if (backend) return backend
  }
  const chosen =
    candidates.find((dir) => existsSync(join(dir, 'metadata.json'))) ??
    candidates[candidates.length - 1] ??
    browserHostDataDir()
  return openOwnStores(chosen, options.demo)
}

async function viaSocket(dataDir: string, events: boolean): Promise<Backend | undefined> {
  const socketPath = commandLineSocketPath(dataDir)
  let connection
  try {
    connection = await connectToApp(socketPath, { events })
  } catch (error) {
    if (error instanceof Error && 'reason' in error) {
      throw new CliFailure('unsafeSocket', {
        path: socketPath,
        reason: String((error as { reason: unknown }).reason),
      })
    }
    throw error
  }
  if (!connection) return undefined
  return {
    mode: 'app',
    host: connection.host,
    pid: connection.pid,
    dataDir,
    socketPath,
    call: (operation, request) => connection.call(operation, request),
    onEvent: (listener) => connection.onEvent(listener),
    close: once(async () => connection.close()),
  }
}

/** The stored settings, read without opening the store (to decide whether it may be opened). */
function storedSettings(dataDir: string): Partial<AppSettings> {
  try {
    const document = JSON.parse(readFileSync(join(dataDir, 'metadata.json'), 'utf8')) as {
      settings?: Partial<AppSettings>
    }
    return document.settings ?? {}
  } catch {
    return {}
  }
}

/** Whether the desktop app's safeStorage file holds any secret (only that app can read them). */
function safeStorageHoldsSecrets(dataDir: string): boolean {
  try {
    const document = JSON.parse(readFileSync(secretFilePaths(dataDir).safeStorage, 'utf8')) as {
      entries?: Record<string, Record<string, unknown>>
    }
    return Object.values(document.entries ?? {}).some((group) => Object.keys(group).length > 0)
  } catch {
    return false
  }
}

async function openOwnStores(dataDir: string, demo: DemoDescription | undefined): Promise<Backend> {
  let releaseLock: () => void
  try {
    // A few seconds: another coze-auth may be finishing its command on this folder.
    releaseLock = await acquireDataDirLockWaiting(dataDir, 15_000)
  } catch (error) {
    if (error instanceof AppError && error.params?.reason === 'data-dir-locked') {
      throw new CliFailure('busy', { dir: dataDir, pid: error.params.pid ?? '?' })
    }
    throw error
  }
  try {
    /*
     * Opening a folder whose secrets this process cannot read would mark every account "needs
     * sign-in" (the core reconciles the list with the secrets it finds): so it is not opened.
     * That is the desktop app's safeStorage file while the settings keep secrets there; once the
     * person chose the keychain, the app moves them out of it.
     */
    if (storedSettings(dataDir).secretStorage !== 'keychain' && safeStorageHoldsSecrets(dataDir)) {
      throw new CliFailure('desktopOnlySecrets', { dir: dataDir })
    }
    const probe = await probeKeychain({})
    if (!probe.available) {
      throw new CliFailure('keychain', { code: probe.error.code, message: probe.error.message })
    }
    const persistent = await openPersistentCore({
      dataDir,
      metadataFactory: confFactory,
      defaultSecretStorage: 'keychain',
      browser: createSystemBrowserLauncher(),
      ...(demo ? { regions: demo.regions } : {}),
      ...(demo?.profilesDir ? { bundledProfilesDir: demo.profilesDir } : {}),
    })
    const appInfo = {
      name: 'coze-auth',
      version: '0',
      host: 'browser' as const,
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node },
      ...(demo ? { demo: true } : {}),
    }
    const services = createHostServices({
      persistent,
      clipboard: {
        writeSecret: () => Promise.reject(new Error('no clipboard')),
        readText: async () => '',
        clear: async () => undefined,
      },
      app: {
        host: 'browser',
        appName: appInfo.name,
        appVersion: appInfo.version,
        platform: appInfo.platform,
        arch: appInfo.arch,
        runtimeVersions: appInfo.versions,
        ...(demo ? { demo: true } : {}),
      },
      // A command runs and ends: the app's background refresh is the app's.
      startScheduler: false,
    })
    const service = createCommandLineService({
      services,
      persistent,
      appInfo,
      runner: 'command-line',
    })
    const caller = { program: describeProgram(process.pid, process.ppid) }
    return {
      mode: 'own',
      host: 'command-line',
      pid: process.pid,
      dataDir,
      socketPath: commandLineSocketPath(dataDir),
      call: (operation, request) => service.dispatch(operation, request, caller),
      onEvent: (listener) => services.events.subscribe((name, payload) => listener(name, payload)),
      close: once(async () => {
        await services.dispose()
        releaseLock()
      }),
    }
  } catch (error) {
    releaseLock()
    throw error
  }
}

/** A close that may be called again (a command closes early, the caller closes at the end). */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => (closing ??= close())
}
