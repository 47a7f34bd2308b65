import type { ErrorCode, ErrorPayload } from '../../shared/errors'

export interface AppErrorOptions {
  cause?: unknown
  /** The server's `X-Tt-Logid`. */
  logId?: string
  /** Non-secret facts for the message, such as a port or a region. */
  params?: Record<string, string | number>
}

/**
 * The base of every error the core throws on purpose. The code is stable and travels over IPC;
 * the message is an English sentence that says what to do next and never contains a secret.
 */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly logId?: string
  readonly params?: Record<string, string | number>

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    if (options.logId !== undefined) this.logId = options.logId
    if (options.params !== undefined) this.params = options.params
  }
}

export class InvalidArgumentError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('INVALID_ARGUMENT', message, options)
  }
}

/** Turns anything thrown into the payload that crosses the IPC boundary. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) {
    const payload: ErrorPayload = { code: error.code, message: error.message }
    if (error.logId !== undefined) payload.logId = error.logId
    if (error.params !== undefined) payload.params = error.params
    return payload
  }
  // An unexpected error's message may quote anything, a secret included, so it never leaves main.
  return {
    code: 'INTERNAL',
    message:
      'Something went wrong inside the app. Try again; if it keeps happening, restart the app.',
  }
}
