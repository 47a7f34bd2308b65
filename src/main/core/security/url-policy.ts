import { consoleTokenPages } from '../../../shared/console-pages'
import { AppError } from '../errors'

/**
 * The floor every launcher keeps whatever else it checks: https, or http on loopback only (a
 * local Coze deployment, the sandbox, the browser host's own page); no credentials in the
 * address. `file:`, `javascript:` and the rest are refused. Which hosts may be opened is
 * ExternalUrlPolicy's business.
 */
export function hasOpenableScheme(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '') return false
  if (url.protocol === 'https:') return true
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname)
  return false
}

/**
 * The app's own help pages, the one kind of page it links to outside the regions' web hosts
 * (where a person makes a personal access token: see coze-auth-protocol.md). Exact pages, not
 * hosts: with the sandbox standing in for the regions, the rest of coze.com stays refused.
 */
export const appHelpPages: readonly string[] = Object.values(consoleTokenPages)

/** An address the app will not hand to the system browser. */
export class ExternalUrlRefusedError extends AppError {
  constructor() {
    // Neither the address nor its host goes into the error: it may carry a code or a token.
    super(
      'EXTERNAL_URL_REFUSED',
      'The app opens only the Coze sign-in pages of your regions and its own help pages.',
    )
  }
}

/**
 * Which addresses may be opened in the system browser: a page on one of the regions' web origins
 * in use (compared whole: scheme, host and port, so `www.coze.com.evil.example`, `www.coze.com@…`,
 * another port or a look-alike IDN host never match), or one of the help pages. The origins are
 * read on every check, so a region resolved later (a custom deployment) counts from then on.
 */
export class ExternalUrlPolicy {
  private readonly helpPages: readonly URL[]

  constructor(
    private readonly webOrigins: () => Iterable<string>,
    helpPages: readonly string[] = appHelpPages,
  ) {
    this.helpPages = helpPages.map((page) => new URL(page))
  }

  allows(raw: string): boolean {
    if (!hasOpenableScheme(raw)) return false
    const url = new URL(raw)
    for (const origin of this.webOrigins()) {
      if (originOf(origin) === url.origin) return true
    }
    return this.helpPages.some(
      (page) =>
        page.origin === url.origin &&
        page.pathname.replace(/\/$/, '') === url.pathname.replace(/\/$/, ''),
    )
  }

  /** Throws ExternalUrlRefusedError unless `allows(raw)`. */
  check(raw: string): void {
    if (!this.allows(raw)) throw new ExternalUrlRefusedError()
  }
}

function originOf(base: string): string | undefined {
  try {
    const origin = new URL(base).origin
    // An opaque origin ("null") matches nothing, least of all another opaque one.
    return origin === 'null' ? undefined : origin
  } catch {
    return undefined
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host === '::1') return true
  return /^127(?:\.\d{1,3}){3}$/.test(host)
}

/**
 * Whether an IPC message comes from the app's own page. `expectedPageUrl` is the URL the main
 * window loaded; a frame that navigated elsewhere, or any other frame, is refused.
 */
export function isTrustedSenderUrl(
  senderUrl: string | undefined,
  expectedPageUrl: string,
): boolean {
  if (!senderUrl) return false
  let sender: URL
  let expected: URL
  try {
    sender = new URL(senderUrl)
    expected = new URL(expectedPageUrl)
  } catch {
    return false
  }
  return (
    sender.protocol === expected.protocol &&
    sender.host === expected.host &&
    sender.pathname === expected.pathname
  )
}
