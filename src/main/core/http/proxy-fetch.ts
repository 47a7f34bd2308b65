import type { fetch as undiciFetchType, ProxyAgent } from 'undici'
import { commonJsExports } from '../common-js'
import { InvalidArgumentError } from '../errors'
import type { ProxyStatus } from '../../../shared/ipc-contract'
import type { FetchLike } from '../ports'
import { isLoopbackHost } from '../security/url-policy'

export interface ProxySetting {
  /** An explicit proxy URL; wins over the environment. */
  url?: string
  /** Read HTTPS_PROXY / https_proxy (and NO_PROXY) when no explicit URL is set. Default true. */
  fromEnvironment?: boolean
}

/**
 * Which proxy, if any, applies to requests: the explicit setting (refused when invalid, so the
 * person who typed it is told), then HTTPS_PROXY from the environment (ignored with a warning
 * when invalid: a stray SOCKS setting meant for other programs must not stop the app).
 */
export function resolveProxyUrl(
  setting: ProxySetting,
  env: Record<string, string | undefined> = process.env,
  warn: (message: string) => void = () => {},
): string | undefined {
  const explicit = setting.url?.trim()
  if (explicit) return checkProxyUrl(explicit)
  if (setting.fromEnvironment === false) return undefined
  for (const name of ['HTTPS_PROXY', 'https_proxy']) {
    const value = env[name]?.trim()
    if (!value) continue
    try {
      return checkProxyUrl(value)
    } catch {
      warn(`${name} is not an http(s) proxy address, so it is ignored.`)
      return undefined
    }
  }
  return undefined
}

/** Where the proxy in effect comes from, as `ProxyStatus` tells the window. */
export function describeProxy(
  setting: ProxySetting,
  env: Record<string, string | undefined> = process.env,
): ProxyStatus {
  const explicit = setting.url?.trim()
  if (explicit) {
    try {
      return { source: 'settings', address: redactProxyCredentials(checkProxyUrl(explicit)) }
    } catch {
      // A stored address main cannot use (not saved by this version): nothing goes through it.
      return { source: 'none' }
    }
  }
  if (setting.fromEnvironment === false) return { source: 'none' }
  for (const variable of ['HTTPS_PROXY', 'https_proxy'] as const) {
    const value = env[variable]?.trim()
    if (!value) continue
    try {
      return {
        source: 'environment',
        variable,
        address: redactProxyCredentials(checkProxyUrl(value)),
      }
    } catch {
      // The same choice as resolveProxyUrl: an unusable HTTPS_PROXY is ignored, and the window
      // says which variable was, without its value (it may hold a password).
      return { source: 'none', ignoredVariable: variable }
    }
  }
  return { source: 'none' }
}

/** What stands for a proxy's user name and password wherever the address is shown. */
export const proxyCredentialsMask = '••••••'

/**
 * The address without its user name and password: a proxy's credentials never leave main, not
 * even masked in part (a user name alone can be what an attacker needs).
 */
export function redactProxyCredentials(address: string): string {
  const url = new URL(address)
  if (url.username === '' && url.password === '') return url.href
  url.username = ''
  url.password = ''
  return url.href.replace('//', `//${proxyCredentialsMask}@`)
}

/** Checks a proxy address; the settings screen calls it before saving one. */
export function checkProxyUrl(raw: string): string {
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
  warn?: (message: string) => void,
): FetchLike {
  const proxyUrl = resolveProxyUrl(setting, env, warn)
  if (!proxyUrl) return (input, init) => fetch(input, init)
  // undici is loaded with the first proxied request: it costs a command-line start tens of
  // milliseconds, and most starts never send one.
  let proxied: Promise<{ agent: ProxyAgent; undiciFetch: typeof undiciFetchType }> | undefined
  const noProxy = setting.url ? undefined : (env.NO_PROXY ?? env.no_proxy)
  return async (input, init) => {
    const { host, hostname } = new URL(input)
    // This computer is never reached through a proxy (the sandbox, a local deployment).
    if (isLoopbackHost(hostname) || isExemptFromProxy(host, noProxy)) return fetch(input, init)
    proxied ??= import('undici').then(commonJsExports).then((undici) => ({
      agent: new undici.ProxyAgent(proxyUrl),
      undiciFetch: undici.fetch,
    }))
    const { agent, undiciFetch } = await proxied
    // undici's own fetch takes the dispatcher; its Response has the same shape as the global one.
    const response = await undiciFetch(input, {
      ...(init as object),
      dispatcher: agent,
    } as Parameters<typeof undiciFetch>[1])
    return response as unknown as Response
  }
}
