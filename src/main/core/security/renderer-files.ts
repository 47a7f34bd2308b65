/**
 * How the window's own files are served, by every host: the desktop app's `app://` protocol and
 * the browser host's loopback server answer the same files with the same headers. The
 * Content-Security-Policy is defined once here; the window's `<meta>` copy is written into
 * index.html from it at build time (electron.vite.config.ts).
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

/** The privileged scheme the desktop window is loaded from (registered before `ready`). */
export const appScheme = 'app'
/** The one host of that scheme: `app://renderer/index.html`. Any other host is refused. */
export const appHost = 'renderer'
export const appPageUrl = `${appScheme}://${appHost}/index.html`

const policyDirectives = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Pictures come as data: URLs from main (AvatarCache): no remote image host at all.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
]

/** The window's Content-Security-Policy, as a response header. */
export const contentSecurityPolicy = policyDirectives.join('; ')

/**
 * The same policy for index.html's `<meta>` tag, which covers a page loaded from a dev server.
 * Browsers ignore `frame-ancestors` there and say so on the console, so it is left out.
 */
export const metaContentSecurityPolicy = policyDirectives
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ')

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
}

/** The type a renderer file is sent as; unknown kinds as bytes, which nosniff keeps inert. */
export function rendererContentType(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** The headers every answered renderer file carries. */
export function rendererResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    // The page is rebuilt with every version: an old index.html must not name gone assets.
    'cache-control': contentType.startsWith('text/html') ? 'no-store' : 'max-age=3600',
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
  }
}

export type RendererFileRefusal = 'not-this-app' | 'bad-path' | 'outside'

export type RendererFileResolution =
  | { ok: true; file: string; contentType: string }
  | { ok: false; refusal: RendererFileRefusal; status: 400 | 403 | 404 }

const refused = (refusal: RendererFileRefusal): RendererFileResolution => ({
  ok: false,
  refusal,
  status: refusal === 'not-this-app' ? 403 : refusal === 'bad-path' ? 400 : 404,
})

/**
 * A decoded path segment that may name a file inside the renderer folder. Refused: empty, `.`
 * and `..` (the URL parser removes literal ones; these came encoded), either slash or a NUL or
 * control character (an encoded separator would cross folders after decoding), and `:` (a
 * Windows drive letter or alternate data stream).
 */
function isPlainSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return !/[/\\:\u0000-\u001f\u007f]/.test(segment)
}

/**
 * Which file of `rendererDir` a request for `requestUrl` names, or why it is refused. Only
 * `app://renderer/<path>` is answered, `/` meaning index.html; the query and fragment do not
 * matter. Dot segments, encoded or not, are refused outright; the path is split on `/` before
 * decoding, so nothing decoded can become a separator or a parent step; and the joined result
 * must still lie inside `rendererDir` (checked again after resolving, in case a platform's path
 * rules differ).
 * Pure: the file's existence is the caller's to check.
 */
export function resolveRendererFile(
  rendererDir: string,
  requestUrl: string,
): RendererFileResolution {
  // Checked on the raw text, before `new URL` folds anything: a backslash (a separator on
  // Windows, kept inside a segment by the parser), a NUL, an encoded dot, slash, backslash or
  // NUL, and any `.` or `..` segment. The app's own files need none of them, and Chromium has
  // already folded a page's literal dot segments, so only a crafted request carries one.
  if (requestUrl.includes('\\') || requestUrl.includes('\0')) return refused('bad-path')
  if (/%(?:2e|2f|5c|00)/i.test(requestUrl)) return refused('bad-path')
  if (/\/\.{1,2}(?:[/?#]|$)/.test(requestUrl.replace(/^[a-z]+:\/\//i, '/'))) {
    return refused('bad-path')
  }
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return refused('bad-path')
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return refused('not-this-app')
  if (url.username || url.password || url.port) return refused('not-this-app')
  const pathname = url.pathname === '' || url.pathname === '/' ? '/index.html' : url.pathname
  const rawSegments = pathname.split('/').slice(1)
  const segments: string[] = []
  for (const raw of rawSegments) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return refused('bad-path')
    }
    if (!isPlainSegment(segment)) return refused('bad-path')
    segments.push(segment)
  }
  const root = resolve(rendererDir)
  const file = resolve(root, ...segments)
  const inside = relative(root, file)
  const parent = inside === '..' || inside.startsWith(`..${sep}`)
  if (inside === '' || parent || isAbsolute(inside)) {
    return refused('outside')
  }
  return { ok: true, file, contentType: rendererContentType(file) }
}
