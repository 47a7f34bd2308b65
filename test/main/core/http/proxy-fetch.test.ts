import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createProxyAwareFetch,
  describeProxy,
  isExemptFromProxy,
  redactProxyCredentials,
  resolveProxyUrl,
} from '../../../../src/main/core/http/proxy-fetch'
import type { TestProxy } from '../../../support/http-proxy'
import { startTestProxy } from '../../../support/http-proxy'

let target: Server
let targetUrl: string
let proxy: TestProxy

beforeAll(async () => {
  target = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ path: req.url, auth: req.headers.authorization ?? null }))
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  // A made-up remote host: only the proxy knows where it is (see test/support/http-proxy.ts).
  targetUrl = `http://api.coze.test:${(target.address() as AddressInfo).port}`
  proxy = await startTestProxy()
})

afterAll(async () => {
  await proxy.stop()
  target.closeAllConnections()
  target.close()
})

describe('resolveProxyUrl', () => {
  it('prefers the explicit setting, then HTTPS_PROXY, then nothing', () => {
    expect(
      resolveProxyUrl({ url: 'http://proxy.example:8080' }, { HTTPS_PROXY: 'http://env:1' }),
    ).toBe('http://proxy.example:8080/')
    expect(resolveProxyUrl({}, { HTTPS_PROXY: 'http://env:3128' })).toBe('http://env:3128/')
    expect(resolveProxyUrl({}, { https_proxy: 'http://lower:3128' })).toBe('http://lower:3128/')
    expect(resolveProxyUrl({}, { ALL_PROXY: 'http://all:3128' })).toBeUndefined()
    expect(
      resolveProxyUrl({ fromEnvironment: false }, { HTTPS_PROXY: 'http://env:3128' }),
    ).toBeUndefined()
    expect(resolveProxyUrl({}, {})).toBeUndefined()
  })

  it.each(['not a url', 'socks5://127.0.0.1:1080'])(
    'refuses the proxy %s with a clear error',
    (url) => {
      expect(() => resolveProxyUrl({ url }, {})).toThrow(/prox/)
    },
  )
})

describe('isExemptFromProxy', () => {
  it.each([
    ['api.coze.cn', 'localhost,.coze.cn', true],
    ['coze.cn', '.coze.cn', true],
    ['api.coze.com', '.coze.cn', false],
    ['127.0.0.1:8080', '127.0.0.1', true],
    ['anything', '*', true],
    ['api.coze.com', undefined, false],
  ])('%s with NO_PROXY=%s → %s', (host, noProxy, exempt) => {
    expect(isExemptFromProxy(host, noProxy)).toBe(exempt)
  })
})

describe('createProxyAwareFetch', () => {
  it('sends requests through the explicit proxy, headers intact', async () => {
    const before = proxy.seen.length
    const proxied = createProxyAwareFetch({ url: proxy.url }, {})
    const response = await proxied(`${targetUrl}/v1/users/me`, {
      headers: { authorization: 'Bearer t' },
    })
    expect(await response.json()).toEqual({ path: '/v1/users/me', auth: 'Bearer t' })
    expect(proxy.seen.length).toBe(before + 1)
    expect(proxy.seen.at(-1)).toContain(new URL(targetUrl).host)
  })

  it('uses HTTPS_PROXY from the environment', async () => {
    const before = proxy.seen.length
    const proxied = createProxyAwareFetch({}, { HTTPS_PROXY: proxy.url })
    await (await proxied(`${targetUrl}/a`)).text()
    expect(proxy.seen.length).toBe(before + 1)
  })

  it('goes direct for hosts NO_PROXY exempts', async () => {
    const before = proxy.seen.length
    const proxied = createProxyAwareFetch({}, { HTTPS_PROXY: proxy.url, NO_PROXY: '.coze.test' })
    // Going direct, the made-up host cannot be reached: the failure proves the proxy was skipped.
    await expect(proxied(`${targetUrl}/b`)).rejects.toThrow()
    expect(proxy.seen.length).toBe(before)
  })

  it('never sends loopback traffic through the proxy', async () => {
    const before = proxy.seen.length
    const proxied = createProxyAwareFetch({ url: proxy.url }, {})
    const port = new URL(targetUrl).port
    expect(await (await proxied(`http://127.0.0.1:${port}/d`)).json()).toMatchObject({ path: '/d' })
    expect(proxy.seen.length).toBe(before)
  })

  it('goes direct without any proxy setting', async () => {
    const before = proxy.seen.length
    const direct = createProxyAwareFetch({}, {})
    await expect(direct(`${targetUrl}/c`)).rejects.toThrow()
    expect(proxy.seen.length).toBe(before)
  })

  it('ignores an invalid proxy from the environment with a warning instead of failing', () => {
    const warnings: string[] = []
    expect(
      resolveProxyUrl({}, { HTTPS_PROXY: 'socks5://127.0.0.1:1080' }, (w) => warnings.push(w)),
    ).toBeUndefined()
    expect(warnings).toEqual(['HTTPS_PROXY is not an http(s) proxy address, so it is ignored.'])
    expect(resolveProxyUrl({}, { HTTPS_PROXY: '', https_proxy: 'http://p:1' })).toBe('http://p:1/')
  })

  it('states the proxy the requests really take: HTTPS_PROXY, then the setting over it', async () => {
    const env = { HTTPS_PROXY: proxy.url }
    expect(describeProxy({}, env)).toEqual({
      source: 'environment',
      variable: 'HTTPS_PROXY',
      address: `${proxy.url}/`,
    })
    const before = proxy.seen.length
    await (await createProxyAwareFetch({}, env)(`${targetUrl}/e`)).text()
    expect(proxy.seen.length).toBe(before + 1)

    const set = describeProxy({ url: 'http://other.example:3128' }, env)
    expect(set).toEqual({ source: 'settings', address: 'http://other.example:3128/' })
    expect(describeProxy({}, { https_proxy: 'http://lower.example:1' })).toMatchObject({
      source: 'environment',
      variable: 'https_proxy',
    })
    expect(describeProxy({}, {})).toEqual({ source: 'none' })
    expect(describeProxy({}, env).source).toBe(resolveProxyUrl({}, env) ? 'environment' : 'none')
  })

  it('names an HTTPS_PROXY it ignores, never its value', () => {
    const status = describeProxy({}, { HTTPS_PROXY: 'socks5://user:s3cret@127.0.0.1:1080' })
    expect(status).toEqual({ source: 'none', ignoredVariable: 'HTTPS_PROXY' })
    expect(JSON.stringify(status)).not.toContain('s3cret')
  })

  it('never lets a user name or password out with the address', () => {
    for (const [setting, env] of [
      [{ url: 'http://alice:pa55word@proxy.example:8080' }, {}],
      [{}, { HTTPS_PROXY: 'http://alice:pa55word@proxy.example:8080' }],
    ] as const) {
      const shown = JSON.stringify(describeProxy(setting, env))
      expect(shown).not.toContain('pa55word')
      expect(shown).not.toContain('alice')
      expect(shown).toContain('http://••••••@proxy.example:8080/')
    }
    expect(redactProxyCredentials('https://only-user@p.example/')).toBe('https://••••••@p.example/')
    expect(redactProxyCredentials('http://p.example:1')).toBe('http://p.example:1/')
  })
})
