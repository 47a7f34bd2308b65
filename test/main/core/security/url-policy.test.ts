import { describe, expect, it } from 'vitest'
import {
  isAllowedExternalUrl,
  isLoopbackHost,
  isTrustedSenderUrl,
} from '../../../../src/main/core/security/url-policy'

describe('isAllowedExternalUrl', () => {
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
    expect(isAllowedExternalUrl(url)).toBe(allowed)
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
