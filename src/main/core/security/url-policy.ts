/**
 * Which URLs the app may hand to the system browser: https anywhere, and http only on loopback
 * (a local Coze deployment or the sandbox). Everything else, `file:` and `javascript:` included,
 * is refused.
 */
export function isAllowedExternalUrl(raw: string): boolean {
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
