import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cspDirective, wideSources } from '../support/csp'

const indexHtml = readFileSync(
  resolve(import.meta.dirname, '../../src/renderer/index.html'),
  'utf8',
)

function metaPolicy(html: string): string {
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)
  if (!match?.[1]) throw new Error('index.html has no Content-Security-Policy')
  return match[1]
}

describe("the window's Content-Security-Policy (src/renderer/index.html)", () => {
  const policy = metaPolicy(indexHtml)

  it('takes pictures only from the app and data: URLs (main fetches the avatars)', () => {
    expect(cspDirective(policy, 'img-src')).toEqual(["'self'", 'data:'])
  })

  it('allows no remote host in any directive', () => {
    for (const part of policy.split(';')) {
      const [, ...sources] = part.trim().split(/\s+/)
      expect(wideSources(sources), part).toEqual([])
      expect(
        sources.filter((source) => /^https?:\/\//.test(source)),
        part,
      ).toEqual([])
    }
  })
})
