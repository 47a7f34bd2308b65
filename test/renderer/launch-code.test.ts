// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { redeemLaunchCode, takeBridgeSecret } from '../../src/renderer/src/api/http-bridge'

function answering(body: unknown): { fetch: typeof fetch; requests: RequestInit[] } {
  const requests: RequestInit[] = []
  return {
    requests,
    fetch: (async (_url: string, init: RequestInit) => {
      requests.push(init)
      return new Response(JSON.stringify(body), { status: 200 })
    }) as unknown as typeof fetch,
  }
}

describe('redeemLaunchCode', () => {
  it('trades the launch code for the secret, which the bridge then finds, and clears the address', async () => {
    window.sessionStorage.clear()
    window.history.replaceState(null, '', '/index.html#launch=one-time-code')
    const host = answering({ ok: true, value: { secret: 'the-bridge-secret' } })
    await redeemLaunchCode(window.location, window.sessionStorage, window.history, host.fetch)
    expect(host.requests).toHaveLength(1)
    expect(JSON.parse(String(host.requests[0]?.body))).toEqual({ code: 'one-time-code' })
    expect(window.location.hash).toBe('')
    expect(takeBridgeSecret(window.location, window.sessionStorage, window.history)).toBe(
      'the-bridge-secret',
    )
  })

  it('leaves the page unconnected when the code was refused', async () => {
    window.sessionStorage.clear()
    window.history.replaceState(null, '', '/index.html#launch=used-code')
    const host = answering({ ok: false, error: { code: 'UNAUTHORIZED', message: 'used' } })
    await redeemLaunchCode(window.location, window.sessionStorage, window.history, host.fetch)
    expect(takeBridgeSecret(window.location, window.sessionStorage, window.history)).toBeUndefined()
  })

  it('asks nothing without a launch code', async () => {
    window.sessionStorage.clear()
    window.history.replaceState(null, '', '/index.html#bridge=abc')
    const host = answering({})
    await redeemLaunchCode(window.location, window.sessionStorage, window.history, host.fetch)
    expect(host.requests).toHaveLength(0)
  })
})
