import { InvalidArgumentError } from '../errors'
import type { CodeChallengeMethod } from './pkce'

export interface AuthorizeUrlRequest {
  /** The browser's authorize host, `RegionEndpoints.webBase` (an origin, no path). */
  webBase: string
  clientId: string
  /** Sent exactly as given: Coze compares it with the registered URI character for character. */
  redirectUri: string
  state: string
  /** Enterprise only: limits the token to this one workspace. */
  workspaceId?: string
  /** PKCE apps only; web apps authenticate with their secret at the token step instead. */
  pkce?: { challenge: string; method: CodeChallengeMethod }
}

/**
 * The Coze authorize URL a browser opens:
 * `{webBase}/api/permission/oauth2/authorize` or the workspace-scoped
 * `{webBase}/api/permission/oauth2/workspace_id/{id}/authorize`.
 */
export function buildAuthorizeUrl(request: AuthorizeUrlRequest): string {
  const webBase = request.webBase.replace(/\/+$/, '')
  let base: URL
  try {
    base = new URL(webBase)
  } catch {
    throw new InvalidArgumentError('The Coze web address is not a valid address.', {
      reason: 'web-base-invalid',
    })
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new InvalidArgumentError('The Coze web address must start with https://.', {
      reason: 'web-base-invalid',
    })
  }
  requireText(request.clientId, 'client ID')
  requireText(request.redirectUri, 'redirect URI')
  // Every sign-in sends an unguessable state: an empty one would switch off the CSRF check.
  requireText(request.state, 'state')

  let path = '/api/permission/oauth2/authorize'
  if (request.workspaceId !== undefined) {
    requireText(request.workspaceId, 'workspace ID')
    path = `/api/permission/oauth2/workspace_id/${encodeURIComponent(request.workspaceId)}/authorize`
  }

  const query = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    state: request.state,
  })
  if (request.pkce) {
    requireText(request.pkce.challenge, 'code challenge')
    query.set('code_challenge', request.pkce.challenge)
    query.set('code_challenge_method', request.pkce.method)
  }
  return `${webBase}${path}?${query.toString()}`
}

/**
 * Only refuses a blank value. Unlike jwt-flow's requireText it neither trims nor refuses inner
 * spaces, and says nothing about the console: these values are sent exactly as given, and the
 * redirect URI and workspace ID were already checked by their own rules.
 */
function requireText(value: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`The ${what} is empty.`)
  }
}
