import { describe, expect, it } from 'vitest'
import { createAuthCore } from '../../../src/main/core/create-core'
import type { RegionOverrides } from '../../../src/main/core/regions'
import {
  audienceOf,
  deriveWebBase,
  EndpointResolver,
  IncompleteRegionOverridesError,
  normaliseBase,
  officialApiBases,
  resolveEndpoints,
} from '../../../src/main/core/regions'
import { memoryStores } from '../../support/memory-stores'

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
      com: { apiBase: 'http://127.0.0.1:1' },
      cn: { apiBase: 'http://127.0.0.1:2', webBase: 'http://127.0.0.1:3' },
    })
    expect(resolver.alternatives(resolver.resolve('com'))).toEqual([
      {
        region: 'cn',
        apiBase: 'http://127.0.0.1:2',
        webBase: 'http://127.0.0.1:3',
        audience: '127.0.0.1:2',
      },
    ])
    expect(resolver.alternatives(resolver.resolve('cn')).map((e) => e.apiBase)).toEqual([
      'http://127.0.0.1:1',
    ])
  })

  describe('overrides', () => {
    // Built at run time, as a caller outside the type checker (a script, a JSON file) would.
    const partial = (overrides: object): RegionOverrides => overrides as RegionOverrides

    it.each([
      ['com only', { com: { apiBase: 'http://127.0.0.1:1' } }, 'cn'],
      ['cn only', { cn: { apiBase: 'http://127.0.0.1:2' } }, 'com'],
      ['none at all', {}, 'com,cn'],
      ['cn without its API base', { com: { apiBase: 'http://127.0.0.1:1' }, cn: {} }, 'cn'],
    ])('refuses a partial set (%s) when the resolver is built', (_name, overrides, missing) => {
      let thrown: unknown
      try {
        new EndpointResolver(partial(overrides))
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(IncompleteRegionOverridesError)
      expect(thrown).toMatchObject({ code: 'INVALID_ARGUMENT', params: { missing } })
    })

    it('refuses a partial set in resolveEndpoints too, even for the region it names', () => {
      const overrides = partial({ com: { apiBase: 'http://127.0.0.1:1' } })
      expect(() => resolveEndpoints('cn', { overrides })).toThrow(IncompleteRegionOverridesError)
      expect(() => resolveEndpoints('com', { overrides })).toThrow(IncompleteRegionOverridesError)
    })

    it('refuses a partial set when the core is built', () => {
      expect(() =>
        createAuthCore({
          ...memoryStores(),
          browser: { open: async () => {} },
          regions: partial({ com: { apiBase: 'http://127.0.0.1:1' } }),
        }),
      ).toThrow(/cn missing/)
    })

    it('never resolves to an official host once overrides are given', () => {
      const resolver = new EndpointResolver({
        com: { apiBase: 'http://127.0.0.1:41731' },
        cn: { apiBase: 'http://localhost:41732', webBase: 'http://localhost:41733' },
      })
      const official = new Set(
        [...Object.values(officialApiBases), 'https://www.coze.com', 'https://www.coze.cn'].map(
          (base) => new URL(base).host,
        ),
      )
      const resolved = (['com', 'cn'] as const).flatMap((region) => {
        const endpoints = resolver.resolve(region)
        return [endpoints, ...resolver.alternatives(endpoints)]
      })
      expect(resolved).toHaveLength(4)
      for (const endpoints of resolved) {
        for (const base of [endpoints.apiBase, endpoints.webBase]) {
          expect(official.has(new URL(base).host)).toBe(false)
        }
        expect(official.has(endpoints.audience)).toBe(false)
      }
    })
  })
})
