import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SandboxClock } from './clock'
import type { FaultController } from './faults'
import type { BodyFormat } from './http-util'
import type { RegionState } from './registry'

/**
 * In which order the code grant checks what it was sent. The notes do not say whether Coze looks
 * at the client or at the code first (UNCONFIRMED), so the sandbox can play either server.
 */
export type CodeGrantOrder = 'client-first' | 'code-first'

export interface SandboxRuntime {
  clock: SandboxClock
  faults: FaultController
  codeGrantOrder: CodeGrantOrder
}

export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  region: RegionState
  runtime: SandboxRuntime
  /** Parsed according to the route's body format; empty for GET. */
  body: Record<string, unknown>
  params: Record<string, string>
  logId: string
}

/** Decides how errors look: OAuth flat JSON, an HTML page, or the `/v1` envelope. */
export type RouteFlavour = 'oauth' | 'page' | 'openapi'

export interface Route {
  method: 'GET' | 'POST'
  pattern: RegExp
  /** Names of the pattern's capture groups, in order. */
  paramNames?: string[]
  flavour: RouteFlavour
  body: BodyFormat | null
  handle(ctx: RouteContext): void | Promise<void>
}
