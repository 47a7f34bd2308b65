import { fetch as undiciFetch, ProxyAgent } from 'undici'
import { InvalidArgumentError } from '../errors'
import type { FetchLike } from '../ports'

export interface ProxySetting {
  /** An explicit proxy URL; wins over the environment. */
  url?: string
  /** Read HTTPS_PROXY / https_proxy (and NO_PROXY) when no explicit URL is set. Default true. */
  fromEnvironment?: boolean
}

/** Which proxy, if any, applies to requests: the explicit setting, then HTTPS_PROXY. */
export function resolveProxyUrl(
  setting: ProxySetting,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const explicit = setting.url?.trim()
  if (explicit) return checkProxyUrl(explicit)
  if (setting.fromEnvironment === false) return undefined
  const fromEnv = env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy
  return fromEnv?.trim() ? checkProxyUrl(fromEnv.trim()) : undefined
}

function checkProxyUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InvalidArgumentError(
      'The proxy must be an address such as http://proxy.example:8080.',
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('Only http:// and https:// proxies are supported.')
  }
  return url.href
}

/** Whether NO_PROXY exempts a host (exact names, `.suffix` entries and `*`). */
export function isExemptFromProxy(host: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  const hostname = host.replace(/:\d+$/, '').toLowerCase()
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter(Boolean)
    .some(
      (entry) =>
        entry === '*' ||
        hostname === entry.replace(/^\./, '') ||
        hostname.endsWith(entry.startsWith('.') ? entry : `.${entry}`),
    )
}

/**
 * A fetch that sends every request through the proxy (tunnelled with CONNECT), except hosts that
 * NO_PROXY exempts. Without a proxy it is the plain fetch.
 */
export function createProxyAwareFetch(
  setting: ProxySetting,
  env: Record<string, string | undefined> = process.env,
): FetchLike {
  const proxyUrl = resolveProxyUrl(setting, env)
  if (!proxyUrl) return (input, init) => fetch(input, init)
  const agent = new ProxyAgent(proxyUrl)
  const noProxy = setting.url ? undefined : (env.NO_PROXY ?? env.no_proxy)
  return async (input, init) => {
    if (isExemptFromProxy(new URL(input).host, noProxy)) return fetch(input, init)
    // undici's own fetch takes the dispatcher; its Response has the same shape as the global one.
    const response = await undiciFetch(input, {
      ...(init as object),
      dispatcher: agent,
    } as Parameters<typeof undiciFetch>[1])
    return response as unknown as Response
  }
}
