import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import { buildAuthorizeUrl } from '../../../../src/main/core/oauth/authorize-url'

const base = {
  webBase: 'https://www.coze.com',
  clientId: '48213570192837465012345678905678.app.coze',
  redirectUri: 'http://127.0.0.1:8080/callback',
  state: 'state-abc_123',
}

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams)
}

describe('buildAuthorizeUrl', () => {
  it('builds the web-app URL: the four documented parameters and nothing else', () => {
    const url = buildAuthorizeUrl(base)
    expect(url.startsWith('https://www.coze.com/api/permission/oauth2/authorize?')).toBe(true)
    expect(queryOf(url)).toEqual({
      response_type: 'code',
      client_id: base.clientId,
      redirect_uri: base.redirectUri,
      state: base.state,
    })
  })

  it('adds the challenge and its method for PKCE', () => {
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    const url = buildAuthorizeUrl({ ...base, pkce: { challenge, method: 'S256' } })
    expect(queryOf(url)).toEqual({
      response_type: 'code',
      client_id: base.clientId,
      redirect_uri: base.redirectUri,
      state: base.state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const plain = buildAuthorizeUrl({
      ...base,
      pkce: { challenge: 'v'.repeat(43), method: 'plain' },
    })
    expect(queryOf(plain).code_challenge_method).toBe('plain')
  })

  it('uses the workspace-scoped path, with the ID encoded', () => {
    const url = new URL(buildAuthorizeUrl({ ...base, workspaceId: '7410000000000000001' }))
    expect(url.pathname).toBe('/api/permission/oauth2/workspace_id/7410000000000000001/authorize')
    const odd = new URL(buildAuthorizeUrl({ ...base, workspaceId: 'a/b?c' }))
    expect(odd.pathname).toBe('/api/permission/oauth2/workspace_id/a%2Fb%3Fc/authorize')
    expect(odd.search).not.toContain('c&')
  })

  it('carries the redirect URI through unchanged, query and all', () => {
    const redirectUri = 'http://localhost:8080/cb/?app=a b&x=%2F'
    const url = buildAuthorizeUrl({ ...base, redirectUri })
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(redirectUri)
  })

  it('carries an IPv6 loopback redirect URI through unchanged', () => {
    const redirectUri = 'http://[::1]:8080/callback'
    const url = buildAuthorizeUrl({ ...base, redirectUri })
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(redirectUri)
    expect(url).toContain('redirect_uri=http%3A%2F%2F%5B%3A%3A1%5D%3A8080%2Fcallback')
  })

  it('keeps the authorize page on the web host given, port included', () => {
    const url = buildAuthorizeUrl({ ...base, webBase: 'http://127.0.0.1:34567/' })
    expect(url.startsWith('http://127.0.0.1:34567/api/permission/oauth2/authorize?')).toBe(true)
  })

  it.each([
    ['state', { state: '' }],
    ['client ID', { clientId: ' ' }],
    ['redirect URI', { redirectUri: '' }],
    ['workspace ID', { workspaceId: '' }],
    ['web address', { webBase: 'not a url' }],
    ['scheme', { webBase: 'ftp://www.coze.com' }],
  ])('refuses an empty or broken %s', (_what, change) => {
    let error: unknown
    try {
      buildAuthorizeUrl({ ...base, ...change })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('INVALID_ARGUMENT')
  })
})
