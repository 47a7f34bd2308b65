/**
 * What the `coze-auth` command and a running app say to each other over the per-user local
 * socket: newline-delimited JSON, one message a line. Calls are the contract's own operations
 * (ipc-contract.ts, checked against schemas.ts), plus the few below that only a command line
 * needs. Only types and plain constants: no runtime.
 */
import type { Result } from './errors'
import type { AccountSummary, HostKind, StorageStatus } from './ipc-contract'

/** The socket file's name inside the data folder (a named pipe on Windows instead). */
export const commandLineSocketName = 'coze-auth.sock'

/** The first line a client sends: who is asking, for the approval question and the log. */
export interface CommandLineHello {
  hello: {
    /** The coze-auth process. */
    pid: number
    /** The program that started it (a shell, a script), when it could be read. */
    parentPid?: number
    /** Receive the contract's events (sign-in progress) on this connection. */
    events?: boolean
  }
}

export interface CommandLineCall {
  id: number
  operation: string
  request?: unknown
}

export type CommandLineServerMessage =
  | { id: number; result: Result<unknown> }
  | { event: string; payload: unknown }
  | { welcome: { host: HostKind; pid: number; demo: boolean } }

/** Operations only the command line uses; the window never calls them. */
export interface CommandLineOperations {
  /** A token valid for at least `minValidSeconds`, refreshed (or minted) first when needed. */
  commandLineToken: {
    request: { accountId: string; minValidSeconds: number }
    response: {
      token: string
      apiBase: string
      /** https://api.coze.com, the SDKs' default: no COZE_API_BASE needed. */
      isDefaultApiBase: boolean
      expiresAt?: number
      account: AccountSummary
    }
  }
  commandLineStatus: {
    request: void
    response: {
      host: HostKind | 'command-line'
      pid: number
      demo: boolean
      storage: StorageStatus
      defaultAccountId?: string
      askBeforeToken: boolean
    }
  }
}

/**
 * `npm run demo` describes itself in its folder, so that `coze-auth --demo` finds its stand-in
 * for Coze and its data folder; removed when the demo stops.
 */
export const demoDescriptionName = 'demo.json'

export interface DemoDescription {
  /** The stand-in's addresses for coze.com and coze.cn. */
  regions: Record<'com' | 'cn', { apiBase: string; webBase: string }>
  /** The demo app's data folder (its socket is there while it runs). */
  appDataDir: string
  /** The demo's ready-made apps. */
  profilesDir?: string
}
