/**
 * Stable error codes. They cross the IPC boundary as plain strings, so the renderer can pick a
 * translated message and a next step for each one. Never rename a code: add a new one instead.
 */
export const errorCodes = [
  // The bridge and the IPC layer.
  'INVALID_ARGUMENT',
  'UNKNOWN_OPERATION',
  'FORBIDDEN_SENDER',
  'UNAUTHORIZED',
  'BRIDGE_UNAVAILABLE',
  'INTERNAL',
  // Talking to Coze.
  'NETWORK',
  'TIMEOUT',
  'CANCELLED',
  'SERVER_ERROR',
  'INVALID_RESPONSE',
  'INSECURE_URL',
  'REQUEST_REFUSED',
  'PERMISSION_DENIED',
  'RATE_LIMITED',
  // Sign-in flows.
  'STATE_MISMATCH',
  'PORT_IN_USE',
  'BROWSER_LAUNCH_FAILED',
  'ACCESS_DENIED',
  'DEVICE_CODE_EXPIRED',
  'INVALID_CLIENT',
  'INVALID_GRANT',
  'INVALID_TOKEN',
  'WRONG_REGION',
  'INVALID_PEM',
  'REFRESH_TOKEN_DEAD',
  'NOT_REFRESHABLE',
  'NOT_FOUND',
  // The secret store and the metadata store.
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_DENIED',
  'KEYCHAIN_TIMEOUT',
  'KEYCHAIN_FAILED',
  'SECRET_UNREADABLE',
  'ENCRYPTION_UNAVAILABLE',
  'SAFE_STORAGE_UNAVAILABLE',
  'VAULT_FILE_FAILED',
  'STORE_FAILED',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/** What a failed operation tells the renderer: never a secret, always a stable code. */
export interface ErrorPayload {
  code: ErrorCode
  /** An English sentence that says what went wrong and what to do next. */
  message: string
  /** The server's `X-Tt-Logid`, for a support ticket. */
  logId?: string
  /** Non-secret facts that a translated message may use, such as a port number or a region. */
  params?: Record<string, string | number>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value)
}
