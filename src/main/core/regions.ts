import type { RegionId } from '../../shared/ipc-contract'
import { AppError, InvalidArgumentError } from './errors'
import { isLoopbackHost } from './security/url-policy'

/** Where one Coze deployment answers. */
export interface RegionEndpoints {
  region: RegionId
  /** Token, device-code and `/v1` calls, e.g. `https://api.coze.com`. */
  apiBase: string
  /** The browser's authorize page, e.g. `https://www.coze.com`. */
  webBase: string
  /** The JWT `aud`: the API host without its scheme. */
  audience: string
}

export type OfficialRegionId = Exclude<RegionId, 'custom'>

export const officialApiBases: Record<OfficialRegionId, string> = {
  com: 'https://api.coze.com',
  cn: 'https://api.coze.cn',
}

export const regionDisplayNames: Record<RegionId, string> = {
  com: 'coze.com',
  cn: 'coze.cn',
  custom: 'a custom deployment',
}

/**
 * The authorize host for an API base: the first `api.` label becomes `www.` (what the official
 * SDKs do for coze.com and coze.cn); a host without one keeps the authorize page on the API host.
 */
export function deriveWebBase(apiBase: string): string {
  const url = new URL(normaliseBase(apiBase))
  if (url.hostname.startsWith('api.')) url.hostname = `www.${url.hostname.slice(4)}`
  return url.origin
}

/** The JWT audience: the API host as the server sees it, port included when not the default. */
export function audienceOf(apiBase: string): string {
  return new URL(normaliseBase(apiBase)).host
}

/** Checks and trims a base URL: an origin, no path, query, fragment or credentials. */
export function normaliseBase(raw: string): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new InvalidArgumentError(
      `"${raw}" is not a web address. Use one like https://api.coze.com.`,
    )
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new InvalidArgumentError(
      'A Coze address must start with https:// (plain http only for this computer).',
    )
  }
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    throw new InvalidArgumentError(
      'Give only the address of the server, such as https://api.coze.com, without a path.',
    )
  }
  return url.origin
}

export interface EndpointOverrides {
  apiBase: string
  webBase?: string
}

/** Stand-ins for every official region at once (the sandbox and the tests). */
export type RegionOverrides = Record<OfficialRegionId, EndpointOverrides>

const officialRegions: readonly OfficialRegionId[] = ['com', 'cn']

/**
 * Overrides that leave a region out. Thrown when the core is built: a region without a stand-in
 * would otherwise quietly reach the real coze.com or coze.cn from a test or the sandbox.
 */
export class IncompleteRegionOverridesError extends AppError {
  constructor(missing: readonly OfficialRegionId[]) {
    super(
      'INVALID_ARGUMENT',
      `Region overrides must name every region: ${missing.join(', ')} missing. Give each one its own address (an unreachable one if it must not be used).`,
      { params: { missing: missing.join(',') } },
    )
  }
}

/**
 * Checks that overrides, when given, replace every official region. `undefined` means the
 * official hosts; anything else must be complete, so no region ever falls back to production.
 */
export function checkRegionOverrides(overrides: unknown): RegionOverrides | undefined {
  if (overrides === undefined) return undefined
  const given = (overrides ?? {}) as Partial<Record<string, EndpointOverrides>>
  const missing = officialRegions.filter((region) => typeof given[region]?.apiBase !== 'string')
  if (missing.length > 0) throw new IncompleteRegionOverridesError(missing)
  return given as RegionOverrides
}

/**
 * Resolves the endpoints of a region. `overrides` replace the official hosts (the sandbox and the
 * tests use this) and must name every official region; a custom region needs its own API base
 * and may set its web base.
 */
export function resolveEndpoints(
  region: RegionId,
  options: {
    custom?: EndpointOverrides
    overrides?: RegionOverrides
  } = {},
): RegionEndpoints {
  let source: EndpointOverrides
  if (region === 'custom') {
    if (!options.custom) {
      throw new InvalidArgumentError('A custom deployment needs its API address.')
    }
    source = options.custom
  } else {
    const overrides = checkRegionOverrides(options.overrides)
    source = overrides ? overrides[region] : { apiBase: officialApiBases[region] }
  }
  const apiBase = normaliseBase(source.apiBase)
  return {
    region,
    apiBase,
    webBase: source.webBase ? normaliseBase(source.webBase) : deriveWebBase(apiBase),
    audience: audienceOf(apiBase),
  }
}

/**
 * Turns a region (and, for a custom deployment, its addresses) into endpoints, and names the other
 * regions a credential may belong to. The official hosts can only be replaced as a whole (the
 * sandbox and the tests stand in for coze.com and coze.cn this way): a partial set throws here.
 */
export class EndpointResolver {
  private readonly overrides: RegionOverrides | undefined
  /** Every web origin handed out so far: the browser may be sent to these (ExternalUrlPolicy). */
  private readonly resolvedWebOrigins = new Set<string>()

  constructor(overrides?: RegionOverrides) {
    this.overrides = checkRegionOverrides(overrides)
  }

  /**
   * The web origins in use: the official regions' (or their stand-ins'), and every custom
   * deployment or profile web base resolved since the start. Nothing else is a sign-in page.
   */
  webOrigins(): string[] {
    const official = officialRegions.map(
      (region) =>
        resolveEndpoints(region, this.overrides ? { overrides: this.overrides } : {}).webBase,
    )
    return [...new Set([...official, ...this.resolvedWebOrigins])]
  }

  resolve(
    region: RegionId,
    addresses: { apiBase?: string; webBase?: string } = {},
  ): RegionEndpoints {
    const endpoints = this.resolveUnrecorded(region, addresses)
    this.resolvedWebOrigins.add(endpoints.webBase)
    return endpoints
  }

  private resolveUnrecorded(
    region: RegionId,
    addresses: { apiBase?: string; webBase?: string },
  ): RegionEndpoints {
    if (region === 'custom') {
      if (!addresses.apiBase)
        throw new InvalidArgumentError('A custom deployment needs its API address.')
      return resolveEndpoints('custom', {
        custom: {
          apiBase: addresses.apiBase,
          ...(addresses.webBase ? { webBase: addresses.webBase } : {}),
        },
      })
    }
    const official = resolveEndpoints(region, this.overrides ? { overrides: this.overrides } : {})
    return addresses.webBase ? { ...official, webBase: normaliseBase(addresses.webBase) } : official
  }

  /** The official regions other than `endpoints`; none for a custom deployment. */
  alternatives(endpoints: RegionEndpoints): RegionEndpoints[] {
    if (endpoints.region === 'custom') return []
    return (['com', 'cn'] as const)
      .filter((region) => region !== endpoints.region)
      .map((region) =>
        resolveEndpoints(region, this.overrides ? { overrides: this.overrides } : {}),
      )
  }
}
