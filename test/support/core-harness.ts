import { HttpClient } from '../../src/main/core/http/http-client'
import type { Clock } from '../../src/main/core/ports'
import { systemClock } from '../../src/main/core/ports'
import { EndpointResolver } from '../../src/main/core/regions'
import type { Sandbox } from '../sandbox'

/** Endpoints that send coze.com and coze.cn traffic to the sandbox's two regions. */
export function sandboxEndpoints(sandbox: Sandbox): EndpointResolver {
  return new EndpointResolver({
    com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
    cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
  })
}

export function plainHttp(timeoutMs = 5_000): HttpClient {
  return new HttpClient({ fetch: (input, init) => fetch(input, init), timeoutMs })
}

/** A clock that reads the sandbox's time, so expiry checks on both sides agree. */
export function sandboxClock(sandbox: Sandbox): Clock {
  return { now: () => sandbox.clock.now(), sleep: systemClock.sleep }
}
