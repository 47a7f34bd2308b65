import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  contentSecurityPolicy,
  metaContentSecurityPolicy,
} from '../../src/main/core/security/renderer-files'
import { cspDirective, wideSources } from '../support/csp'

const indexHtml = readFileSync(
  resolve(import.meta.dirname, '../../src/renderer/index.html'),
  'utf8',
)

describe("the window's Content-Security-Policy (src/main/core/security/renderer-files.ts)", () => {
  it('takes pictures only from the app and data: URLs (main fetches the avatars)', () => {
    expect(cspDirective(contentSecurityPolicy, 'img-src')).toEqual(["'self'", 'data:'])
  })

  it('allows no remote host in any directive', () => {
    for (const part of contentSecurityPolicy.split(';')) {
      const [, ...sources] = part.trim().split(/\s+/)
      expect(wideSources(sources), part).toEqual([])
      expect(
        sources.filter((source) => /^https?:\/\//.test(source)),
        part,
      ).toEqual([])
    }
  })

  it("forbids framing in the header, and the <meta> copy differs only by that (meta can't)", () => {
    expect(cspDirective(contentSecurityPolicy, 'frame-ancestors')).toEqual(["'none'"])
    expect(cspDirective(metaContentSecurityPolicy, 'frame-ancestors')).toBeUndefined()
    const withoutFraming = contentSecurityPolicy
      .split('; ')
      .filter((part) => !part.startsWith('frame-ancestors'))
    expect(metaContentSecurityPolicy.split('; ')).toEqual(withoutFraming)
  })

  it('index.html carries no policy of its own: the build writes in the one definition', () => {
    const policies = [
      ...indexHtml.matchAll(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/g),
    ].map((match) => match[1])
    expect(policies).toEqual(['%COZE_CONTENT_SECURITY_POLICY%'])
  })
})
