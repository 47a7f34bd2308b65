/**
 * The only module that knows where the API object comes from: the Electron preload, or the
 * browser host's HTTP bridge. Stores import `useApi()` and nothing else.
 */
import type { ErrorPayload, Result } from '../../../shared/errors'
import type { CompanionApi } from '../../../shared/ipc-contract'
import { createHttpBridge, takeBridgeSecret } from './http-bridge'

let api: CompanionApi | undefined

export function installApi(instance: CompanionApi): void {
  api = instance
}

export function resolveApi(): CompanionApi | undefined {
  if (api) return api
  if (window.cozeCompanion) {
    api = window.cozeCompanion
    return api
  }
  const secret = takeBridgeSecret(window.location, window.sessionStorage, window.history)
  if (secret) api = createHttpBridge(secret)
  return api
}

export function useApi(): CompanionApi {
  const resolved = resolveApi()
  if (!resolved) throw new ApiUnavailableError()
  return resolved
}

export class ApiUnavailableError extends Error {
  constructor() {
    super('The page was opened without the app behind it.')
    this.name = 'ApiUnavailableError'
  }
}

/** A failed operation, as the stores see it: the payload from main, unchanged. */
export class OperationError extends Error {
  readonly payload: ErrorPayload
  constructor(payload: ErrorPayload) {
    super(payload.message)
    this.name = 'OperationError'
    this.payload = payload
  }
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw new OperationError(result.error)
}
