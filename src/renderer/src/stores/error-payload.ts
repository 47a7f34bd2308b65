import type { ErrorPayload } from '../../../shared/errors'
import { OperationError } from '../api/bridge'

/**
 * What a store keeps after a failed call: main's payload unchanged, or (when the bridge itself
 * threw, e.g. the page has no app behind it) a payload of our own so `error` always has one shape.
 */
export function toErrorPayload(caught: unknown): ErrorPayload {
  if (caught instanceof OperationError) return caught.payload
  return {
    code: 'BRIDGE_UNAVAILABLE',
    message: caught instanceof Error ? caught.message : String(caught),
  }
}
