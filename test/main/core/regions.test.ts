import { describe, expect, it } from 'vitest'
import {
  audienceOf,
  deriveWebBase,
  EndpointResolver,
  normaliseBase,
  resolveEndpoints,
} from '../../../src/main/core/regions'

describe('regions', () => {
  it('uses the official hosts by default', () => {
    expect(resolveEndpoints('com')).toEqual({
      region: 'com',
      apiBase: 'https://api.coze.com',
      webBase: 'https://www.coze.com',
      audience: 'api.coze.com',
    })
    expect(resolveEndpoints('cn')).toEqual({
      region: 'cn',
      apiBase: 'https://api.coze.cn',
      webBase: 'https://www.coze.cn',
      audience: 'api.coze.cn',
    })
  })

  it.each([
    ['https://api.coze.cn', 'https://www.coze.cn'],
    ['https://api.example.com:8443', 'https://www.example.com:8443'],
    ['https://coze.internal.example', 'https://coze.internal.example'],
    ['http://127.0.0.1:41731', 'http://127.0.0.1:41731'],
  ])('derives the authorize host of %s as %s', (api, web) => {
    expect(deriveWebBase(api)).toBe(web)
  })

  it('keeps the port in the JWT audience when it is not the default', () => {
    expect(audienceOf('https://api.coze.com')).toBe('api.coze.com')
    expect(audienceOf('https://api.coze.com:443/')).toBe('api.coze.com')
    expect(audienceOf('http://127.0.0.1:41731')).toBe('127.0.0.1:41731')
  })

  it.each([
    'api.coze.com',
    'https://api.coze.com/v1',
    'https://user:pw@api.coze.com',
    'ftp://api.coze.com',
    'http://coze.internal.example',
  ])('refuses the base %s', (base) => {
    expect(() => normaliseBase(base)).toThrow()
  })

  it('lets a custom deployment set its web base and requires its API base', () => {
    const resolver = new EndpointResolver()
    expect(
      resolver.resolve('custom', {
        apiBase: 'https://coze.corp.example',
        webBase: 'https://sso.corp.example',
      }),
    ).toEqual({
      region: 'custom',
      apiBase: 'https://coze.corp.example',
      webBase: 'https://sso.corp.example',
      audience: 'coze.corp.example',
    })
    expect(() => resolver.resolve('custom')).toThrow(/API address/)
    expect(
      resolver.alternatives(resolver.resolve('custom', { apiBase: 'https://x.example' })),
    ).toEqual([])
  })

  it('names the other official region as the alternative, honouring overrides', () => {
    const resolver = new EndpointResolver({
      cn: { apiBase: 'http://127.0.0.1:2', webBase: 'http://127.0.0.1:2' },
    })
    expect(resolver.alternatives(resolver.resolve('com')).map((e) => e.apiBase)).toEqual([
      'http://127.0.0.1:2',
    ])
    expect(resolver.alternatives(resolver.resolve('cn')).map((e) => e.apiBase)).toEqual([
      'https://api.coze.com',
    ])
  })
})
