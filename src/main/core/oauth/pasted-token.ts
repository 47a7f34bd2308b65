import type { AuthMethod } from '../../../shared/ipc-contract'
import { InvalidArgumentError, PermissionDeniedError } from '../errors'
import type { CozeUser, CozeWorkspace, CozeOpenApi } from '../openapi/coze-openapi'
import type { RegionEndpoints } from '../regions'
import { withRegionCheck } from './region-probe'

export type TokenKind = 'pat' | 'sat' | 'oauth-user' | 'oauth-app' | 'unknown'

/** What a token's prefix says it is (`coze-auth-protocol.md` §8). */
export function classifyToken(token: string): TokenKind {
  if (token.startsWith('pat_')) return 'pat'
  if (token.startsWith('sat_')) return 'sat'
  if (token.startsWith('czu_')) return 'oauth-user'
  if (token.startsWith('czs_')) return 'oauth-app'
  return 'unknown'
}

/** No Coze token comes near this; a longer paste is something else (a whole file, say). */
export const maximumTokenLength = 4096

/**
 * Refuses an expiry date that has already passed: the token would be added as expired, and the
 * person most likely picked the wrong date. Absent means a token that does not expire.
 */
export function checkPastedTokenExpiry(expiresAt: number | undefined, now: number): void {
  if (expiresAt !== undefined && expiresAt <= now) {
    throw new InvalidArgumentError(
      'The expiry date is in the past. Check it on the Coze console.',
      { reason: 'token-expiry-past' },
    )
  }
}

/**
 * Cleans what a person pasted: surrounding whitespace and quotes, a leading `Bearer `, or a whole
 * `export COZE_API_TOKEN=…` line. Refuses anything that cannot be a token.
 */
export function normalisePastedToken(raw: string): string {
  let text = raw.trim()
  text = text.replace(/^(?:export\s+)?COZE_API_TOKEN\s*=\s*/i, '')
  text = text.replace(/^authorization:\s*/i, '').replace(/^bearer\s+/i, '')
  text = text.replace(/^(['"])(.*)\1$/s, '$2').trim()
  if (text === '') {
    throw new InvalidArgumentError('Paste a token first.', { reason: 'token-empty' })
  }
  if (/\s/.test(text)) {
    throw new InvalidArgumentError(
      'A token has no spaces or line breaks. Copy it again from the Coze console.',
      { reason: 'token-has-spaces' },
    )
  }
  if (text.length < 16 || text.length > maximumTokenLength) {
    throw new InvalidArgumentError(
      'This does not look like a Coze token. Copy it again from the Coze console.',
      { reason: 'token-not-coze' },
    )
  }
  if (!/^[\x21-\x7e]+$/.test(text)) {
    throw new InvalidArgumentError(
      'A token contains only plain letters, digits and symbols. Copy it again.',
      { reason: 'token-bad-characters' },
    )
  }
  return text
}

export interface PastedTokenCheck {
  token: string
  kind: TokenKind
  /** The method to record for the account: a PAT unless the prefix says service token. */
  method: Extract<AuthMethod, 'pat' | 'sat'>
  user?: CozeUser
  workspaces?: CozeWorkspace[]
  /** The token works but may not read the user or the workspaces (a narrow permission set). */
  limited: boolean
}

/**
 * Validates a pasted PAT or SAT against the chosen region with `/v1/users/me` (falling back to the
 * workspace list for a token that may not read the user). A token that the chosen region does not
 * know but another does is reported as WRONG_REGION.
 */
export async function checkPastedToken(
  api: CozeOpenApi,
  chosen: RegionEndpoints,
  alternatives: readonly RegionEndpoints[],
  raw: string,
  signal?: AbortSignal,
): Promise<PastedTokenCheck> {
  const token = normalisePastedToken(raw)
  const kind = classifyToken(token)
  const method = kind === 'sat' ? 'sat' : 'pat'
  const tolerateMissingPermission = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read()
    } catch (error) {
      if (error instanceof PermissionDeniedError) return undefined
      throw error
    }
  }
  return withRegionCheck(
    chosen,
    alternatives,
    async (endpoints) => {
      const user = await tolerateMissingPermission(() =>
        api.getCurrentUser(endpoints, token, signal),
      )
      const workspaces = await tolerateMissingPermission(() =>
        api.listAllWorkspaces(endpoints, token, signal),
      )
      const check: PastedTokenCheck = { token, kind, method, limited: !user || !workspaces }
      if (user) check.user = user
      if (workspaces) check.workspaces = workspaces
      return check
    },
    // In the other region one cheap call tells whether it knows the token: a token that works
    // there without the permission to read the user still belongs there.
    async (endpoints) =>
      api.getCurrentUser(endpoints, token, signal).then(
        () => true,
        (error: unknown) => error instanceof PermissionDeniedError,
      ),
  )
}
