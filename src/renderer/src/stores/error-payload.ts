import type { ErrorCode, ErrorPayload } from '../../../shared/errors'
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

/**
 * A payload for a failure main reported by its code alone (Refresh all, an account's last
 * refresh): the window's own texts for that code say what happened, so no message is carried.
 */
export function payloadOfCode(code: ErrorCode | undefined, logId?: string): ErrorPayload {
  const payload: ErrorPayload = { code: code ?? 'INTERNAL', message: '' }
  if (logId) payload.logId = logId
  return payload
}
