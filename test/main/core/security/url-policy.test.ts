import { describe, expect, it } from 'vitest'
import { EndpointResolver } from '../../../../src/main/core/regions'
import {
  ExternalUrlPolicy,
  ExternalUrlRefusedError,
  hasOpenableScheme,
  isLoopbackHost,
  isTrustedSenderUrl,
} from '../../../../src/main/core/security/url-policy'

describe('hasOpenableScheme', () => {
  it.each([
    ['https://www.coze.com/api/permission/oauth2/authorize?client_id=1', true],
    ['https://www.coze.cn/oauth/device-activation?user_code=ABCD-EFGH', true],
    ['http://127.0.0.1:41731/api/permission/oauth2/authorize', true],
    ['http://localhost:8080/callback', true],
    ['http://[::1]:8080/', true],
    ['http://www.coze.com/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['https://user:pass@www.coze.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, allowed) => {
    expect(hasOpenableScheme(url)).toBe(allowed)
  })
})

describe('ExternalUrlPolicy', () => {
  describe('with the official regions', () => {
    const policy = new ExternalUrlPolicy(() => new EndpointResolver().webOrigins())

    it.each([
      'https://www.coze.com/api/permission/oauth2/authorize?client_id=1&state=x',
      'https://www.coze.cn/oauth/device-activation?user_code=ABCD-EFGH',
      'https://www.coze.com:443/oauth/consent',
      'https://WWW.COZE.COM/oauth/consent',
      'https://www.coze.com/open/oauth/pats',
      'https://www.coze.cn/open/oauth/pats/',
    ])('opens %s', (url) => {
      expect(policy.allows(url)).toBe(true)
      expect(() => policy.check(url)).not.toThrow()
    })

    it.each([
      ['another host', 'https://evil.example/'],
      ['the API host', 'https://api.coze.com/v1/users/me'],
      ['the bare domain', 'https://coze.com/'],
      ['a suffix', 'https://www.coze.com.evil.example/oauth/consent'],
      ['a prefix', 'https://evilwww.coze.com/'],
      ['a sub-domain', 'https://a.www.coze.com/'],
      ['a trailing dot', 'https://www.coze.com./'],
      ['userinfo before another host', 'https://www.coze.com@evil.example/'],
      ['userinfo before the host', 'https://user:pass@www.coze.com/'],
      ['an encoded @', 'https://www.coze.com%40evil.example/'],
      ['backslashes', 'https:\\\\evil.example\\www.coze.com'],
      ['http downgrade', 'http://www.coze.com/oauth/consent'],
      ['another port', 'https://www.coze.com:8443/'],
      ['a Cyrillic look-alike', 'https://www.cozе.com/'],
      ['punycode', 'https://www.xn--coz-iwc.com/'],
      ['a full-width dot', 'https://www.coze\uff0ecom.evil.example/'],
      ['javascript:', 'javascript:alert(1)'],
      ['javascript: with the host in it', 'javascript://www.coze.com/%0aalert(1)'],
      ['file:', 'file:///etc/passwd'],
      ['data:', 'data:text/html,<script>alert(1)</script>'],
      ['blob:', 'blob:https://www.coze.com/0d5c'],
      ['ftp:', 'ftp://www.coze.com/'],
      ['a loopback page', 'http://127.0.0.1:41731/'],
      ['another page on the help host', 'https://www.coze.com.evil.example/open/oauth/pats'],
      ['not a URL', 'www.coze.com'],
      ['nothing', ''],
    ])('refuses %s', (_why, url) => {
      expect(policy.allows(url)).toBe(false)
      let thrown: unknown
      try {
        policy.check(url)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(ExternalUrlRefusedError)
      expect(thrown).toMatchObject({ code: 'EXTERNAL_URL_REFUSED' })
      // The refused address may carry a code: it stays out of the message.
      if (url !== '') expect((thrown as Error).message).not.toContain(url)
    })
  })

  describe('with the sandbox standing in for the regions', () => {
    const resolver = new EndpointResolver({
      com: { apiBase: 'http://127.0.0.1:41731', webBase: 'http://localhost:41731' },
      cn: { apiBase: 'http://127.0.0.1:41732' },
    })
    const policy = new ExternalUrlPolicy(() => resolver.webOrigins())

    it('opens the stand-ins and the help pages', () => {
      expect(policy.allows('http://localhost:41731/api/permission/oauth2/authorize?x=1')).toBe(true)
      expect(policy.allows('http://127.0.0.1:41732/oauth/device-activation')).toBe(true)
      expect(policy.allows('https://www.coze.com/open/oauth/pats')).toBe(true)
    })

    it.each([
      ['the real sign-in page', 'https://www.coze.com/api/permission/oauth2/authorize'],
      ['the rest of the help host', 'https://www.coze.cn/'],
      ['the API origin of a region with its own web base', 'http://127.0.0.1:41731/'],
      ['another loopback port', 'http://localhost:41733/'],
      ['another loopback address', 'http://127.0.0.2:41732/'],
      ['https on the stand-in', 'https://localhost:41731/'],
    ])('refuses %s', (_why, url) => {
      expect(policy.allows(url)).toBe(false)
    })
  })

  it('opens a custom deployment once the app resolved it, and only that one', () => {
    const resolver = new EndpointResolver()
    const policy = new ExternalUrlPolicy(() => resolver.webOrigins())
    const page = 'https://sso.corp.example/api/permission/oauth2/authorize?client_id=1'
    expect(policy.allows(page)).toBe(false)
    resolver.resolve('custom', {
      apiBase: 'https://coze.corp.example',
      webBase: 'https://sso.corp.example',
    })
    expect(policy.allows(page)).toBe(true)
    expect(policy.allows('https://coze.corp.example/')).toBe(false)
    expect(policy.allows('https://sso.corp.example.evil.example/')).toBe(false)
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['localhost.example', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })
})

describe('isTrustedSenderUrl', () => {
  const page = 'file:///opt/app/out/renderer/index.html'
  it.each([
    ['file:///opt/app/out/renderer/index.html', true],
    ['file:///opt/app/out/renderer/index.html#/settings', true],
    ['file:///opt/app/out/renderer/other.html', false],
    ['https://evil.example/index.html', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (sender, trusted) => {
    expect(isTrustedSenderUrl(sender, page)).toBe(trusted)
  })
})
