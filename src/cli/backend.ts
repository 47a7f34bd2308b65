/**
 * Where `coze-auth` gets its answers: the running app over its socket, or, when no app runs, the
 * same stores opened by the command itself under the data-folder lock the app takes too. Both
 * answer the same calls with the same handlers (command-line-service.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type * as KeychainModuleNamespace from '../main/core/vault/keychain-vault'
import type { DemoDescription } from '../shared/command-line'
import { demoDescriptionName } from '../shared/command-line'
import type { Result } from '../shared/errors'
import type { HostKind } from '../shared/ipc-contract'
import { commandLineSocketPath } from '../main/core/command-line/socket-path'
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
  // Only now the core, the stores and the keychain: a command the app answers never loads them.
  keychainModule = import('../main/core/vault/keychain-vault')
  const { openOwnStores } = await import('./own-stores')
  return openOwnStores(chosen, options.demo, !named && chosen === desktopDataDir())
}

type KeychainModule = typeof KeychainModuleNamespace

/** The keychain's module, once a command opened the stores itself (never for the app's socket). */
let keychainModule: Promise<KeychainModule> | undefined

/**
 * Waits until no keychain call of this process is in flight, or `boundMs` passed: exiting in the
 * middle of one can make gnome-keyring abort, and a probe cut short would leave its entry in the
 * keychain (see `keychainQuiet`). Nothing to wait for when the command never opened the stores.
 */
export async function keychainQuiet(boundMs: number): Promise<void> {
  if (keychainModule) await (await keychainModule).keychainQuiet(boundMs)
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

/** A close that may be called again (a command closes early, the caller closes at the end). */
export function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => (closing ??= close())
}
