import type { Result } from '../../../shared/errors'
import type { OperationName, RequestOf, ResponseOf } from '../../../shared/ipc-contract'
import { isOperationName } from '../../../shared/ipc-contract'
import { AppError, toErrorPayload } from '../errors'
import type { Logger } from '../logger'

/** One handler per operation: the compiler refuses a contract entry without one. */
export type OperationHandlers = {
  [K in OperationName]: (request: RequestOf<K>) => Promise<ResponseOf<K>>
}

/** One validator per operation: it turns an untrusted value into the typed request or throws. */
export type RequestValidators = {
  [K in OperationName]: (raw: unknown) => RequestOf<K>
}

export type Dispatch = (operation: unknown, rawRequest: unknown) => Promise<Result<unknown>>

/**
 * Builds the single entry through which every host (Electron IPC, the browser bridge) reaches the
 * core. It never throws: junk gets a typed error, and an unexpected failure is logged in main and
 * reported as INTERNAL without its message, which might quote a secret.
 */
export function createDispatcher(
  handlers: OperationHandlers,
  validators: RequestValidators,
  logger: Logger,
): Dispatch {
  return async (operation, rawRequest) => {
    if (!isOperationName(operation)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_OPERATION', message: 'The app does not know this operation.' },
      }
    }
    try {
      const request = validators[operation](rawRequest)
      const handler = handlers[operation] as (request: unknown) => Promise<unknown>
      const value = await handler(request)
      return { ok: true, value }
    } catch (error) {
      if (!(error instanceof AppError)) {
        logger.log('error', 'operation failed unexpectedly', {
          operation,
          errorName: error instanceof Error ? error.name : typeof error,
        })
      }
      return { ok: false, error: toErrorPayload(error) }
    }
  }
}
