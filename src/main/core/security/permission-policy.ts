/**
 * Which web permissions the window may have. Everything is refused except writing plain text to
 * the clipboard from the app's own page: the device code's Copy button needs it, and the code is
 * not a secret (tokens are copied by main, never by the page).
 */
const grantedToOwnPage: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/** `requestingUrl` is the page asking; `pageUrl` the one the app loaded (its fragment ignored). */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  pageUrl: string,
): boolean {
  if (!grantedToOwnPage.has(permission) || requestingUrl === undefined) return false
  return withoutFragment(requestingUrl) === withoutFragment(pageUrl)
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#')
  return hash === -1 ? url : url.slice(0, hash)
}
