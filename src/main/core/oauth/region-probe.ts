import type { RegionId } from '../../../shared/ipc-contract'
import type { CozeError } from '../errors'
import { AppError, InvalidClientError, InvalidTokenError, WrongRegionError } from '../errors'
import type { HttpClient } from '../http/http-client'
import type { RegionEndpoints } from '../regions'
import { regionDisplayNames } from '../regions'
import { deviceCodeEndpoint, oauthErrorCode, tokenEndpoint } from './token-client'

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

/**
 * What one region said about an OAuth client. `unknown`: it refused the client ID as
 * `invalid_client`. `not-refused`: every question was answered and none refused it, which is the
 * most a region says without a sign-in (not proof that it has the app). `no-answer`: some question
 * got no answer (a network failure) and none refused it.
 */
export type ClientPresence = 'unknown' | 'not-refused' | 'no-answer'

export interface ProbedClient {
  clientId: string
  redirectUri: string
  clientSecret?: string
}

/**
 * Whether a region knows an OAuth client, without signing anyone in. Two questions, asked at once:
 *
 * - A device-code request with the client ID alone. It carries nothing else to check, so the
 *   server has to look the client up before it can answer at all: this is the signal that does
 *   not depend on the order of the server's checks. An app it does not have is `invalid_client`
 *   (the same answer that makes a device sign-in's region check work); a PKCE or web app it has is
 *   refused for its type (`access_deny`, "invalid app type", as documented for a wrong grant).
 * - A code exchange with a code that cannot exist. A server that checks the client before the code
 *   refuses an unknown client (or, for a web app, a secret it does not know) as `invalid_client`;
 *   one that checks the code first says `invalid_grant` to every client, known or not. Which of
 *   the two Coze is, the docs do not say, so this one only adds to the first.
 *
 * Either `invalid_client` makes the client `unknown` here. The answer is only used together with
 * the other region's (see checkClientRegion), so a refusal that meant something else cannot by
 * itself send the person to the wrong region.
 */
export async function probeClient(
  http: HttpClient,
  endpoints: RegionEndpoints,
  client: ProbedClient,
  signal?: AbortSignal,
): Promise<ClientPresence> {
  const code: Record<string, string> = {
    grant_type: 'authorization_code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    code: 'code_region_probe',
  }
  // A public client proves nothing without a verifier; a web client is checked by its secret.
  if (client.clientSecret === undefined) code.code_verifier = 'region-probe-'.repeat(4)
  const answers = await Promise.allSettled([
    http.send({
      method: 'POST',
      url: deviceCodeEndpoint(endpoints),
      json: { client_id: client.clientId },
      ...(signal ? { signal } : {}),
    }),
    http.send({
      method: 'POST',
      url: tokenEndpoint(endpoints),
      json: code,
      ...(client.clientSecret !== undefined ? { bearer: client.clientSecret } : {}),
      ...(signal ? { signal } : {}),
    }),
  ])
  let unanswered = false
  for (const answer of answers) {
    if (answer.status === 'rejected') {
      if (answer.reason instanceof AppError && answer.reason.code === 'CANCELLED') {
        throw answer.reason
      }
      unanswered = true
    } else if (oauthErrorCode(answer.value.body) === 'invalid_client') {
      return 'unknown'
    }
  }
  return unanswered ? 'no-answer' : 'not-refused'
}

/**
 * Before the browser opens: if the chosen region refuses the client and another one does not,
 * say so now instead of leaving the user on Coze's error page. When neither tells (a region that
 * checks the code first, a network failure), the sign-in goes on, and the window's waiting card
 * asks after a minute of silence whether the app is on the other region.
 */
export async function checkClientRegion(
  http: HttpClient,
  chosen: RegionEndpoints,
  alternatives: readonly RegionEndpoints[],
  client: ProbedClient,
  signal?: AbortSignal,
): Promise<void> {
  // A custom deployment has no other region to name: nothing to ask.
  if (alternatives.length === 0) return
  let presence: ClientPresence
  try {
    presence = await probeClient(http, chosen, client, signal)
  } catch (error) {
    // The probe is a courtesy: if it cannot run, the real flow will report the real problem.
    if (error instanceof AppError && error.code === 'CANCELLED') throw error
    return
  }
  if (presence !== 'unknown') return
  const home = await findRegionThatAccepts(
    chosen,
    alternatives,
    async (other) => (await probeClient(http, other, client, signal)) === 'not-refused',
  )
  if (home) throw wrongRegion(home.region, chosen.region)
  // Refused everywhere: let the sign-in go on, so the authorize page shows Coze's own explanation
  // rather than a guess from a probe whose answer Coze does not document.
}
