import type { ServerResponse } from 'node:http'
import { sendJson } from './http-util'

/**
 * An OAuth error in Coze's flat format. `device` adds `error_description`, which the device-flow
 * doc names and the JS SDK reads next to `error`.
 */
export class OAuthFailure extends Error {
  readonly status: number
  readonly code: string
  readonly device: boolean

  constructor(status: number, code: string, message: string, device = false) {
    super(message)
    this.status = status
    this.code = code
    this.device = device
  }
}

export interface OAuthErrorBody {
  error: string
  error_code: string
  error_message: string
  error_description?: string
}

export function oauthErrorBody(failure: OAuthFailure): OAuthErrorBody {
  const body: OAuthErrorBody = {
    error: failure.code,
    error_code: failure.code,
    error_message: failure.message,
  }
  if (failure.device) body.error_description = failure.message
  return body
}

export function sendOAuthFailure(res: ServerResponse, failure: OAuthFailure): void {
  sendJson(res, failure.status, oauthErrorBody(failure))
}

export const invalidRequest = (what: string): OAuthFailure =>
  new OAuthFailure(400, 'invalid_request', `invalid request: ${what}`)

export const invalidClient = (message: string): OAuthFailure =>
  new OAuthFailure(401, 'invalid_client', message)

export const invalidGrant = (message: string, device = false): OAuthFailure =>
  new OAuthFailure(400, 'invalid_grant', message, device)

export const invalidAppType = (): OAuthFailure =>
  new OAuthFailure(403, 'access_deny', 'invalid app type')

export const internalError = (): OAuthFailure =>
  new OAuthFailure(500, 'internal_error', 'Service internal error.')
