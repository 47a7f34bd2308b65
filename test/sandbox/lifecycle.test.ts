/**
 * Starting and stopping is cheap enough for one sandbox per test file (or per test), ports are
 * honoured, and describe() can write the demo files a person needs.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox } from './index'
import { bearer, getJson } from './test-support'

let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'coze-sandbox-'))
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

describe('start and stop', () => {
  // How long starting and stopping takes is measured by `npm run bench` (sandbox start + stop);
  // these tests check what stop() does, with nothing depending on the speed of the machine.
  it('starts and stops ten times in a row, each one answering and then freeing its port', async () => {
    for (let i = 0; i < 10; i += 1) {
      const sandbox = await startSandbox()
      const { apiBase, pat } = sandbox.regions.com
      expect((await getJson(`${apiBase}/v1/users/me`, bearer(pat))).status).toBe(200)
      await sandbox.stop()
      await expect(getJson(`${apiBase}/v1/users/me`)).rejects.toThrow(/ECONNREFUSED/)
    }
  })

  it('stop() does not wait for a keep-alive connection with a request in progress; it is idempotent', async () => {
    const sandbox = await startSandbox()
    const { apiBase, pat } = sandbox.regions.com
    const { port } = new URL(apiBase)
    const socket = connect(Number(port), '127.0.0.1')
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    const answered = new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')))
      socket.once('error', reject)
    })
    const head = `Host: 127.0.0.1:${port}\r\nAuthorization: Bearer ${pat}\r\nConnection: keep-alive\r\n`
    socket.write(`GET /v1/users/me HTTP/1.1\r\n${head}\r\n`)
    expect(await answered).toMatch(/^HTTP\/1\.1 200 /)
    // A second request on the same connection whose body never finishes arriving: the connection
    // is busy, not idle (Node's server.close() closes idle ones itself), so server.close() alone
    // would wait for it for minutes.
    socket.write(`POST /keep-alive-probe HTTP/1.1\r\n${head}Content-Length: 100\r\n\r\n{"half":`)
    await sandbox.waitForRequestInProgress((request) => request.path === '/keep-alive-probe')
    const first = sandbox.stop()
    expect(sandbox.stop()).toBe(first)
    await first
    await closed
    await expect(getJson(`${apiBase}/v1/users/me`)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('stop() is not held up by a pending latency fault, and that request fails', async () => {
    const sandbox = await startSandbox()
    sandbox.faults.next('all', { kind: 'latency', ms: 60_000 })
    const pending = getJson(`${sandbox.regions.com.apiBase}/v1/users/me`)
    const outcome = pending.then(
      () => 'answered',
      () => 'failed',
    )
    // The fault holds the request for a minute, far past the test's timeout.
    await sandbox.waitForRequestInProgress((request) => request.fault === 'latency')
    await sandbox.stop()
    expect(await outcome).toBe('failed')
  })

  it('honours fixed ports and fails cleanly when one is taken', async () => {
    const first = await startSandbox()
    const port = Number(new URL(first.regions.com.apiBase).port)
    try {
      await expect(startSandbox({ ports: { com: port } })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await first.stop()
    }
    const again = await startSandbox({ ports: { com: port } })
    expect(again.regions.com.apiBase).toBe(`http://127.0.0.1:${port}`)
    expect(again.regions.com.audience).toBe(`127.0.0.1:${port}`)
    await again.stop()
  })

  it('startTime and frozenClock set the clock', async () => {
    const sandbox = await startSandbox({ startTime: Date.UTC(2031, 5, 1), frozenClock: true })
    try {
      expect(sandbox.clock.now()).toBe(Date.UTC(2031, 5, 1))
      sandbox.clock.advance(1.5)
      expect(sandbox.clock.now()).toBe(Date.UTC(2031, 5, 1) + 1500)
      const pair = sandbox.issueTokensDirectly('com', sandbox.regions.com.apps.pkce.clientId)
      expect(pair.expires_in).toBe(Date.UTC(2031, 5, 1) / 1000 + 1 + 900)
    } finally {
      await sandbox.stop()
    }
  })
})

describe('describe() with a data directory', () => {
  it('writes each app config and the private keys with mode 0600', async () => {
    const sandbox = await startSandbox({ dataDir })
    try {
      const description = await sandbox.describe()
      const jwt = description.regions.com.apps.jwt
      expect(jwt.privateKeyPath).toBe(join(dataDir, 'com', 'jwt', 'private_key.pem'))
      expect(await readFile(jwt.privateKeyPath ?? '', 'utf8')).toBe(jwt.privateKeyPem)
      expect((await stat(jwt.privateKeyPath ?? '')).mode & 0o777).toBe(0o600)

      const config = JSON.parse(await readFile(jwt.configPath ?? '', 'utf8')) as Record<
        string,
        unknown
      >
      expect(config).toMatchObject({
        client_type: 'jwt',
        client_id: jwt.clientId,
        public_key_id: jwt.publicKeyId,
        private_key: jwt.privateKeyPem,
        coze_api_base: description.regions.com.apiBase,
        coze_www_base: description.regions.com.wwwBase,
      })
      const web = JSON.parse(
        await readFile(description.regions.cn.apps.web.configPath ?? '', 'utf8'),
      ) as Record<string, unknown>
      expect(web).toMatchObject({
        client_type: 'web',
        client_secret: description.regions.cn.apps.web.clientSecret,
        redirect_uris: description.regions.cn.apps.web.redirectUris,
      })
      expect((await stat(join(dataDir, 'sandbox.json'))).mode & 0o777).toBe(0o600)
      expect(description.regions.com.pat).toBe(sandbox.regions.com.pat)
      expect(description.regions.cn.sat).toMatch(/^sat_[A-Za-z0-9]{64}$/)
    } finally {
      await sandbox.stop()
    }
  })
})

describe('inspectToken', () => {
  it('tells a test what the server knows of a token and its pair', async () => {
    const sandbox = await startSandbox({ frozenClock: true })
    try {
      const pkce = sandbox.regions.com.apps.pkce
      const first = sandbox.issueTokensDirectly('com', pkce.clientId)
      expect(sandbox.inspectToken(first.access_token)).toEqual({
        region: 'com',
        kind: 'access',
        status: 'active',
        pairedWith: first.refresh_token,
      })
      sandbox.revokeRefreshToken(first.refresh_token)
      expect(sandbox.inspectToken(first.refresh_token)).toMatchObject({
        kind: 'refresh',
        status: 'revoked',
      })
      sandbox.clock.advance(15 * 60 + 1)
      expect(sandbox.inspectToken(first.access_token)?.status).toBe('expired')
      expect(sandbox.inspectToken(sandbox.regions.cn.pat)).toMatchObject({
        region: 'cn',
        kind: 'pat',
      })
      expect(sandbox.inspectToken('nope')).toBeUndefined()
    } finally {
      await sandbox.stop()
    }
  })
})
