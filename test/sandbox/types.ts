/**
 * Public types of the sandbox. They live apart from the implementation so that fixture, registry
 * and routes can share them without import cycles.
 */

export type RegionName = 'com' | 'cn'

export const REGION_NAMES: readonly RegionName[] = ['com', 'cn']

export type ClientType = 'web' | 'pkce' | 'device' | 'jwt' | 'channel'

export const CLIENT_TYPES: readonly ClientType[] = ['web', 'pkce', 'device', 'jwt', 'channel']

export interface DemoApp {
  clientId: string
  clientType: ClientType
  name: string
  redirectUris: string[]
  /** Web apps only. Sent by clients as `Authorization: Bearer <secret>`. */
  clientSecret?: string
  /** JWT and channel apps: the `kid` to put in the JWT header. */
  publicKeyId?: string
  /** JWT and channel apps, PKCS#8 PEM. Filled in once key generation finishes. */
  privateKeyPem?: string
  /** JWT and channel apps: whose account an app token acts for when no account_id is given. */
  ownerUserId?: string
}

export interface SandboxUser {
  userId: string
  userName: string
  nickName: string
  avatarUrl: string
  workspaceCount: number
}

export interface ConsoleToken {
  kind: 'pat' | 'sat'
  label: string
  token: string
  userId: string
  /** Unix ms, or null for a permanent SAT. */
  expiresAt: number | null
  /** null means every permission. */
  permissions: string[] | null
}

export interface SandboxRegion {
  name: RegionName
  /** The real site this region stands in for: 'coze.com' or 'coze.cn'. */
  site: string
  apiBase: string
  wwwBase: string
  /** The JWT `aud` this region expects: the API host with its port, no scheme. */
  audience: string
  deviceVerificationUri: string
  apps: Record<ClientType, DemoApp>
  users: SandboxUser[]
  /** A valid PAT of the first user, with every permission. */
  pat: string
  /** A valid SAT of the first user, with every permission. */
  sat: string
  /** Every PAT and SAT of the fixture, including the deliberately broken ones (expired, no permission). */
  consoleTokens: ConsoleToken[]
}

export type FaultKind = 'http500' | 'html' | 'drop' | 'latency'

export interface FaultSpec {
  kind: FaultKind
  /** How many matching requests it hits; default 1. Use Infinity for "until cleared". */
  count?: number
  /** Latency in ms (kind 'latency'); default 1000. */
  ms?: number
  /** Only requests whose path starts with this string (or matches this RegExp). Default: any. */
  path?: string | RegExp
  /** HTTP status for 'html' (default 502) and 'http500' (default 500). */
  status?: number
}

export type FaultTarget = RegionName | 'all'

export interface SandboxFaults {
  next(target: FaultTarget, spec: FaultSpec): void
  /** The next `polls` device-code polls (valid, unexpired device codes) answer `slow_down`. */
  slowDown(target: FaultTarget, polls: number): void
  /**
   * The next `times` consents are denied whatever the user would click: a browser authorize
   * request redirects straight back with `error=access_denied` (the consent page is skipped), and
   * a device-activation form submission counts as Deny.
   */
  denyConsent(target: FaultTarget, times: number): void
  clear(): void
}

export interface RecordedRequest {
  seq: number
  region: RegionName
  method: string
  path: string
  query: Record<string, string>
  /** Lower-case names. `authorization` is redacted to `<scheme> [redacted:<length>]`. */
  headers: Record<string, string>
  /** Scheme and length of the Authorization credential, null if the header was absent. */
  authorization: { scheme: string; length: number } | null
  /** Top-level keys of the parsed body (JSON or form); values are never kept. */
  bodyKeys: string[]
  /** null until the response has finished (or the socket closed). */
  status: number | null
  logId: string
  fault: FaultKind | null
  /** Sandbox clock, Unix ms. */
  at: number
}

export interface OAuthTokenResponse {
  access_token: string
  /** Absolute Unix time in seconds. */
  expires_in: number
  refresh_token: string
}

export interface AppDescription extends DemoApp {
  /** coze_oauth_config.json written for this app, if the sandbox has a data directory. */
  configPath?: string
  /** Where the private key PEM was written (mode 0600), if the sandbox has a data directory. */
  privateKeyPath?: string
}

export interface RegionDescription {
  name: RegionName
  site: string
  apiBase: string
  wwwBase: string
  audience: string
  deviceVerificationUri: string
  apps: Record<ClientType, AppDescription>
  users: SandboxUser[]
  workspaceCount: number
  pat: string
  sat: string
  consoleTokens: ConsoleToken[]
}

export interface SandboxDescription {
  sandbox: 'coze-auth-sandbox'
  dataDir: string | null
  regions: Record<RegionName, RegionDescription>
}
