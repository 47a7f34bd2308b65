import type { ConfirmationChallenge } from '../../shared/confirmation'
import type { ErrorCode, ErrorPayload, InvalidArgumentReason, PemReason } from '../../shared/errors'

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

export interface InvalidArgumentOptions extends AppErrorOptions {
  /**
   * Set wherever a person can cause the error (something typed, pasted or chosen): it travels as
   * `params.reason`, and the window shows its own text for it instead of this English message.
   */
  reason?: InvalidArgumentReason
}

export class InvalidArgumentError extends AppError {
  readonly reason?: InvalidArgumentReason

  constructor(message: string, options: InvalidArgumentOptions = {}) {
    const { reason, ...rest } = options
    super(
      'INVALID_ARGUMENT',
      message,
      reason === undefined ? rest : { ...rest, params: { ...rest.params, reason } },
    )
    if (reason !== undefined) this.reason = reason
  }
}

/**
 * The same refusal with a reason the window can translate, for a check that lives elsewhere (a
 * shared validator, a parser) and could not know which field a person typed into. An error that
 * already has a reason, or is not an InvalidArgumentError, is returned unchanged.
 */
export function withReason(
  error: unknown,
  reason: InvalidArgumentReason,
  params?: Record<string, string | number>,
): unknown {
  if (!(error instanceof InvalidArgumentError) || error.reason !== undefined) return error
  return new InvalidArgumentError(error.message, {
    reason,
    cause: error,
    params: { ...error.params, ...params },
  })
}

/** The most characters of someone's input an error message (or its params) repeats. */
export const maxEchoedInput = 100

/**
 * Input quoted back in an error, cut to `maxEchoedInput` characters: a field name, a file name
 * or a path may be megabytes long when a caller means harm, and the answer must stay small.
 */
export function quoteInput(input: string): string {
  const characters = Array.from(input)
  if (characters.length <= maxEchoedInput) return input
  return `${characters.slice(0, maxEchoedInput - 1).join('')}…`
}

/** Turns anything thrown into the payload that crosses the IPC boundary. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) {
    const payload: ErrorPayload = { code: error.code, message: error.message }
    if (error.logId !== undefined) payload.logId = error.logId
    if (error.params !== undefined) payload.params = error.params
    if (error instanceof ConfirmationRequiredError) {
      payload.confirmation = structuredClone(error.confirmation)
    }
    return payload
  }
  // An unexpected error's message may quote anything, a secret included, so it never leaves main.
  return {
    code: 'INTERNAL',
    message:
      'Something went wrong inside the app. Try again; if it keeps happening, restart the app.',
  }
}

/** What a Coze server said when it refused a request: shown folded away, for a support ticket. */
export interface ServerErrorDetails {
  status?: number
  /** The OAuth `error_code` (or `error`), or the OpenAPI `code`. */
  serverCode?: string
  serverMessage?: string
  logId?: string
}

function withDetails(options: AppErrorOptions, details: ServerErrorDetails): AppErrorOptions {
  const params: Record<string, string | number> = { ...options.params }
  if (details.status !== undefined) params.status = details.status
  if (details.serverCode !== undefined) params.serverCode = details.serverCode
  if (details.serverMessage !== undefined) params.serverMessage = details.serverMessage
  const merged: AppErrorOptions = { ...options, params }
  if (details.logId !== undefined) merged.logId = details.logId
  return merged
}

/** The base of every error about a conversation with a Coze server. */
export class CozeError extends AppError {
  readonly details: ServerErrorDetails
  constructor(
    code: ErrorCode,
    message: string,
    details: ServerErrorDetails = {},
    options: AppErrorOptions = {},
  ) {
    super(code, message, withDetails(options, details))
    this.details = details
  }
}

export class NetworkError extends CozeError {
  constructor(host: string, cause?: unknown) {
    super(
      'NETWORK',
      `Could not reach ${host}. Check your internet connection and proxy setting, then try again.`,
      {},
      { cause, params: { host } },
    )
  }
}

export class TimeoutError extends CozeError {
  constructor(host: string, seconds: number) {
    super(
      'TIMEOUT',
      `${host} did not answer within ${seconds} seconds. Try again; if it keeps happening, check your proxy setting.`,
      {},
      { params: { host, seconds } },
    )
  }
}

export class CancelledError extends AppError {
  constructor(message = 'Cancelled.') {
    super('CANCELLED', message)
  }
}

/**
 * A change that weakens a protection, refused until the person confirms it. The browser host's
 * page shows the question and sends the same operation again with the challenge's token.
 */
export class ConfirmationRequiredError extends AppError {
  readonly confirmation: ConfirmationChallenge

  constructor(confirmation: ConfirmationChallenge) {
    super(
      'CONFIRMATION_REQUIRED',
      'This change weakens a protection of your tokens. Confirm it, and it is made.',
      { params: { operation: confirmation.operation } },
    )
    this.confirmation = confirmation
  }
}

export class InsecureUrlError extends AppError {
  constructor(url: string) {
    let host = url
    try {
      host = new URL(url).host
    } catch {
      // Keep the raw text: it is only shown back to the person who typed it.
    }
    super(
      'INSECURE_URL',
      `The app talks to ${host} only over https (plain http is allowed on this computer only).`,
      { params: { host } },
    )
  }
}

export class ServerError extends CozeError {
  constructor(details: ServerErrorDetails) {
    super(
      'SERVER_ERROR',
      'Coze had a problem answering. Wait a minute and try again; if it keeps failing, quote the log ID to Coze support.',
      details,
    )
  }
}

export class InvalidResponseError extends CozeError {
  constructor(reason: string, details: ServerErrorDetails = {}) {
    super(
      'INVALID_RESPONSE',
      `The server's answer was not what Coze sends (${reason}). Check the region and the API address, and any proxy in between.`,
      details,
    )
  }
}

/** A refusal by the OAuth server that fits none of the more specific classes. */
export class RequestRefusedError extends CozeError {
  constructor(details: ServerErrorDetails) {
    super(
      'REQUEST_REFUSED',
      `Coze refused the request${details.serverMessage ? `: ${details.serverMessage}` : ''}. Check the app's settings on the Coze console.`,
      details,
    )
  }
}

export class InvalidClientError extends CozeError {
  constructor(details: ServerErrorDetails, what = "the app's client ID, secret or key") {
    super(
      'INVALID_CLIENT',
      `Coze did not accept ${what}. Check them on the Coze console (OAuth apps), and that the app belongs to this region.`,
      details,
    )
  }
}

export class InvalidGrantError extends CozeError {
  constructor(details: ServerErrorDetails) {
    super('INVALID_GRANT', 'The sign-in code expired or was already used. Sign in again.', details)
  }
}

export class RefreshTokenDeadError extends CozeError {
  constructor(details: ServerErrorDetails) {
    super(
      'REFRESH_TOKEN_DEAD',
      'This account can no longer be refreshed (its authorization was revoked or has expired). Sign in again to keep using it.',
      details,
    )
  }
}

export class InvalidTokenError extends CozeError {
  constructor(details: ServerErrorDetails) {
    super(
      'INVALID_TOKEN',
      'Coze did not accept this token: it is wrong, revoked or expired. Create a new one on the Coze console, or sign in again.',
      details,
    )
  }
}

export class AccessDeniedError extends CozeError {
  constructor(details: ServerErrorDetails = {}) {
    super(
      'ACCESS_DENIED',
      'The authorization was declined. Sign in again and choose Authorize, or ask your workspace admin to install the app.',
      details,
    )
  }
}

export class DeviceCodeExpiredError extends CozeError {
  constructor(details: ServerErrorDetails = {}) {
    super(
      'DEVICE_CODE_EXPIRED',
      'The code expired before it was approved. Start again to get a new code.',
      details,
    )
  }
}

export class PortInUseError extends AppError {
  constructor(port: number, host: string) {
    super(
      'PORT_IN_USE',
      `Port ${port} on ${host} is already in use, so the app cannot receive the sign-in. Close the program using it (or another sign-in in progress), or register a redirect URI with a free port for the app on the Coze console.`,
      { params: { port, host } },
    )
  }
}

export class InvalidPemError extends AppError {
  constructor(message: string, reason: PemReason) {
    super('INVALID_PEM', message, { params: { reason } })
  }
}

export class WrongRegionError extends CozeError {
  constructor(
    actualRegion: string,
    chosenRegion: string,
    actualName: string,
    chosenName: string,
    details: ServerErrorDetails = {},
  ) {
    super(
      'WRONG_REGION',
      `This belongs to ${actualName}, not ${chosenName}. Switch the region to ${actualName} and try again.`,
      details,
      { params: { actualRegion, chosenRegion } },
    )
  }
}

/** The token works but lacks the permission for this call (OpenAPI code 4101). */
export class PermissionDeniedError extends CozeError {
  constructor(details: ServerErrorDetails) {
    super(
      'PERMISSION_DENIED',
      'The token works but is not allowed to do this. Give it the permission on the Coze console (for workspaces: listWorkspace).',
      details,
    )
  }
}

/** Too many requests (HTTP 429, or OpenAPI codes 4008, 4009, 4020). */
export class RateLimitedError extends CozeError {
  constructor(details: ServerErrorDetails) {
    super(
      'RATE_LIMITED',
      'Coze is limiting requests right now. Wait a minute, then try again.',
      details,
    )
  }
}
