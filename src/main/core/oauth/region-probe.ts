import type { RegionId } from '../../../shared/ipc-contract'
import type { CozeError } from '../errors'
import { AppError, InvalidClientError, InvalidTokenError, WrongRegionError } from '../errors'
import type { HttpClient } from '../http/http-client'
import type { RegionEndpoints } from '../regions'
import { regionDisplayNames } from '../regions'
import { oauthErrorCode, tokenEndpoint } from './token-client'

/**
 * The most common Coze mistake is a token, app or key from coze.cn used against coze.com, or the
 * reverse: the server then only says "invalid". These helpers ask the other region too and, when
 * it knows the credential, turn the vague refusal into WRONG_REGION.
 */

/** Errors that mean "this region does not know the credential", as opposed to a broken network. */
export function isUnknownCredential(error: unknown): error is CozeError {
  return error instanceof InvalidTokenError || error instanceof InvalidClientError
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

/**
 * The first alternative region whose `probe` resolves true. A probe that throws counts as "no":
 * the probe is a courtesy, and the original error stands when nothing else knows the credential.
 */
export async function findRegionThatAccepts(
  chosen: RegionEndpoints,
  alternatives: readonly RegionEndpoints[],
  probe: (endpoints: RegionEndpoints) => Promise<boolean>,
): Promise<RegionEndpoints | undefined> {
  for (const other of alternatives) {
    if (other.apiBase === chosen.apiBase) continue
    const accepted = await probe(other).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'CANCELLED') throw error
      return false
    })
    if (accepted) return other
  }
  return undefined
}

/**
 * Runs `attempt` on the chosen region. If the region does not know the credential and `probe`
 * (by default, the attempt itself) succeeds on another region, throws WrongRegionError naming it;
 * otherwise the original error stands.
 */
export async function withRegionCheck<T>(
  chosen: RegionEndpoints,
  alternatives: readonly RegionEndpoints[],
  attempt: (endpoints: RegionEndpoints) => Promise<T>,
  probe: (endpoints: RegionEndpoints) => Promise<boolean> = async (endpoints) => {
    await attempt(endpoints)
    return true
  },
): Promise<T> {
  try {
    return await attempt(chosen)
  } catch (error) {
    if (!isUnknownCredential(error)) throw error
    const home = await findRegionThatAccepts(chosen, alternatives, probe)
    if (home) throw wrongRegion(home.region, chosen.region, error)
    throw error
  }
}

export type ClientPresence = 'known' | 'unknown'

/**
 * Whether a region knows an OAuth client, without signing anyone in: a code exchange with a code
 * that cannot exist. An unknown client (or, for a web app, a secret the region does not know) is
 * refused as `invalid_client`; a known client gets past that check and fails on the code instead.
 */
export async function probeClient(
  http: HttpClient,
  endpoints: RegionEndpoints,
  client: { clientId: string; redirectUri: string; clientSecret?: string },
  signal?: AbortSignal,
): Promise<ClientPresence> {
  const body: Record<string, string> = {
    grant_type: 'authorization_code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    code: 'code_region_probe',
  }
  // A public client proves nothing without a verifier; a web client is checked by its secret.
  if (client.clientSecret === undefined) body.code_verifier = 'region-probe-'.repeat(4)
  const response = await http.send({
    method: 'POST',
    url: tokenEndpoint(endpoints),
    json: body,
    ...(client.clientSecret !== undefined ? { bearer: client.clientSecret } : {}),
    ...(signal ? { signal } : {}),
  })
  return oauthErrorCode(response.body) === 'invalid_client' ? 'unknown' : 'known'
}

/**
 * Before the browser opens: if the chosen region does not know the client but another one does,
 * say so now instead of leaving the user on Coze's error page.
 */
export async function checkClientRegion(
  http: HttpClient,
  chosen: RegionEndpoints,
  alternatives: readonly RegionEndpoints[],
  client: { clientId: string; redirectUri: string; clientSecret?: string },
  signal?: AbortSignal,
): Promise<void> {
  let presence: ClientPresence
  try {
    presence = await probeClient(http, chosen, client, signal)
  } catch (error) {
    // The probe is a courtesy: if it cannot run, the real flow will report the real problem.
    if (error instanceof AppError && error.code === 'CANCELLED') throw error
    return
  }
  if (presence === 'known') return
  const home = await findRegionThatAccepts(
    chosen,
    alternatives,
    async (other) => (await probeClient(http, other, client, signal)) === 'known',
  )
  if (home) throw wrongRegion(home.region, chosen.region)
  // Known nowhere: let the sign-in go on, so the authorize page shows Coze's own explanation
  // rather than a guess from a probe whose answer Coze does not document.
}
