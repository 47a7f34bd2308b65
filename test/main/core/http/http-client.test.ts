import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpClient } from '../../../../src/main/core/http/http-client'
import { rejectionOf } from '../../../support/errors'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
let handler: Handler = (_req, res) => res.end()
let server: Server
let base: string
const seen: { headers: IncomingMessage['headers']; body: string }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      seen.push({ headers: req.headers, body })
      handler(req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

// A timeout no busy machine reaches for a local answer; the timeout test has its own short one.
const client = new HttpClient({ fetch: (input, init) => fetch(input, init), timeoutMs: 10_000 })

describe('HttpClient', () => {
  it('sends JSON with the bearer only in Authorization and reads the log id', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-tt-logid': 'log-123' })
      res.end('{"ok":1}')
    }
    const response = await client.send({
      method: 'POST',
      url: `${base}/x`,
      bearer: 's3cret',
      json: { a: 1 },
    })
    expect(response).toEqual({ status: 200, logId: 'log-123', body: { ok: 1 } })
    const last = seen.at(-1)
    expect(last?.headers.authorization).toBe('Bearer s3cret')
    expect(last?.headers['content-type']).toBe('application/json')
    expect(last?.body).toBe('{"a":1}')
  })

  it('reads the log id from detail.logid when the header is missing', async () => {
    handler = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end('{"code":4100,"msg":"bad","detail":{"logid":"body-log"}}')
    }
    const response = await client.send({ method: 'GET', url: `${base}/v1/users/me` })
    expect(response.logId).toBe('body-log')
    expect(response.status).toBe(401)
  })

  it('turns an HTML page into INVALID_RESPONSE that says so', async () => {
    handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' })
      res.end('<html><body>Blocked by proxy</body></html>')
    }
    const error = await rejectionOf(client.send({ method: 'GET', url: `${base}/x` }))
    expect(error.code).toBe('INVALID_RESPONSE')
    expect(error.message).toContain('web page instead of data')
  })

  it('turns a 500 without JSON into SERVER_ERROR with the log id', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'x-tt-logid': 'log-502' })
      res.end('<html>Bad gateway</html>')
    }
    const error = await rejectionOf(client.send({ method: 'GET', url: `${base}/x` }))
    expect(error.code).toBe('SERVER_ERROR')
    expect(error.logId).toBe('log-502')
  })

  it('turns a dropped connection into NETWORK', async () => {
    handler = (req) => req.socket.destroy()
    const error = await rejectionOf(client.send({ method: 'GET', url: `${base}/x` }))
    expect(error.code).toBe('NETWORK')
    expect(error.params).toEqual({ host: new URL(base).host })
  })

  it('turns a refused connection into NETWORK', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const error = await rejectionOf(
      client.send({ method: 'GET', url: `http://127.0.0.1:${port}/` }),
    )
    expect(error.code).toBe('NETWORK')
  })

  it('gives up after its timeout with TIMEOUT', async () => {
    handler = () => {
      // Never answer: only the client's own timeout can end the call.
    }
    const impatient = new HttpClient({ fetch: (input, init) => fetch(input, init), timeoutMs: 300 })
    const error = await rejectionOf(impatient.send({ method: 'GET', url: `${base}/slow` }))
    expect(error.code).toBe('TIMEOUT')
  })

  it('stops at once when the caller cancels', async () => {
    let markArrived: () => void = () => {}
    const arrived = new Promise<void>((resolve) => (markArrived = resolve))
    handler = () => markArrived()
    // A timeout far past the test's: only the cancel can end this call.
    const patient = new HttpClient({
      fetch: (input, init) => fetch(input, init),
      timeoutMs: 60_000,
    })
    const controller = new AbortController()
    const pending = patient.send({ method: 'GET', url: `${base}/slow`, signal: controller.signal })
    // Cancel once the request is at the server and waiting for an answer that never comes.
    await arrived
    controller.abort()
    expect((await rejectionOf(pending)).code).toBe('CANCELLED')
  })

  it.each(['http://api.coze.com/v1/users/me', 'http://10.0.0.5/', 'ftp://127.0.0.1/'])(
    'refuses to send anything to %s',
    async (url) => {
      const before = seen.length
      const error = await rejectionOf(client.send({ method: 'GET', url, bearer: 'secret-value' }))
      expect(error.code).toBe('INSECURE_URL')
      expect(error.message).not.toContain('secret-value')
      expect(seen.length).toBe(before)
    },
  )

  it('does not follow redirects, which could carry the bearer elsewhere', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/steal' })
      res.end()
    }
    const error = await rejectionOf(
      client.send({ method: 'GET', url: `${base}/x`, bearer: 'secret' }),
    )
    expect(error.code).toBe('NETWORK')
  })
})
