import { HttpClient } from '../../src/main/core/http/http-client'
import type { Clock } from '../../src/main/core/ports'
import { systemClock } from '../../src/main/core/ports'
import type { EndpointOverrides, RegionOverrides } from '../../src/main/core/regions'
import { EndpointResolver } from '../../src/main/core/regions'
import type { Sandbox } from '../sandbox'

/** Stand-ins for coze.com and coze.cn: the sandbox's two regions. */
export function sandboxRegions(sandbox: Sandbox): RegionOverrides {
  return {
    com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
    cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
  }
}

/**
 * A region a test must never use, named explicitly because overrides must cover every region:
 * port 1 on loopback refuses at once, where a left-out region would reach the real Coze.
 */
export const unreachableRegion: EndpointOverrides = {
  apiBase: 'http://127.0.0.1:1',
  webBase: 'http://127.0.0.1:1',
}

/** Endpoints that send coze.com and coze.cn traffic to the sandbox's two regions. */
export function sandboxEndpoints(sandbox: Sandbox): EndpointResolver {
  return new EndpointResolver(sandboxRegions(sandbox))
}

export function plainHttp(timeoutMs = 5_000): HttpClient {
  return new HttpClient({ fetch: (input, init) => fetch(input, init), timeoutMs })
}

/** A clock that reads the sandbox's time, so expiry checks on both sides agree. */
export function sandboxClock(sandbox: Sandbox): Clock {
  return { now: () => sandbox.clock.now(), sleep: systemClock.sleep }
}
