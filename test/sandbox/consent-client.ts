import { request } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * Drives the sandbox's HTML pages over plain HTTP, the way a person with a browser would, for
 * tests that have no Playwright. node:http (not fetch) is used on purpose: it never consults
 * proxy settings and keeps working while a test fakes setTimeout.
 */

export interface HttpResult {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  const target = new URL(url)
  if (target.protocol !== 'http:') return Promise.reject(new Error(`not an http URL: ${url}`))
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers }
    if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body)
    const req = request(target, { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/** The message of the sandbox's HTML error page (or of the device page's error line). */
export function pageError(html: string): string | null {
  const match =
    /id="error-message"[^>]*>([^<]*)</.exec(html) ?? /id="error"[^>]*>([^<]*)</.exec(html)
  return match?.[1] === undefined ? null : unescapeHtml(match[1])
}

function hiddenField(html: string, name: string): string | null {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  return match?.[1] === undefined ? null : unescapeHtml(match[1])
}

export interface ConsentOutcome {
  /** Where the browser would have been sent: the app's redirect_uri with code/state or error. */
  redirectedTo: string
  code: string | null
  state: string | null
  error: string | null
  errorDescription: string | null
  /** The consent page, or null when the sandbox skipped it (faults.denyConsent). */
  consentPage: string | null
}

function outcome(location: string, consentPage: string | null): ConsentOutcome {
  const url = new URL(location)
  return {
    redirectedTo: location,
    code: url.searchParams.get('code'),
    state: url.searchParams.get('state'),
    error: url.searchParams.get('error'),
    errorDescription: url.searchParams.get('error_description'),
    consentPage,
  }
}

export interface DecisionOptions {
  decision?: 'approve' | 'deny'
  /** Which fixture user is "signed in"; default the first one. */
  userId?: string
}

/**
 * Opens an authorize URL, reads the consent page, submits Approve (or Deny) and returns where the
 * browser would land. Never follows the final redirect: nothing has to listen on redirect_uri.
 */
export async function completeConsent(
  authorizeUrl: string,
  options: DecisionOptions = {},
): Promise<ConsentOutcome> {
  const first = await httpRequest(authorizeUrl)
  const location = first.headers.location
  if (first.status !== 302 || location === undefined) {
    throw new Error(`authorize answered ${first.status}: ${pageError(first.body) ?? first.body}`)
  }
  const consentUrl = new URL(location, authorizeUrl)
  if (
    consentUrl.origin !== new URL(authorizeUrl).origin ||
    consentUrl.pathname !== '/oauth/consent'
  ) {
    return outcome(consentUrl.toString(), null)
  }
  const page = await httpRequest(consentUrl.toString())
  if (page.status !== 200) {
    throw new Error(`consent page answered ${page.status}: ${pageError(page.body) ?? page.body}`)
  }
  const key = hiddenField(page.body, 'authorize_key')
  const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1]
  if (key === null || action === undefined) throw new Error('consent page has no form')
  const form = new URLSearchParams({ authorize_key: key, decision: options.decision ?? 'approve' })
  if (options.userId !== undefined) form.set('user_id', options.userId)
  const posted = await httpRequest(new URL(action, consentUrl).toString(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
  const target = posted.headers.location
  if (posted.status !== 302 || target === undefined) {
    throw new Error(
      `consent form answered ${posted.status}: ${pageError(posted.body) ?? posted.body}`,
    )
  }
  return outcome(target, page.body)
}

export interface DeviceDecisionResult {
  status: number
  result: 'approved' | 'denied' | null
  error: string | null
  html: string
}

/** Opens the device-activation page for a user code, then submits Approve (or Deny). */
export async function submitDeviceDecision(
  verificationUri: string,
  userCode: string,
  options: DecisionOptions = {},
): Promise<DeviceDecisionResult> {
  // Built the way every SDK builds verification_url: no URL-encoding of the code.
  const page = await httpRequest(`${verificationUri}?user_code=${userCode}`)
  if (page.status !== 200) throw new Error(`device page answered ${page.status}`)
  const form = new URLSearchParams({ user_code: userCode, decision: options.decision ?? 'approve' })
  if (options.userId !== undefined) form.set('user_id', options.userId)
  const posted = await httpRequest(verificationUri, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
  const result = /data-result="(approved|denied)"/.exec(posted.body)?.[1]
  return {
    status: posted.status,
    result: result === 'approved' || result === 'denied' ? result : null,
    error: pageError(posted.body),
    html: posted.body,
  }
}
