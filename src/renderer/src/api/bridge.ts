/**
 * The only module that knows where the API object comes from: the Electron preload, or the
 * browser host's HTTP bridge. Stores import `useApi()` and nothing else.
 */
import type { ConfirmationChallenge } from '../../../shared/confirmation'
import {
  confirmableOperations,
  confirmationTokenField,
  isConfirmationChallenge,
} from '../../../shared/confirmation'
import type { ErrorPayload, Result } from '../../../shared/errors'
import type { CompanionApi } from '../../../shared/ipc-contract'
import { createHttpBridge, takeBridgeSecret } from './http-bridge'

let api: CompanionApi | undefined

/** Asks the person about a weakened protection; resolves true when they agreed. */
export type Confirmer = (challenge: ConfirmationChallenge) => Promise<boolean>

let confirmer: Confirmer | undefined

/** The window's one confirmation dialog registers here (see WeakeningConfirmDialog.vue). */
export function setConfirmer(next: Confirmer | undefined): void {
  confirmer = next
}

/** Puts an API in place (tests; undefined forgets it, as if no app were behind the page). */
export function installApi(instance: CompanionApi | undefined): void {
  api = instance ? withConfirmation(instance) : undefined
}

export function resolveApi(): CompanionApi | undefined {
  if (api) return api
  if (window.cozeCompanion) {
    api = withConfirmation(window.cozeCompanion)
    return api
  }
  const secret = takeBridgeSecret(window.location, window.sessionStorage, window.history)
  if (secret) api = withConfirmation(createHttpBridge(secret))
  return api
}

/**
 * A person who waits past a token's lifetime is asked again with a fresh one; a main that kept
 * asking would otherwise keep the person in a loop.
 */
const maxConfirmationRounds = 3

/**
 * The one place the window handles CONFIRMATION_REQUIRED, for every operation that can weaken a
 * protection. Main decides what needs a question and issues the token; this shows the question
 * and, if the person agrees, sends the very same request back with the token. In the desktop app
 * main asks in its own dialog and this never comes into play.
 */
function withConfirmation(inner: CompanionApi): CompanionApi {
  const outer: Record<string, unknown> = { ...inner }
  for (const operation of confirmableOperations) {
    const send = inner[operation] as (request: unknown) => Promise<Result<unknown>>
    outer[operation] = async (request?: unknown): Promise<Result<unknown>> => {
      let result = await send(request)
      for (let round = 0; round < maxConfirmationRounds; round += 1) {
        if (result.ok || result.error.code !== 'CONFIRMATION_REQUIRED') return result
        const challenge = result.error.confirmation
        if (!confirmer || !isConfirmationChallenge(challenge)) return result
        if (challenge.operation !== operation) return result
        if (!(await confirmer(challenge))) {
          return {
            ok: false,
            error: { code: 'CANCELLED', message: 'The change was not confirmed.' },
          }
        }
        const base = typeof request === 'object' && request !== null ? request : {}
        result = await send({ ...base, [confirmationTokenField]: challenge.token })
      }
      return result
    }
  }
  return outer as CompanionApi
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
