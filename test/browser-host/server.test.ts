import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserHost } from '../../src/browser-host/server'
import { startBrowserHost } from '../../src/browser-host/server'
import type { HostServices } from '../../src/main/core'
import {
  bridgeCallPath,
  bridgeEventsPath,
  bridgeSecretHeader,
} from '../../src/shared/bridge-protocol'
import { rawRequest } from '../support/http'
import { cspDirective, wideSources } from '../support/csp'
import { openTestHostServices, testBrowserHostApp } from '../support/host-services'

let rendererDir: string
let companion: HostServices
let host: BrowserHost

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'))
  await mkdir(join(rendererDir, 'assets'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>shell</title>')
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(rendererDir, '..', 'outside-secret.txt'), 'do not serve me').catch(() => {})
  companion = await openTestHostServices({
    label: 'browser-host-server',
    app: testBrowserHostApp,
  })
  host = await startBrowserHost({
    rendererDir,
    dispatch: companion.dispatch,
    events: companion.events,
  })
})

afterAll(async () => {
  await host.stop()
  await companion.dispose()
  await rm(rendererDir, { recursive: true, force: true })
})

function call(
  body: unknown,
  overrides: { headers?: Record<string, string>; raw?: string; path?: string } = {},
): ReturnType<typeof rawRequest> {
  return rawRequest({
    port: host.port,
    method: 'POST',
    path: overrides.path ?? bridgeCallPath,
    headers: {
      host: `127.0.0.1:${host.port}`,
      origin: host.origin,
      'content-type': 'application/json',
      [bridgeSecretHeader]: host.secret,
      ...overrides.headers,
    },
    body: overrides.raw ?? JSON.stringify(body),
  })
}

describe('the browser host bridge', () => {
  it('hands out a URL with a long random secret in its fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#bridge=${host.secret}`)
    expect(host.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('answers a call from the page with the secret', async () => {
    const response = await call({ operation: 'getAppInfo' })
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toMatchObject({
      ok: true,
      value: { version: '9.9.9', host: 'browser' },
    })
  })

  it('refuses a caller without the secret', async () => {
    const response = await call(
      { operation: 'getAppInfo' },
      { headers: { [bridgeSecretHeader]: '' } },
    )
    expect(response.status).toBe(401)
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  })

  it('refuses a wrong secret of the same length', async () => {
    const wrong = host.secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))
    const response = await call(
      { operation: 'getAppInfo' },
      { headers: { [bridgeSecretHeader]: wrong } },
    )
    expect(response.status).toBe(401)
  })

  it('refuses another origin even with the secret', async () => {
    const response = await call(
      { operation: 'getAppInfo' },
      { headers: { origin: 'http://evil.example' } },
    )
    expect(response.status).toBe(403)
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  })

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const response = await call(
      { operation: 'getAppInfo' },
      {
        headers: {
          host: `rebound.example:${host.port}`,
          origin: `http://rebound.example:${host.port}`,
        },
      },
    )
    expect(response.status).toBe(403)
  })

  it('refuses a body that is not JSON, with an error and without falling over', async () => {
    const response = await call(undefined, { raw: '{"operation": ' })
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
    const after = await call({ operation: 'getAppInfo' })
    expect(after.status).toBe(200)
  })

  it('refuses a simple form post, which a foreign page could send without a preflight', async () => {
    const response = await call(undefined, {
      raw: 'operation=getAppInfo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(response.status).toBe(415)
  })

  it('refuses a body over 16 MiB', async () => {
    const response = await call(undefined, {
      raw: JSON.stringify({ pad: 'x'.repeat(16 * 1024 * 1024 + 1) }),
    })
    expect(response.status).toBe(413)
  })

  it.each([
    [[1, 2, 3]],
    ['"just text"'],
    [{ operation: 'deleteEverything' }],
    [{ operation: 'listAccounts', request: { injected: true } }],
  ])('answers the junk call %j with a typed error', async (body) => {
    const response = await call(body)
    const parsed = JSON.parse(response.body) as { ok: boolean; error?: { code: string } }
    expect(parsed.ok).toBe(false)
    expect(['INVALID_ARGUMENT', 'UNKNOWN_OPERATION']).toContain(parsed.error?.code)
  })

  it('refuses GET on the bridge', async () => {
    const response = await rawRequest({
      port: host.port,
      path: bridgeCallPath,
      headers: { host: `127.0.0.1:${host.port}` },
    })
    expect(response.status).toBe(405)
  })

  it('pushes events to a connected page as JSON lines', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: bridgeEventsPath,
          headers: {
            host: `127.0.0.1:${host.port}`,
            origin: host.origin,
            'content-type': 'application/json',
            [bridgeSecretHeader]: host.secret,
          },
        },
        (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8')
            if (text.trim() === '') {
              companion.events.emit('accountsChanged', { accountIds: ['a1'] })
            } else if (text.includes('\n', text.indexOf('{'))) {
              req.destroy()
              resolve(text.trim())
            }
          })
        },
      )
      req.on('error', reject)
      req.end('{}')
    })
    expect(JSON.parse(received)).toEqual({
      event: 'accountsChanged',
      payload: { accountIds: ['a1'] },
    })
  })
})

describe('the browser host static files', () => {
  const get = (path: string): ReturnType<typeof rawRequest> =>
    rawRequest({ port: host.port, path, headers: { host: `127.0.0.1:${host.port}` } })

  it('serves the page with a strict content security policy', async () => {
    const response = await get('/')
    expect(response.status).toBe(200)
    expect(response.body).toContain('<title>shell</title>')
    expect(response.headers['content-security-policy']).toContain("script-src 'self'")
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  })

  it('takes pictures only from the host and data: URLs, never from any https host', async () => {
    const policy = String((await get('/')).headers['content-security-policy'])
    expect(cspDirective(policy, 'img-src')).toEqual(["'self'", 'data:'])
    for (const part of policy.split(';')) expect(wideSources(part.trim().split(/\s+/))).toEqual([])
  })

  it('serves assets with their type', async () => {
    const response = await get('/assets/app.js')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toContain('text/javascript')
  })

  it.each([
    '/../outside-secret.txt',
    '/%2e%2e/outside-secret.txt',
    '/assets/../../outside-secret.txt',
    '/%E0%A4%A',
  ])('does not serve %s', async (path) => {
    const response = await get(path)
    expect([400, 404]).toContain(response.status)
    expect(response.body).not.toContain('do not serve me')
  })
})
