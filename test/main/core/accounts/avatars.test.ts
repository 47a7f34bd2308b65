import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AvatarCache, avatarLimits } from '../../../../src/main/core/accounts/avatars'
import type { Logger } from '../../../../src/main/core/logger'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { plainHttp } from '../../../support/core-harness'
import type { TestClock } from '../../../support/test-clock'
import { createTestClock } from '../../../support/test-clock'

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

/**
 * Avatar hosts that misbehave, on loopback: each path answers one way. `hits` counts the requests
 * per path, so a test can tell a cached answer from a new fetch.
 */
const misbehaving: Record<string, (res: ServerResponse) => void> = {
  '/oversized.png': (res) => {
    const body = Buffer.concat([pngSignature, Buffer.alloc(avatarLimits.maxBytes)])
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length })
    res.end(body)
  },
  // No Content-Length to go by: the limit must hold while reading.
  '/oversized-chunked.png': (res) => {
    res.writeHead(200, { 'content-type': 'image/png' })
    res.write(pngSignature)
    for (let sent = 0; sent <= avatarLimits.maxBytes; sent += 16 * 1024) {
      res.write(Buffer.alloc(16 * 1024, 7))
    }
    res.end()
  },
  '/picture.svg': (res) => {
    res.writeHead(200, { 'content-type': 'image/svg+xml' })
    res.end(svg)
  },
  '/svg-labelled-png.png': (res) => {
    res.writeHead(200, { 'content-type': 'image/png' })
    res.end(svg)
  },
  '/png-labelled-html': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(Buffer.concat([pngSignature, Buffer.alloc(32)]))
  },
  '/no-type': (res) => {
    res.writeHead(200)
    res.end(Buffer.concat([pngSignature, Buffer.alloc(32)]))
  },
  '/empty.png': (res) => {
    res.writeHead(200, { 'content-type': 'image/png' })
    res.end()
  },
  '/redirect.png': (res) => {
    res.writeHead(302, { location: '/tiny.png' })
    res.end()
  },
  '/tiny.png': (res) => {
    res.writeHead(200, { 'content-type': 'image/png; charset=binary' })
    res.end(Buffer.concat([pngSignature, Buffer.from('rest of a picture')]))
  },
  '/gif.gif': (res) => {
    res.writeHead(200, { 'content-type': 'image/gif' })
    res.end(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))
  },
  '/never': () => {
    // Holds the request open: the avatar's own deadline must end it.
  },
}

let sandbox: Sandbox
let server: Server
let base: string
const hits = new Map<string, number>()
const open = new Set<ServerResponse>()

beforeAll(async () => {
  sandbox = await startSandbox()
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? ''
    hits.set(path, (hits.get(path) ?? 0) + 1)
    open.add(res)
    res.on('close', () => open.delete(res))
    const answer = misbehaving[path]
    if (answer) answer(res)
    else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const res of open) res.destroy()
  await new Promise((resolve) => server.close(resolve))
  await sandbox.stop()
})

function newCache(
  options: {
    clock?: TestClock
    onLoaded?: (ids: string[]) => void
    logger?: Logger
    timeoutMs?: number
  } = {},
): AvatarCache {
  return new AvatarCache({
    http: plainHttp(),
    clock: options.clock ?? createTestClock(),
    timeoutMs: options.timeoutMs ?? 5_000,
    ...(options.onLoaded ? { onLoaded: options.onLoaded } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  })
}

const avatarRequests = (userId: string): number =>
  sandbox.requests.filter((request) => request.path === `/static/avatar/${userId}.png`).length

describe('AvatarCache', () => {
  it("turns the sandbox user's avatar into a data: URL of the same picture", async () => {
    const user = sandbox.regions.com.users[0]
    if (!user) throw new Error('the sandbox has no user')
    const direct = Buffer.from(await (await fetch(user.avatarUrl)).arrayBuffer())
    const dataUrl = await newCache().load(user.avatarUrl)
    expect(dataUrl).toMatch(/^data:image\/png;base64,/)
    expect(Buffer.from(dataUrl?.split(',')[1] ?? '', 'base64').equals(direct)).toBe(true)
  })

  it('fetches each picture once, however often the accounts are listed', async () => {
    const user = sandbox.regions.cn.users[0]
    if (!user) throw new Error('the sandbox has no user')
    const cache = newCache()
    const before = avatarRequests(user.userId)
    const [first, second] = await Promise.all([
      cache.load(user.avatarUrl),
      cache.load(user.avatarUrl),
    ])
    expect(first).toMatch(/^data:image\/png;/)
    expect(second).toBe(first)
    expect(cache.peek(user.avatarUrl, 'a1')).toBe(first)
    expect(await cache.load(user.avatarUrl)).toBe(first)
    expect(avatarRequests(user.userId) - before).toBe(1)
  })

  it('loads in the background on a first look, then names who was waiting', async () => {
    const user = sandbox.regions.com.users[1] ?? sandbox.regions.com.users[0]
    if (!user) throw new Error('the sandbox has no user')
    let loaded: (ids: string[]) => void = () => {}
    const announced = new Promise<string[]>((resolve) => (loaded = resolve))
    const cache = newCache({ onLoaded: (ids) => loaded(ids) })
    expect(cache.peek(user.avatarUrl, 'a1')).toBeUndefined()
    expect(cache.peek(user.avatarUrl, 'a2')).toBeUndefined()
    expect((await announced).sort()).toEqual(['a1', 'a2'])
    expect(cache.peek(user.avatarUrl, 'a1')).toMatch(/^data:image\/png;base64,/)
  })

  it.each([
    ['a 500', 'http500' as const],
    ['an HTML error page', 'html' as const],
  ])('leaves out %s from the avatar host, without an error', async (_why, kind) => {
    const user = sandbox.regions.com.users[0]
    if (!user) throw new Error('the sandbox has no user')
    sandbox.faults.next('com', {
      kind,
      path: '/static/avatar/',
      status: kind === 'html' ? 200 : 500,
    })
    const announced: string[][] = []
    const cache = newCache({ onLoaded: (ids) => announced.push(ids) })
    await expect(cache.load(user.avatarUrl)).resolves.toBeUndefined()
    expect(cache.peek(user.avatarUrl, 'a1')).toBeUndefined()
    expect(announced).toEqual([])
  })

  it.each([
    ['larger than the limit', '/oversized.png'],
    ['larger than the limit, without a Content-Length', '/oversized-chunked.png'],
    ['an SVG', '/picture.svg'],
    ['an SVG labelled as a PNG', '/svg-labelled-png.png'],
    ['a PNG labelled as HTML', '/png-labelled-html'],
    ['without a content type', '/no-type'],
    ['empty', '/empty.png'],
    ['a redirect', '/redirect.png'],
    ['never answered', '/never'],
    ['not there', '/missing.png'],
  ])('leaves out a picture %s, without an error', async (_why, path) => {
    const logs: string[] = []
    const logger: Logger = {
      log: (_level, message, fields) => logs.push(`${message} ${JSON.stringify(fields)}`),
    }
    // A short deadline: the host that never answers must be given up on before the test ends.
    const cache = newCache({ logger, timeoutMs: path === '/never' ? 300 : 5_000 })
    await expect(cache.load(`${base}${path}`)).resolves.toBeUndefined()
    expect(logs).toHaveLength(1)
    // The address names the user: it stays out of the log.
    expect(logs.join()).not.toContain(base)
  })

  it('accepts a picture whose content type has parameters, and a GIF', async () => {
    expect(await newCache().load(`${base}/tiny.png`)).toMatch(/^data:image\/png;base64,/)
    expect(await newCache().load(`${base}/gif.gif`)).toMatch(/^data:image\/gif;base64,/)
  })

  it('refuses an address that is not https (or http on this computer)', async () => {
    await expect(newCache().load('http://example.invalid/a.png')).resolves.toBeUndefined()
    await expect(newCache().load('javascript:alert(1)')).resolves.toBeUndefined()
  })

  it('tries a failed picture again only after a while', async () => {
    const clock = createTestClock()
    const cache = newCache({ clock })
    const url = `${base}/picture.svg`
    const before = hits.get('/picture.svg') ?? 0
    expect(await cache.load(url)).toBeUndefined()
    expect(cache.peek(url, 'a1')).toBeUndefined()
    expect(await cache.load(url)).toBeUndefined()
    expect((hits.get('/picture.svg') ?? 0) - before).toBe(1)
    clock.advance(avatarLimits.retryAfterMs)
    expect(await cache.load(url)).toBeUndefined()
    expect((hits.get('/picture.svg') ?? 0) - before).toBe(2)
  })
})
