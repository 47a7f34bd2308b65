import { connect, createServer, Server as NetServer } from 'node:net'
import type { ListenOptions, Server } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppError, InvalidGrantError } from '../../../../src/main/core/errors'
import type { CozeError } from '../../../../src/main/core/errors'
import type { LogLevel } from '../../../../src/main/core/logger'
import {
  displayableServerCode,
  escapeHtml,
  pageCatalogue,
  pageLocaleFromAcceptLanguage,
  pageLocales,
  renderCallbackPage,
} from '../../../../src/main/core/oauth/loopback/callback-pages'
import type { CallbackPage } from '../../../../src/main/core/oauth/loopback/callback-pages'
import {
  defaultSignInTimeoutMs,
  handleCallbackRequest,
  maxIgnoredCallbackNotices,
  parseLoopbackRedirectUri,
  startLoopbackReceiver,
} from '../../../../src/main/core/oauth/loopback/loopback-server'
import type {
  CallbackDecision,
  IgnoredCallbackReason,
  LoopbackReceiver,
  LoopbackReceiverOptions,
} from '../../../../src/main/core/oauth/loopback/loopback-server'
import type { Clock } from '../../../../src/main/core/ports'
import { systemClock } from '../../../../src/main/core/ports'
import { rawRequest } from '../../../support/http'
import { freePort, hasIpv6Loopback, isPortFree } from '../../../support/net'
import { rejectionOf } from '../../../support/errors'
import { drainMicrotasks } from '../../../support/microtasks'

// ---------------------------------------------------------------------------------------------
// Helpers

function get(port: number, path: string, host = `127.0.0.1:${port}`, method = 'GET') {
  return rawRequest({ port, path, method, headers: { Host: host } })
}

/** Whether `port` can be listened on again on `address` (isPortFree only tries 127.0.0.1). */
async function isFreeOn(address: string, port: number): Promise<boolean> {
  const server = createServer()
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false))
    server.listen(port, address, () => resolve(true))
  })
  if (free) await new Promise<void>((resolve) => server.close(() => resolve()))
  return free
}

async function occupy(address: string, port: number): Promise<void> {
  const squatter = createServer()
  occupied.push(squatter)
  await new Promise<void>((resolve) => squatter.listen(port, address, resolve))
}

const ipv6 = await hasIpv6Loopback()

const state = 'expected-state-0123456789abcdefghijklmnopqrstuvw'

const opened: LoopbackReceiver[] = []
const occupied: Server[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((receiver) => receiver.close()))
  await Promise.all(
    occupied
      .splice(0)
      .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  )
})

async function start(
  options: Partial<LoopbackReceiverOptions> = {},
): Promise<{ receiver: LoopbackReceiver; port: number }> {
  const port = await freePort()
  const receiver = await startLoopbackReceiver({
    redirectUri: `http://127.0.0.1:${port}/callback`,
    expectedState: state,
    ...options,
  })
  opened.push(receiver)
  return { receiver, port: receiver.port }
}

/** A clock whose sleeps end only when the test says so; `stopped` counts aborted sleeps. */
function manualClock(): Clock & { sleeps: number[]; readonly stopped: number; wake(): void } {
  const waiting: (() => void)[] = []
  const sleeps: number[] = []
  let stopped = 0
  return {
    sleeps,
    get stopped() {
      return stopped
    },
    now: () => Date.now(),
    sleep(ms, signal) {
      sleeps.push(ms)
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          stopped += 1
          reject(signal?.reason)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        waiting.push(resolve)
      })
    },
    wake() {
      for (const resolve of waiting.splice(0)) resolve()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The redirect URI

describe('parseLoopbackRedirectUri', () => {
  it('takes host, port and path from a loopback http URI and keeps the text as given', () => {
    expect(parseLoopbackRedirectUri('http://127.0.0.1:8080/callback')).toEqual({
      redirectUri: 'http://127.0.0.1:8080/callback',
      hostname: '127.0.0.1',
      port: 8080,
      path: '/callback',
    })
    expect(parseLoopbackRedirectUri('http://localhost:48124')).toEqual({
      redirectUri: 'http://localhost:48124',
      hostname: 'localhost',
      port: 48124,
      path: '/',
    })
    expect(parseLoopbackRedirectUri('http://[::1]:8080/cb?app=1')).toEqual({
      redirectUri: 'http://[::1]:8080/cb?app=1',
      hostname: '[::1]',
      port: 8080,
      path: '/cb',
    })
    // Port 80 written out is explicit, even though URL parsing drops it.
    expect(parseLoopbackRedirectUri('http://localhost:80/cb').port).toBe(80)
    expect(parseLoopbackRedirectUri('HTTP://127.0.0.1:8080/cb').hostname).toBe('127.0.0.1')
  })

  it.each([
    ['https', 'https://127.0.0.1:8080/callback'],
    ['a public host', 'http://example.com:8080/callback'],
    ['every interface', 'http://0.0.0.0:8080/callback'],
    ['a LAN address', 'http://192.168.1.2:8080/callback'],
    ['another IPv6 address', 'http://[::2]:8080/callback'],
    ['IPv6 every interface', 'http://[::]:8080/callback'],
    ['a custom scheme', 'com.example.app:/callback'],
    ['http without slashes', 'http:127.0.0.1:8080/callback'],
    ['credentials', 'http://user:pw@127.0.0.1:8080/callback'],
    ['a user name only', 'http://user@localhost:8080/callback'],
    ['a fragment', 'http://127.0.0.1:8080/callback#x'],
    ['an empty fragment', 'http://127.0.0.1:8080/callback#'],
    ['no port', 'http://localhost/callback'],
    ['no port on IPv6', 'http://[::1]/callback'],
    ['an empty port', 'http://127.0.0.1:/callback'],
    ['port 0', 'http://127.0.0.1:0/callback'],
    ['spaces', ' http://127.0.0.1:8080/callback'],
    ['garbage', 'not a uri'],
  ])('refuses %s with a clear InvalidArgumentError', (_what, uri) => {
    let error: unknown
    try {
      parseLoopbackRedirectUri(uri)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('INVALID_ARGUMENT')
    expect((error as AppError).message).toMatch(/redirect URI/)
  })

  it('says what is wrong with the host, the scheme and the port', () => {
    expect(() => parseLoopbackRedirectUri('http://example.com:1/cb')).toThrow(
      /127\.0\.0\.1, localhost or \[::1\]/,
    )
    expect(() => parseLoopbackRedirectUri('https://localhost:1/cb')).toThrow(/http:\/\//)
    expect(() => parseLoopbackRedirectUri('http://localhost/cb')).toThrow(/port/)
  })
})

// ---------------------------------------------------------------------------------------------
// The request handler, without a socket

describe('handleCallbackRequest', () => {
  const expected = { path: '/callback', port: 8080, state }
  const host = '127.0.0.1:8080'
  const decide = (url: string, more: { method?: string; host?: string | undefined } = {}) =>
    handleCallbackRequest(
      { method: more.method ?? 'GET', url, host: 'host' in more ? more.host : host },
      expected,
    )
  const failure = (decision: CallbackDecision) => {
    expect(decision.outcome).toBe('fail')
    if (decision.outcome !== 'fail') throw new Error('not a failure')
    return decision
  }
  const mismatch = (reason: IgnoredCallbackReason): CallbackDecision => ({
    outcome: 'mismatch',
    status: 400,
    page: { kind: 'not-this-sign-in' },
    errorCode: 'STATE_MISMATCH',
    reason,
  })

  it('accepts the callback with the right state and hands out the code', () => {
    expect(decide(`/callback?code=code_abc&state=${state}`)).toEqual({
      outcome: 'code',
      code: 'code_abc',
    })
    expect(
      decide(`/callback?code=code_abc&state=${state}`, { host: 'localhost:8080' }).outcome,
    ).toBe('code')
    expect(decide(`/callback?code=code_abc&state=${state}`, { host: '[::1]:8080' }).outcome).toBe(
      'code',
    )
  })

  it.each([
    ['a wrong state', `/callback?code=code_abc&state=other`, 'state-mismatch'],
    ['no state', `/callback?code=code_abc`, 'missing-state'],
    ['an empty state', `/callback?code=code_abc&state=`, 'missing-state'],
    ['a state that only starts right', `/callback?code=code_abc&state=${state}x`, 'state-mismatch'],
    ['two states', `/callback?code=code_abc&state=${state}&state=${state}`, 'state-mismatch'],
  ] as const)(
    'answers %s with the STATE_MISMATCH page and keeps waiting (%s)',
    (_what, url, reason) => {
      expect(decide(url)).toEqual(mismatch(reason))
    },
  )

  it.each(['/favicon.ico', '/', '/callback/', '/callbackx', '/other?code=c&state=' + state])(
    'answers %s with 404 and keeps waiting',
    (url) => {
      expect(decide(url)).toEqual({ outcome: 'ignore', status: 404, page: { kind: 'not-found' } })
    },
  )

  it.each(['POST', 'HEAD', 'PUT'])('answers %s on the callback path with 405', (method) => {
    expect(decide(`/callback?code=c&state=${state}`, { method })).toEqual({
      outcome: 'ignore',
      status: 405,
      page: { kind: 'method-not-allowed' },
    })
  })

  it.each([
    `//evil.example/callback?code=c&state=${state}`,
    `http://127.0.0.1:8080/callback?code=c&state=${state}`,
    '*',
  ])('answers a request target not in origin form (%s) with 404', (url) => {
    expect(decide(url)).toEqual({ outcome: 'ignore', status: 404, page: { kind: 'not-found' } })
  })

  it.each([
    ['a foreign host', 'evil.example:8080'],
    ['another port', '127.0.0.1:8081'],
    ['no host at all', undefined],
  ])('refuses %s (DNS rebinding) and keeps waiting', (_what, badHost) => {
    expect(decide(`/callback?code=c&state=${state}`, { host: badHost })).toEqual({
      outcome: 'ignore',
      status: 400,
      page: { kind: 'bad-host' },
    })
  })

  it('turns access_denied into ACCESS_DENIED, keeping the description when the state proves it', () => {
    const decision = failure(
      decide(`/callback?error=access_denied&error_description=The+user+said+no.&state=${state}`),
    )
    expect(decision.error.code).toBe('ACCESS_DENIED')
    expect((decision.error as CozeError).details).toEqual({
      serverCode: 'access_denied',
      serverMessage: 'The user said no.',
    })
    expect(decision.page).toEqual({
      kind: 'failed',
      code: 'ACCESS_DENIED',
      serverCode: 'access_denied',
    })
  })

  it('does not let an error without a state end the sign-in: anyone could send one', () => {
    expect(decide('/callback?error=access_deny&error_description=Call+0800')).toEqual(
      mismatch('missing-state'),
    )
    expect(decide('/callback?error=server_error&state=')).toEqual(mismatch('missing-state'))
  })

  it('does not let an error with a wrong state end the sign-in', () => {
    expect(decide('/callback?error=access_denied&state=nope')).toEqual(mismatch('state-mismatch'))
  })

  it('turns another OAuth error into REQUEST_REFUSED naming it', () => {
    const decision = failure(decide(`/callback?error=invalid_request&state=${state}`))
    expect(decision.error.code).toBe('REQUEST_REFUSED')
    expect(decision.page).toEqual({
      kind: 'failed',
      code: 'REQUEST_REFUSED',
      serverCode: 'invalid_request',
    })
  })

  it('does not repeat an error name that is not one', () => {
    const decision = failure(decide(`/callback?error=%3Cscript%3E&state=${state}`))
    expect(decision.page).toEqual({ kind: 'failed', code: 'REQUEST_REFUSED' })
  })

  it('fails with INVALID_RESPONSE when the right state comes without a code', () => {
    expect(failure(decide(`/callback?state=${state}`)).error.code).toBe('INVALID_RESPONSE')
    expect(failure(decide(`/callback?code=&state=${state}`)).error.code).toBe('INVALID_RESPONSE')
    expect(failure(decide(`/callback?code=a&code=b&state=${state}`)).error.code).toBe(
      'INVALID_RESPONSE',
    )
  })
})

// ---------------------------------------------------------------------------------------------
// The pages

describe('callback pages', () => {
  const pages: CallbackPage[] = [
    { kind: 'signed-in' },
    { kind: 'not-found' },
    { kind: 'method-not-allowed' },
    { kind: 'bad-host' },
    { kind: 'already-answered' },
    { kind: 'no-longer-waiting' },
    { kind: 'not-this-sign-in' },
    ...(
      [
        'ACCESS_DENIED',
        'STATE_MISMATCH',
        'REQUEST_REFUSED',
        'INVALID_GRANT',
        'INVALID_CLIENT',
        'SERVER_ERROR',
        'NETWORK',
        'TIMEOUT',
        'INVALID_RESPONSE',
        'CANCELLED',
        'INTERNAL',
      ] as const
    ).map((code): CallbackPage => ({ kind: 'failed', code })),
  ]

  it('has every text in both languages, and the Chinese one is really Chinese', () => {
    const walk = (value: unknown, path: string, out: Map<string, string>): Map<string, string> => {
      if (typeof value === 'string') out.set(path, value)
      else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, out))
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`, out)
      }
      return out
    }
    const english = walk(pageCatalogue('en'), '', new Map())
    const chinese = walk(pageCatalogue('zh-CN'), '', new Map())
    expect([...chinese.keys()]).toEqual([...english.keys()])
    for (const [key, text] of chinese) {
      expect(text.trim(), key).not.toBe('')
      expect(text, key).toMatch(/[\u4e00-\u9fff]/)
      expect(english.get(key)?.trim(), key).not.toBe('')
    }
  })

  it.each(pageLocales)(
    'renders every page in %s, self-contained and without a promise to close',
    (locale) => {
      for (const page of pages) {
        const html = renderCallbackPage(page, locale)
        expect(html).toContain(`<html lang="${locale}">`)
        expect(html).toContain('<meta charset="utf-8">')
        expect(html).toMatch(/<h1>[^<]+<\/h1>/)
        expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\(|@import|https?:\/\//i)
        expect(html).not.toMatch(/close(s)? (itself|automatically|by itself)|自动关闭|将关闭/i)
        if (locale === 'zh-CN') expect(html).toContain('扣子授权助手')
      }
    },
  )

  it('says what to do next on the failure pages', () => {
    const denied = renderCallbackPage({ kind: 'failed', code: 'ACCESS_DENIED' }, 'en')
    expect(denied).toContain('Authorization declined')
    expect(denied).toContain('start the sign-in again and choose Authorize')
    const deniedZh = renderCallbackPage({ kind: 'failed', code: 'ACCESS_DENIED' }, 'zh-CN')
    expect(deniedZh).toContain('授权已被拒绝')
    expect(deniedZh).toContain('重新开始登录')
    const other = renderCallbackPage({ kind: 'failed', code: 'INTERNAL' }, 'zh-CN')
    expect(other).toContain('登录未完成')
  })

  it('says that an answer from another sign-in was not used, and that the app still waits', () => {
    const mismatch = renderCallbackPage({ kind: 'not-this-sign-in' }, 'en')
    expect(mismatch).toContain('does not belong to the current sign-in')
    expect(mismatch).toContain('still waiting')
    expect(mismatch).toContain('<span id="error-code">STATE_MISMATCH</span>')
    const mismatchZh = renderCallbackPage({ kind: 'not-this-sign-in' }, 'zh-CN')
    expect(mismatchZh).toContain('此结果不属于当前登录')
    expect(mismatchZh).toContain('仍在等待')
    expect(mismatchZh).toContain('<span id="error-code">STATE_MISMATCH</span>')
  })

  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['ZH-tw', 'zh-CN'],
    ['zh-Hans-CN;q=0.9', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['en-US;q=0.5, zh-CN;q=0.8', 'zh-CN'],
    ['fr-FR,fr;q=0.9,zh;q=0.5', 'zh-CN'],
    ['fr-FR,de;q=0.9', 'en'],
    ['zh;q=0, en', 'en'],
    ['*', 'en'],
    ['zhx', 'en'],
    ['zh;q=abc, en;q=0.5', 'en'],
    ['zh;q=1.5, en', 'en'],
    ['garbage;;;,,q=x', 'en'],
  ] as const)('picks the page language from Accept-Language %j: %s', (header, locale) => {
    expect(pageLocaleFromAcceptLanguage(header)).toBe(locale)
  })

  it('names the OAuth error Coze sent, escaped, and only when it looks like one', () => {
    const named = renderCallbackPage(
      { kind: 'failed', code: 'REQUEST_REFUSED', serverCode: 'invalid_request' },
      'en',
    )
    expect(named).toContain('Coze sent back the error “invalid_request”')
    const hostile = renderCallbackPage(
      { kind: 'failed', code: 'REQUEST_REFUSED', serverCode: '<img src=x onerror=alert(1)>' },
      'en',
    )
    expect(hostile).not.toContain('<img')
    expect(hostile).not.toContain('onerror')
    expect(displayableServerCode('a b')).toBeUndefined()
  })

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })
})

// ---------------------------------------------------------------------------------------------
// The receiver, over real sockets

describe('startLoopbackReceiver', () => {
  it('serves one valid callback, waits for the exchange, then shows success and frees the port', async () => {
    const { receiver, port } = await start()
    const browser = get(port, `/callback?code=code_secret123&state=${state}`)
    await expect(receiver.result).resolves.toEqual({ code: 'code_secret123' })
    // The browser is kept waiting until the app knows how the exchange went: the page it gets
    // says what finish() was told, which an answer sent any earlier could not know (the error
    // case is the next test).
    receiver.finish({ ok: true })
    const page = await browser
    expect(page.status).toBe(200)
    expect(page.body).toContain('You are signed in')
    expect(page.body).not.toContain('code_secret123')
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('shows the exchange error to the waiting browser', async () => {
    const { receiver, port } = await start({ locale: 'zh-CN' })
    const browser = get(port, `/callback?code=c&state=${state}`)
    await receiver.result
    receiver.finish({ ok: false, error: new InvalidGrantError({ status: 400 }) })
    const page = await browser
    expect(page.status).toBe(400)
    expect(page.body).toContain('登录码未被接受')
    expect(page.body).toContain('INVALID_GRANT')
  })

  it('answers other paths with 404 (favicon included) and still takes the callback', async () => {
    const { receiver, port } = await start()
    const favicon = await get(port, '/favicon.ico')
    expect(favicon.status).toBe(404)
    expect(favicon.headers['cache-control']).toBe('no-store')
    expect((await get(port, '/elsewhere?code=x&state=' + state)).status).toBe(404)
    expect((await get(port, '/callback', `127.0.0.1:${port}`, 'POST')).status).toBe(405)
    const head = await get(port, `/callback?code=x&state=${state}`, `127.0.0.1:${port}`, 'HEAD')
    expect(head.status).toBe(405)
    expect(head.body).toBe('')
    expect((await get(port, `/callback?code=x&state=${state}`, 'evil.example')).status).toBe(400)
    const browser = get(port, `/callback?code=good&state=${state}`)
    await expect(receiver.result).resolves.toEqual({ code: 'good' })
    receiver.finish({ ok: true })
    expect((await browser).status).toBe(200)
  })

  it('keeps the first answer when the page is reloaded during the exchange', async () => {
    const { receiver, port } = await start()
    const first = get(port, `/callback?code=one&state=${state}`)
    await receiver.result
    const second = await get(port, `/callback?code=two&state=${state}`)
    expect(second.status).toBe(409)
    expect(second.body).toContain('already received')
    const wrong = await get(port, `/callback?code=three&state=bad`)
    expect(wrong.status).toBe(409)
    receiver.finish({ ok: true })
    expect((await first).status).toBe(200)
    await expect(receiver.result).resolves.toEqual({ code: 'one' })
  })

  it('answers a wrong or missing state with 400 and keeps waiting for the right one', async () => {
    const ignored: IgnoredCallbackReason[] = []
    const { receiver, port } = await start({ onIgnoredCallback: (reason) => ignored.push(reason) })
    const forged = await get(port, '/callback?code=code_x&state=forged')
    expect(forged.status).toBe(400)
    expect(forged.body).toContain('does not belong to the current sign-in')
    expect(forged.body).toContain('STATE_MISMATCH')
    expect(forged.body).not.toContain('code_x')
    // A page on any site can send these; none of them may end the sign-in.
    expect((await get(port, '/callback?error=access_denied')).status).toBe(400)
    expect((await get(port, '/callback?error=access_denied&state=old-tab')).status).toBe(400)
    expect((await get(port, '/callback?code=code_y')).status).toBe(400)
    expect(ignored).toEqual(['state-mismatch', 'missing-state', 'state-mismatch', 'missing-state'])

    // The result settles once only: that it is the good code proves none of the above ended it.
    const browser = get(port, `/callback?code=good&state=${state}`)
    await expect(receiver.result).resolves.toEqual({ code: 'good' })
    receiver.finish({ ok: true })
    expect((await browser).status).toBe(200)
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('lets an error with the right state end the sign-in, after ignoring forged ones', async () => {
    const { receiver, port } = await start()
    expect((await get(port, '/callback?error=access_denied&state=forged')).status).toBe(400)
    const page = await get(port, `/callback?error=server_error&state=${state}`)
    expect(page.status).toBe(400)
    const error = await rejectionOf(receiver.result)
    expect(error.code).toBe('REQUEST_REFUSED')
    expect(error.params).toMatchObject({ serverCode: 'server_error' })
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('times out, not STATE_MISMATCH, when only forged answers came', async () => {
    const clock = manualClock()
    const { receiver, port } = await start({ clock })
    expect((await get(port, '/callback?code=c&state=forged')).status).toBe(400)
    clock.wake()
    expect((await rejectionOf(receiver.result)).code).toBe('TIMEOUT')
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('reports only the first few ignored answers, and logs neither state nor code', async () => {
    const lines: string[] = []
    const logger = {
      log(level: LogLevel, message: string, fields?: Record<string, unknown>) {
        lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
      },
    }
    let notices = 0
    const { receiver, port } = await start({ logger, onIgnoredCallback: () => (notices += 1) })
    for (let i = 0; i < maxIgnoredCallbackNotices + 5; i += 1) {
      expect((await get(port, `/callback?code=code_leak${i}&state=forged_${i}`)).status).toBe(400)
    }
    expect(notices).toBe(maxIgnoredCallbackNotices)
    const browser = get(port, `/callback?code=c&state=${state}`)
    await receiver.result
    receiver.finish({ ok: true })
    await browser
    const text = lines.join('\n')
    expect(text).not.toMatch(/code_leak|forged_/)
    expect(text).not.toContain(state)
    expect(lines.filter((line) => line.includes('does not belong')).length).toBeLessThanOrEqual(
      maxIgnoredCallbackNotices + 1,
    )
  })

  it('keeps waiting when the listener for ignored answers throws', async () => {
    const { receiver, port } = await start({
      onIgnoredCallback: () => {
        throw new Error('display broke')
      },
    })
    expect((await get(port, '/callback?code=c&state=forged')).status).toBe(400)
    const browser = get(port, `/callback?code=c&state=${state}`)
    await expect(receiver.result).resolves.toEqual({ code: 'c' })
    receiver.finish({ ok: true })
    expect((await browser).status).toBe(200)
  })

  it('speaks the language of the browser when no locale is given', async () => {
    const { receiver, port } = await start()
    const zh = { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' }
    const host = `127.0.0.1:${port}`
    const notFound = await getVia('127.0.0.1', port, '/favicon.ico', { Host: host, ...zh })
    expect(notFound.body).toContain('<html lang="zh-CN">')
    const forged = await getVia('127.0.0.1', port, '/callback?code=c&state=x', {
      Host: host,
      ...zh,
    })
    expect(forged.body).toContain('此结果不属于当前登录')
    const english = await getVia('127.0.0.1', port, '/favicon.ico', {
      Host: host,
      'Accept-Language': 'en-GB,en;q=0.9',
    })
    expect(english.body).toContain('<html lang="en">')
    const browser = getVia('127.0.0.1', port, `/callback?code=c&state=${state}`, {
      Host: host,
      ...zh,
    })
    await receiver.result
    receiver.finish({ ok: true })
    const page = await browser
    expect(page.body).toContain('<html lang="zh-CN">')
    expect(page.body).toContain('登录成功')
  })

  it('keeps the locale it was given, whatever the browser asks for', async () => {
    const { receiver, port } = await start({ locale: 'en' })
    const browser = getVia('127.0.0.1', port, `/callback?code=c&state=${state}`, {
      Host: `127.0.0.1:${port}`,
      'Accept-Language': 'zh-CN',
    })
    await receiver.result
    receiver.finish({ ok: true })
    expect((await browser).body).toContain('You are signed in')
  })

  it('fails with ACCESS_DENIED when Coze says the user declined', async () => {
    const { receiver, port } = await start()
    const page = await get(
      port,
      `/callback?error=access_denied&error_description=The+user+denied.&state=${state}`,
    )
    expect(page.body).toContain('Authorization declined')
    expect((await rejectionOf(receiver.result)).code).toBe('ACCESS_DENIED')
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('times out after 5 minutes by default, with a message saying to start again', async () => {
    const clock = manualClock()
    const { receiver, port } = await start({ clock })
    expect(clock.sleeps).toEqual([defaultSignInTimeoutMs])
    expect(defaultSignInTimeoutMs).toBe(300_000)
    clock.wake()
    const error = await rejectionOf(receiver.result)
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toBe(
      'The sign-in took too long: nothing came back from the browser within 5 minutes. Start the sign-in again.',
    )
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('times out in real time with a short timeout and closes by itself', async () => {
    const { receiver, port } = await start({ timeoutMs: 150, clock: systemClock })
    const error = await rejectionOf(receiver.result)
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toMatch(/took too long.*Start the sign-in again/)
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('stops the timer once the callback came', async () => {
    const clock = manualClock()
    const { receiver, port } = await start({ clock })
    const browser = get(port, `/callback?code=c&state=${state}`)
    await receiver.result
    expect(clock.sleeps).toHaveLength(1)
    expect(clock.stopped).toBe(1)
    // A wake-up that comes anyway changes nothing, once what it sets off has run.
    clock.wake()
    await drainMicrotasks()
    receiver.finish({ ok: true })
    expect((await browser).status).toBe(200)
  })

  it('is cancelled at once by the signal and frees the port', async () => {
    const controller = new AbortController()
    // The sign-in timeout is the default five minutes: only the cancel can end this one in time.
    const { receiver, port } = await start({ signal: controller.signal })
    controller.abort()
    const error = await rejectionOf(receiver.result)
    expect(error.code).toBe('CANCELLED')
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('tells a browser still waiting during the exchange that the sign-in was cancelled', async () => {
    const controller = new AbortController()
    const { receiver, port } = await start({ signal: controller.signal })
    const browser = get(port, `/callback?code=c&state=${state}`)
    await receiver.result
    controller.abort()
    const page = await browser
    expect(page.status).toBe(400)
    expect(page.body).toContain('Sign-in cancelled')
    await receiver.close()
    expect(await isPortFree(port)).toBe(true)
  })

  it('refuses to start with a signal that is already aborted, leaving the port free', async () => {
    const port = await freePort()
    const controller = new AbortController()
    controller.abort()
    const error = await rejectionOf(
      startLoopbackReceiver({
        redirectUri: `http://127.0.0.1:${port}/callback`,
        expectedState: state,
        signal: controller.signal,
      }),
    )
    expect(error.code).toBe('CANCELLED')
    expect(await isPortFree(port)).toBe(true)
  })

  it('gives PORT_IN_USE naming the port and the fix', async () => {
    const port = await freePort()
    const squatter = createServer()
    occupied.push(squatter)
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve))
    const error = await rejectionOf(
      startLoopbackReceiver({ redirectUri: `http://localhost:${port}/cb`, expectedState: state }),
    )
    expect(error.code).toBe('PORT_IN_USE')
    expect(error.message).toContain(`Port ${port}`)
    expect(error.message).toContain('redirect URI with a free port')
    expect(error.params).toMatchObject({ port })
  })

  it.runIf(ipv6)('listens on ::1 as well for a localhost redirect URI', async () => {
    const port = await freePort()
    const receiver = await startLoopbackReceiver({
      redirectUri: `http://localhost:${port}/callback`,
      expectedState: state,
    })
    opened.push(receiver)
    expect(await isFreeOn('::1', port)).toBe(false)
    expect(await isFreeOn('127.0.0.1', port)).toBe(false)
    // A browser that tried ::1 first: it still sends `Host: localhost:PORT`.
    const host = { Host: `localhost:${port}` }
    expect((await getVia('::1', port, '/favicon.ico', host)).status).toBe(404)
    const browser = getVia('::1', port, `/callback?code=c6&state=${state}`, host)
    await expect(receiver.result).resolves.toEqual({ code: 'c6' })
    receiver.finish({ ok: true })
    expect((await browser).status).toBe(200)
    await receiver.close()
    expect(await isFreeOn('::1', port)).toBe(true)
    expect(await isFreeOn('127.0.0.1', port)).toBe(true)
  })

  it.runIf(ipv6)(
    'gives PORT_IN_USE for a localhost redirect URI when another program holds [::1]:PORT',
    async () => {
      const port = await freePort()
      await occupy('::1', port)
      const error = await rejectionOf(
        startLoopbackReceiver({
          redirectUri: `http://localhost:${port}/callback`,
          expectedState: state,
        }),
      )
      expect(error.code).toBe('PORT_IN_USE')
      expect(error.message).toContain(`Port ${port}`)
      // What was opened on 127.0.0.1 before finding ::1 taken is closed again.
      expect(await isFreeOn('127.0.0.1', port)).toBe(true)
    },
  )

  it.runIf(ipv6)('listens on ::1 only for an http://[::1]:PORT redirect URI', async () => {
    const port = await freePort()
    const receiver = await startLoopbackReceiver({
      redirectUri: `http://[::1]:${port}/cb`,
      expectedState: state,
    })
    opened.push(receiver)
    expect(receiver.port).toBe(port)
    expect(await isFreeOn('127.0.0.1', port)).toBe(true)
    const browser = getVia('::1', port, `/cb?code=c&state=${state}`, { Host: `[::1]:${port}` })
    await expect(receiver.result).resolves.toEqual({ code: 'c' })
    receiver.finish({ ok: true })
    expect((await browser).status).toBe(200)
    await receiver.close()
    expect(await isFreeOn('::1', port)).toBe(true)
  })

  it.runIf(ipv6)('gives PORT_IN_USE for an [::1] redirect URI whose port is taken', async () => {
    const port = await freePort()
    await occupy('::1', port)
    const error = await rejectionOf(
      startLoopbackReceiver({ redirectUri: `http://[::1]:${port}/cb`, expectedState: state }),
    )
    expect(error.code).toBe('PORT_IN_USE')
  })

  describe('on a machine without an IPv6 loopback', () => {
    const original = NetServer.prototype.listen
    afterEach(() => {
      vi.restoreAllMocks()
    })
    function withoutIpv6(code: string): void {
      vi.spyOn(NetServer.prototype, 'listen').mockImplementation(function (
        this: NetServer,
        ...args: unknown[]
      ) {
        const options = args[0] as ListenOptions
        if (typeof options === 'object' && options.host === '::1') {
          const error = Object.assign(new Error(`listen ${code} ::1`), { code })
          process.nextTick(() => this.emit('error', error))
          return this
        }
        return (original as (...a: unknown[]) => NetServer).apply(this, args)
      })
    }

    it.each(['EADDRNOTAVAIL', 'EAFNOSUPPORT'])(
      'still serves a localhost redirect URI on 127.0.0.1 (%s on ::1)',
      async (code) => {
        withoutIpv6(code)
        const port = await freePort()
        const receiver = await startLoopbackReceiver({
          redirectUri: `http://localhost:${port}/callback`,
          expectedState: state,
        })
        opened.push(receiver)
        const browser = get(port, `/callback?code=c&state=${state}`, `localhost:${port}`)
        await expect(receiver.result).resolves.toEqual({ code: 'c' })
        receiver.finish({ ok: true })
        expect((await browser).status).toBe(200)
        await receiver.close()
        expect(await isPortFree(port)).toBe(true)
      },
    )

    it('refuses an [::1] redirect URI with a message naming the fix', async () => {
      withoutIpv6('EADDRNOTAVAIL')
      const port = await freePort()
      const error = await rejectionOf(
        startLoopbackReceiver({ redirectUri: `http://[::1]:${port}/cb`, expectedState: state }),
      )
      expect(error.code).toBe('INVALID_ARGUMENT')
      expect(error.message).toContain('127.0.0.1')
      expect(error.cause).toBeUndefined()
    })
  })

  it('binds 127.0.0.1 for a localhost redirect URI and matches its path', async () => {
    const port = await freePort()
    const receiver = await startLoopbackReceiver({
      redirectUri: `http://localhost:${port}/auth/done`,
      expectedState: state,
    })
    opened.push(receiver)
    expect(await isPortFree(port)).toBe(false)
    expect((await get(port, `/callback?code=c&state=${state}`, `localhost:${port}`)).status).toBe(
      404,
    )
    const browser = get(port, `/auth/done?code=c&state=${state}`, `localhost:${port}`)
    await expect(receiver.result).resolves.toEqual({ code: 'c' })
    receiver.finish({ ok: true })
    expect((await browser).status).toBe(200)
  })

  it('closes promptly even with an idle connection open, answering a held browser', async () => {
    const { receiver, port } = await start()
    const idle = connect(port, '127.0.0.1')
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()))
    const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()))
    idle.on('error', () => {})
    const browser = get(port, `/callback?code=c&state=${state}`)
    await receiver.result
    // The client never closes the idle connection: close() ends anyway, and the server closes it.
    await receiver.close()
    const page = await browser
    expect(page.status).toBe(410)
    expect(page.body).toContain('no longer waiting')
    await idleClosed
    expect(await isPortFree(port)).toBe(true)
    // close() twice is fine.
    await receiver.close()
  })

  it('logs nothing secret', async () => {
    const lines: string[] = []
    const logger = {
      log(level: LogLevel, message: string, fields?: Record<string, unknown>) {
        lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
      },
    }
    const { receiver, port } = await start({ logger })
    await get(port, '/favicon.ico')
    const browser = get(port, `/callback?code=code_topsecret&state=${state}`)
    await receiver.result
    receiver.finish({ ok: true })
    await browser
    await receiver.close()
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.join('\n')).not.toContain('code_topsecret')
    expect(lines.join('\n')).not.toContain(state)
  })

  it('refuses a bad timeout or an empty state', async () => {
    const port = await freePort()
    const redirectUri = `http://127.0.0.1:${port}/cb`
    for (const options of [
      { redirectUri, expectedState: state, timeoutMs: 0 },
      { redirectUri, expectedState: state, timeoutMs: Number.NaN },
      { redirectUri, expectedState: '' },
    ]) {
      expect((await rejectionOf(startLoopbackReceiver(options))).code).toBe('INVALID_ARGUMENT')
    }
    expect(await isPortFree(port)).toBe(true)
  })
})

/** A GET to one exact address (`::1` included), with the Host header a browser would send. */
function getVia(
  address: string,
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return rawRequest({ address, port, path, headers })
}
