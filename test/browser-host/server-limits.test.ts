/**
 * The browser host's server against slow, silent, numerous and oversized callers, over real
 * loopback sockets. The timeouts are test-short; each test waits for the socket's close event
 * (a server that never closed would fail the test by its timeout), never for a measured time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserHost } from '../../src/browser-host/server'
import { startBrowserHost } from '../../src/browser-host/server'
import type { HostServices } from '../../src/main/core'
import { bridgeCallPath, bridgeSecretHeader } from '../../src/shared/bridge-protocol'
import { openTestHostServices, testBrowserHostApp } from '../support/host-services'
import { rawRequest } from '../support/http'

let rendererDir: string
let exportDir: string
let companion: HostServices
let host: BrowserHost
const maxConnections = 4

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'))
  exportDir = await mkdtemp(join(tmpdir(), 'exports-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>shell</title>')
  companion = await openTestHostServices({
    label: 'browser-host-server-limits',
    app: testBrowserHostApp,
    dialogs: {
      chooseFile: async () => null,
      chooseSaveFile: async (name) => join(exportDir, name),
      confirmReveal: async () => false,
      // Agreed at once: these tests are about the server's limits, not about the question.
      confirmWeakening: async () => true,
    },
  })
  host = await startBrowserHost({
    rendererDir,
    dispatch: companion.dispatch,
    events: companion.events,
    limits: {
      headersTimeoutMs: 300,
      requestTimeoutMs: 400,
      keepAliveTimeoutMs: 60_000,
      refusedBodyTimeoutMs: 50,
      timeoutCheckIntervalMs: 50,
      maxConnections,
    },
  })
})

afterAll(async () => {
  await host.stop()
  await companion.dispose()
  await rm(rendererDir, { recursive: true, force: true })
  await rm(exportDir, { recursive: true, force: true })
})

interface Conversation {
  socket: Socket
  /** Everything the server sent, once the socket has closed. */
  closed: Promise<string>
  /** The first bytes the server sent. */
  firstData: Promise<string>
}

async function open(target: BrowserHost = host): Promise<Conversation> {
  const socket = connect({ host: '127.0.0.1', port: target.port })
  let received = ''
  const firstData = new Promise<string>((resolve) =>
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))),
  )
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)))
  socket.on('error', () => {})
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  return { socket, closed, firstData }
}

function head(lines: string[], target: BrowserHost = host): string {
  return `${[...lines, `Host: 127.0.0.1:${target.port}`].join('\r\n')}\r\n\r\n`
}

describe('a slow or silent caller', () => {
  it('is cut soon after a refusal when it declared a body and sends nothing', async () => {
    // A host whose request timeout outlasts the test: only the refusal's own cut can close it.
    const patient = await startBrowserHost({
      rendererDir,
      dispatch: companion.dispatch,
      events: companion.events,
      limits: { headersTimeoutMs: 60_000, requestTimeoutMs: 120_000, refusedBodyTimeoutMs: 50 },
    })
    const { socket, closed } = await open(patient)
    // No secret: refused before the body is read, which never comes.
    socket.write(
      head(
        [
          `POST ${bridgeCallPath} HTTP/1.1`,
          `Origin: ${patient.origin}`,
          'Content-Type: application/json',
          'Content-Length: 100000',
        ],
        patient,
      ),
    )
    const received = await closed
    await patient.stop()
    expect(received).toMatch(/^HTTP\/1\.1 401 /)
    expect(received.toLowerCase()).toContain('connection: close')
  })

  it('is cut by the request timeout when it is let in but never finishes its body', async () => {
    const { socket, closed } = await open()
    socket.write(
      head([
        `POST ${bridgeCallPath} HTTP/1.1`,
        `Origin: ${host.origin}`,
        'Content-Type: application/json',
        `${bridgeSecretHeader}: ${host.secret}`,
        'Content-Length: 100000',
      ]) + '{"operation":',
    )
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('is cut by the headers timeout when its headers never end', async () => {
    const { socket, closed } = await open()
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Slow: 1`)
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /)
  })
})

describe('the connection cap', () => {
  it(`serves ${maxConnections} connections at once and closes the next without an answer`, async () => {
    const kept: Conversation[] = []
    try {
      for (let index = 0; index < maxConnections; index += 1) {
        const conversation = await open()
        conversation.socket.write(head(['GET / HTTP/1.1']))
        // Answered, so the server has counted it; keep-alive holds it open.
        expect(await conversation.firstData).toMatch(/^HTTP\/1\.1 200 /)
        kept.push(conversation)
      }
      const extra = await open()
      extra.socket.write(head(['GET / HTTP/1.1']))
      expect(await extra.closed).toBe('')
    } finally {
      for (const conversation of kept) conversation.socket.destroy()
      await Promise.all(kept.map((conversation) => conversation.closed))
    }
  })
})

describe('input quoted back in errors', () => {
  it('repeats at most 100 characters of a 1 MiB field name', async () => {
    const name = 'x'.repeat(1024 * 1024)
    const response = await rawRequest({
      port: host.port,
      method: 'POST',
      path: bridgeCallPath,
      headers: {
        host: `127.0.0.1:${host.port}`,
        origin: host.origin,
        'content-type': 'application/json',
        [bridgeSecretHeader]: host.secret,
        connection: 'close',
      },
      body: JSON.stringify({ operation: 'getAccount', request: { accountId: 'a', [name]: 1 } }),
    })
    const body = JSON.parse(response.body) as { ok: boolean; error: { message: string } }
    expect(body.ok).toBe(false)
    expect(body.error.message).toContain('unknown field')
    expect(body.error.message.match(/x/g)?.length ?? 0).toBeLessThanOrEqual(100)
    expect(Buffer.byteLength(response.body)).toBeLessThan(400)
  })
})

describe('exports', () => {
  it('run one at a time when several are asked for at once', async () => {
    const transfer = companion.core.transfer
    const original = transfer.exportText.bind(transfer)
    let running = 0
    let mostAtOnce = 0
    let finished = 0
    transfer.exportText = async (options) => {
      running += 1
      mostAtOnce = Math.max(mostAtOnce, running)
      try {
        return await original(options)
      } finally {
        running -= 1
        finished += 1
      }
    }
    try {
      const exports = Array.from({ length: 3 }, () =>
        rawRequest({
          port: host.port,
          method: 'POST',
          path: bridgeCallPath,
          headers: {
            host: `127.0.0.1:${host.port}`,
            origin: host.origin,
            'content-type': 'application/json',
            [bridgeSecretHeader]: host.secret,
            connection: 'close',
          },
          body: JSON.stringify({
            operation: 'exportAccounts',
            request: { passphrase: 'a long enough passphrase' },
          }),
        }),
      )
      const answers = await Promise.all(exports)
      expect(finished).toBe(3)
      expect(mostAtOnce).toBe(1)
      for (const answer of answers) expect(JSON.parse(answer.body)).toHaveProperty('ok')
    } finally {
      transfer.exportText = original
    }
  })
})
