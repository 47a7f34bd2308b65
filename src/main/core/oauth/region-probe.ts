import type { RegionId } from '../../../shared/ipc-contract'
import { AppError, InvalidClientError, InvalidTokenError, WrongRegionError } from '../errors'
import type { CozeError } from '../errors'
import type { HttpClient } from '../http/http-client'
import type { RegionEndpoints } from '../regions'
import { regionDisplayNames } from '../regions'
import { oauthErrorCode } from './token-client'

/**
 * The most common Coze mistake is a token, app or key from coze.cn used against coze.com, or the
 * reverse: the server then only says "invalid". These helpers retry the same thing against the
 * other region and, when it works there, turn the vague refusal into WRONG_REGION.
 */

/** Errors that mean "this region does not know the credential", as opposed to a broken network. */
export function isUnknownCredential(error: unknown): error is CozeError {
  return error instanceof InvalidTokenError || error instanceof InvalidClientError
}

/**
 * Runs `attempt` on the chosen region. If the region does not know the credential, runs it on each
 * alternative; the first that succeeds makes this throw WrongRegionError naming it. Otherwise the
 * original error stands.
 */
export async function withRegionCheck<T>(
  chosen: RegionEndpoints,
  alternatives: readonly RegionEndpoints[],
  attempt: (endpoints: RegionEndpoints) => Promise<T>,
): Promise<T> {
  try {
    return await attempt(chosen)
  } catch (error) {
    if (!isUnknownCredential(error)) throw error
    for (const other of alternatives) {
      if (other.apiBase === chosen.apiBase) continue
      const worksThere = await attempt(other).then(
        () => true,
        () => false,
      )
      if (worksThere) throw wrongRegion(other.region, chosen.region, error)
    }
    throw error
  }
}

export function wrongRegion(
  actual: RegionId,
  chosen: RegionId,
  cause?: CozeError,
): WrongRegionError {
  return new WrongRegionError(
    actual,
    chosen,
    regionDisplayNames[actual],
    regionDisplayNames[chosen],
    cause?.details,
  )
}

export type ClientPresence = 'known' | 'unknown'

/**
 * Whether a region knows an OAuth client, without signing anyone in: a code exchange with a code
 * that cannot exist. An unknown client is refused as `invalid_client`; a known public client gets
 * past that check and fails on the code instead. No secret is sent.
 */
export async function probeClient(
  http: HttpClient,
  endpoints: RegionEndpoints,
  clientId: string,
  redirectUri: string,
  signal?: AbortSignal,
): Promise<ClientPresence> {
  const response = await http.send({
    method: 'POST',
    url: `${endpoints.apiBase}/api/permission/oauth2/token`,
    json: {
      grant_type: 'authorization_code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code: 'code_region_probe',
      code_verifier: 'region-probe-region-probe-region-probe-region-probe',
    },
    ...(signal ? { signal } : {}),
  })
  return oauthErrorCode(response.body) === 'invalid_client' ? 'unknown' : 'known'
}

/**
 * Before the browser opens: if the chosen region does not know the public client but another one
 * does, say so now instead of leaving the user on Coze's error page.
 */
export async function checkClientRegion(
  http: HttpClient,
  chosen: RegionEndpoints,
  alternatives: readonly RegionEndpoints[],
  clientId: string,
  redirectUri: string,
  signal?: AbortSignal,
): Promise<void> {
  let presence: ClientPresence
  try {
    presence = await probeClient(http, chosen, clientId, redirectUri, signal)
  } catch (error) {
    // The probe is a courtesy: if it cannot run, the real flow will report the real problem.
    if (error instanceof AppError && error.code === 'CANCELLED') throw error
    return
  }
  if (presence === 'known') return
  for (const other of alternatives) {
    if (other.apiBase === chosen.apiBase) continue
    const there = await probeClient(http, other, clientId, redirectUri, signal).catch(
      () => 'unknown' as const,
    )
    if (there === 'known') throw wrongRegion(other.region, chosen.region)
  }
  // Known nowhere: let the sign-in go on, so the authorize page shows Coze's own explanation
  // rather than a guess from a probe whose answer Coze does not document.
}
