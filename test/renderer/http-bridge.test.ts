// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createHttpBridge, takeBridgeSecret } from '../../src/renderer/src/api/http-bridge'

describe('takeBridgeSecret', () => {
  it('takes the secret from the fragment, keeps it for reloads and clears the address bar', () => {
    window.sessionStorage.clear()
    window.history.replaceState(null, '', '/index.html#bridge=abcdefghijklmnopqrstuvwxyz012345')
    expect(takeBridgeSecret(window.location, window.sessionStorage, window.history)).toBe(
      'abcdefghijklmnopqrstuvwxyz012345',
    )
    expect(window.location.hash).toBe('')
    expect(takeBridgeSecret(window.location, window.sessionStorage, window.history)).toBe(
      'abcdefghijklmnopqrstuvwxyz012345',
    )
  })

  it('has nothing to give without a fragment or a stored secret', () => {
    window.sessionStorage.clear()
    window.history.replaceState(null, '', '/index.html')
    expect(takeBridgeSecret(window.location, window.sessionStorage, window.history)).toBeUndefined()
  })
})

describe('createHttpBridge', () => {
  it('posts each operation with the secret and returns the result as sent', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init })
      return new Response(JSON.stringify({ ok: true, value: [] }), { status: 200 })
    }) as unknown as typeof fetch
    const api = createHttpBridge('s3cret-value-long-enough', fakeFetch)
    await expect(api.listAccounts()).resolves.toEqual({ ok: true, value: [] })
    expect(seen).toHaveLength(1)
    expect(seen[0]?.url).toBe('/__bridge/call')
    expect(seen[0]?.init.headers).toMatchObject({ 'x-bridge-secret': 's3cret-value-long-enough' })
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ operation: 'listAccounts' })
  })

  it('turns a dead host into BRIDGE_UNAVAILABLE instead of throwing', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed')
    }) as unknown as typeof fetch
    const api = createHttpBridge('s3cret-value-long-enough', failing)
    await expect(api.getAppInfo()).resolves.toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_UNAVAILABLE' },
    })
  })
})
