import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appPageUrl,
  contentSecurityPolicy,
  rendererContentType,
  rendererResponseHeaders,
  resolveRendererFile,
} from '../../../../src/main/core/security/renderer-files'

// A real folder with the renderer's shape and a secret beside it, so that every refusal is also
// checked against what reading the resolved path would have returned.
let base: string
let rendererDir: string
const secretText = 'not for the page'

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'coze-renderer-files-'))
  rendererDir = join(base, 'out', 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>page</title>')
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(rendererDir, 'assets', 'a b.css'), 'body{}')
  await writeFile(join(base, 'out', 'secret.txt'), secretText)
  await writeFile(join(base, 'renderer-evil.txt'), secretText)
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

function resolved(url: string): string {
  const result = resolveRendererFile(rendererDir, url)
  if (!result.ok) throw new Error(`refused ${url}: ${result.refusal}`)
  return relative(rendererDir, result.file).split(sep).join('/')
}

describe('resolveRendererFile: the files it answers', () => {
  it('the page, for its own URL and for the bare origin', async () => {
    expect(resolved(appPageUrl)).toBe('index.html')
    expect(resolved('app://renderer/')).toBe('index.html')
    expect(resolved('app://renderer')).toBe('index.html')
    const result = resolveRendererFile(rendererDir, appPageUrl)
    expect(result.ok && (await readFile(result.file, 'utf8'))).toContain('<title>page</title>')
  })

  it('assets in sub-folders, with the query and fragment ignored and %20 decoded', () => {
    expect(resolved('app://renderer/assets/index-abc.js')).toBe('assets/index-abc.js')
    expect(resolved('app://renderer/assets/index-abc.js?v=2#x')).toBe('assets/index-abc.js')
    expect(resolved('app://renderer/assets/a%20b.css')).toBe('assets/a b.css')
  })

  it('names each content type, unknown kinds as bytes', () => {
    expect(resolveRendererFile(rendererDir, appPageUrl)).toMatchObject({
      contentType: 'text/html; charset=utf-8',
    })
    expect(rendererContentType('assets/index-abc.js')).toBe('text/javascript; charset=utf-8')
    expect(rendererContentType('a.CSS')).toBe('text/css; charset=utf-8')
    expect(rendererContentType('favicon.svg')).toBe('image/svg+xml')
    expect(rendererContentType('x.exe')).toBe('application/octet-stream')
    expect(rendererContentType('README')).toBe('application/octet-stream')
  })
})

describe('resolveRendererFile: what it refuses', () => {
  it.each([
    'app://renderer/../secret.txt',
    'app://renderer/../../renderer-evil.txt',
    'app://renderer/assets/../index.html',
    'app://renderer/./index.html',
    'app://renderer/assets/..',
    'app://renderer/..?x=1',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/assets/%2E%2E/%2E%2E/secret.txt',
    'app://renderer/%2e%2e%2fsecret.txt',
    'app://renderer/..%2fsecret.txt',
    'app://renderer/..%2Fsecret.txt',
    'app://renderer/assets%2f..%2f..%2fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/..%5Csecret.txt',
    'app://renderer/assets\\..\\..\\secret.txt',
    'app://renderer/..\\secret.txt',
    'app://renderer/index.html%00.js',
    'app://renderer/index.html\u0000.js',
    'app://renderer/%2fetc%2fpasswd',
    'app://renderer//etc/passwd',
    'app://renderer/C:/Windows/win.ini',
    'app://renderer/C%3A%5CWindows%5Cwin.ini',
    'app://renderer/index.html:stream',
    'app://renderer/assets//index-abc.js',
    'app://renderer/%E0%A4%A',
    'app://renderer/assets/%0aindex.js',
    'app://renderer/%2e/index.html',
  ])('%s', (url) => {
    expect(resolveRendererFile(rendererDir, url)).toEqual({
      ok: false,
      refusal: 'bad-path',
      status: 400,
    })
  })

  it.each([
    'file:///etc/passwd',
    'https://renderer/index.html',
    'app://other/index.html',
    'app://renderer.evil/index.html',
    'app://user:pw@renderer/index.html',
    'app://renderer:8080/index.html',
    'app:///etc/passwd',
    'app:index.html',
  ])('another origin: %s', (url) => {
    expect(resolveRendererFile(rendererDir, url)).toEqual({
      ok: false,
      refusal: 'not-this-app',
      status: 403,
    })
  })

  it('a doubly encoded dot decodes once, to a plain name inside the folder (a missing file)', () => {
    const result = resolveRendererFile(rendererDir, 'app://renderer/%252e%252e/secret.txt')
    expect(result.ok && relative(rendererDir, result.file)).toBe(join('%2e%2e', 'secret.txt'))
  })

  it('a file name that merely starts with two dots is a name, not a step up', () => {
    expect(resolved('app://renderer/..hidden.js')).toBe('..hidden.js')
  })

  it('a string that is no URL at all', () => {
    expect(resolveRendererFile(rendererDir, '/etc/passwd')).toMatchObject({ refusal: 'bad-path' })
    expect(resolveRendererFile(rendererDir, '')).toMatchObject({ refusal: 'bad-path' })
  })
})

describe('rendererResponseHeaders', () => {
  it('sends the one CSP, nosniff and the type; the page is never cached, assets for an hour', () => {
    const page = rendererResponseHeaders('text/html; charset=utf-8')
    expect(page).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    })
    expect(rendererResponseHeaders('text/css; charset=utf-8')['cache-control']).toBe('max-age=3600')
  })
})
