/**
 * What the proxy field shows and accepts. A proxy address may carry a password
 * (http://user:password@host:port); the window shows it masked, so the password is never on screen
 * or in the page, and a masked address cannot be saved back by mistake.
 */
export const passwordMask = '••••••'

/** The stored address as the field shows it: the password, if any, replaced by the mask. */
export function displayProxyAddress(address: string | undefined): string {
  if (!address) return ''
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return address
  }
  if (!url.password) return address
  return `${url.protocol}//${url.username}:${passwordMask}@${url.host}${url.pathname}${url.search}`
}

export type ProxyAddressProblem = 'invalid' | 'masked-password'

/** The same shape main's `checkProxyUrl` accepts: an absolute http(s) address. */
export function proxyAddressProblem(text: string): ProxyAddressProblem | undefined {
  if (text.includes(passwordMask)) return 'masked-password'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'invalid'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'invalid'
  return url.hostname === '' ? 'invalid' : undefined
}
