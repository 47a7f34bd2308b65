import { createClock } from './clock'
import type { CodeGrantOrder } from './context'
import type { SandboxClock } from './clock'
import { buildDescription, primaryConsoleToken } from './describe'
import { createFaults } from './faults'
import type { SandboxFixture } from './fixture'
import { defaultFixture } from './fixture'
import { RequestRecorder } from './recorder'
import { normalizeUserCode, RegionState } from './registry'
import type { AppRecord, DeviceDecision } from './registry'
import { createRegionServer } from './server'
import type { RegionServer } from './server'
import type {
  OAuthTokenResponse,
  RecordedRequest,
  RegionName,
  SandboxDescription,
  SandboxFaults,
  SandboxRegion,
} from './types'
import { REGION_NAMES } from './types'

export type {
  AppDescription,
  ClientType,
  ConsoleToken,
  DemoApp,
  FaultKind,
  FaultSpec,
  FaultTarget,
  OAuthTokenResponse,
  RecordedRequest,
  RegionDescription,
  RegionName,
  SandboxDescription,
  SandboxFaults,
  SandboxRegion,
  SandboxUser,
} from './types'
export type { SandboxClock } from './clock'
export type { CodeGrantOrder } from './context'
export type { SandboxFixture } from './fixture'
export { defaultFixture, PERMISSION_BOT_CHAT, PERMISSION_LIST_WORKSPACE } from './fixture'
export { LIFETIMES } from './registry'
export { GRANT_DEVICE_CODE, GRANT_JWT_BEARER } from './oauth-routes'
export { completeConsent, httpRequest, pageError, submitDeviceDecision } from './consent-client'
export type {
  ConsentOutcome,
  DecisionOptions,
  DeviceDecisionResult,
  HttpResult,
} from './consent-client'

export interface SandboxOptions {
  /** Default 0 (a random free port) for each. */
  ports?: { com?: number; cn?: number }
  /** Initial sandbox clock, Unix ms; default Date.now(). */
  startTime?: number
  /** The clock ticks with real time unless frozen; advance()/set() work either way. */
  frozenClock?: boolean
  fixture?: SandboxFixture
  logRequests?: boolean
  /**
   * If set, describe() writes each app's coze_oauth_config.json and private_key.pem (mode 0600)
   * under this directory. The CLI uses <repo>/.sandbox-data.
   */
  dataDir?: string
  /**
   * Whether the code grant checks the client (the default) or the code first. With `code-first`
   * a made-up code is `invalid_grant` for every client, known or not, so the token endpoint no
   * longer tells an unknown app apart.
   */
  codeGrantOrder?: CodeGrantOrder
}

export interface IssueTokensOptions {
  /** Default: the region's first user. */
  userId?: string
  workspaceId?: string
}

export interface Sandbox {
  regions: { com: SandboxRegion; cn: SandboxRegion }
  clock: SandboxClock
  faults: SandboxFaults
  /** Every request both regions received, in order. */
  requests: RecordedRequest[]
  /**
   * What the server knows of a token (either region), for tests that check what a client kept:
   * its kind, whether it still works, and the token issued in the same response.
   */
  inspectToken(token: string): TokenInspection | undefined
  /** Kills one refresh token (either region); using it later gives invalid_grant. */
  revokeRefreshToken(refreshToken: string): void
  /** The console's "revoke authorization": every token and pending code of the app (for the user). */
  revokeAppAuthorization(region: RegionName, clientId: string, userId?: string): void
  /** A fresh access/refresh pair for a web, PKCE or device app, as if the user had just consented. */
  issueTokensDirectly(
    region: RegionName,
    clientId: string,
    options?: IssueTokensOptions,
  ): OAuthTokenResponse
  /** Adds an exact redirect URI to a web or PKCE app (the console allows 3; the sandbox does not care). */
  registerRedirectUri(region: RegionName, clientId: string, uri: string): void
  /** What a person approving the device code on the activation page does. */
  approveDevice(userCode: string, options?: { userId?: string }): void
  denyDevice(userCode: string, options?: { userId?: string }): void
  /** Resolves with the count-th finished request matching the predicate. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    count?: number,
  ): Promise<RecordedRequest>
  /**
   * Resolves with the first request that matches, finished or not, as soon as the server has it:
   * the predicate is asked when the request arrives (its body may still be on the way) and again
   * once it has been given a fault (a request a latency fault holds is in progress then).
   */
  waitForRequestInProgress(
    predicate: (request: RecordedRequest) => boolean,
  ): Promise<RecordedRequest>
  /** Waits for the RSA keys, then returns a JSON-serialisable picture of everything. */
  describe(): Promise<SandboxDescription>
  stop(): Promise<void>
}

export interface TokenInspection {
  region: RegionName
  kind: 'access' | 'refresh' | 'pat' | 'sat'
  status: 'active' | 'rotated' | 'revoked' | 'expired'
  pairedWith?: string
}

const SWEEP_INTERVAL_MS = 60_000

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = createClock(options.startTime ?? Date.now(), options.frozenClock ?? false)
  const faults = createFaults()
  const recorder = new RequestRecorder()
  const fixture = options.fixture ?? defaultFixture
  const startedAt = clock.now()
  const states: Record<RegionName, RegionState> = {
    com: new RegionState('com', fixture.regions.com, startedAt),
    cn: new RegionState('cn', fixture.regions.cn, startedAt),
  }
  const runtime = { clock, faults, codeGrantOrder: options.codeGrantOrder ?? 'client-first' }
  const logRequests = options.logRequests ?? false
  const servers: Record<RegionName, RegionServer> = {
    com: createRegionServer({ region: states.com, runtime, recorder, logRequests }),
    cn: createRegionServer({ region: states.cn, runtime, recorder, logRequests }),
  }
  try {
    await Promise.all([
      servers.com.listen(options.ports?.com ?? 0),
      servers.cn.listen(options.ports?.cn ?? 0),
    ])
  } catch (error) {
    await Promise.all([servers.com.close(), servers.cn.close()])
    throw error
  }
  const sweeper = setInterval(() => {
    for (const name of REGION_NAMES) states[name].sweep(clock.now())
  }, SWEEP_INTERVAL_MS)
  sweeper.unref()

  const publicRegion = (name: RegionName): SandboxRegion => {
    const state = states[name]
    return {
      name,
      site: state.site,
      apiBase: state.apiBase,
      wwwBase: state.wwwBase,
      audience: state.audience,
      deviceVerificationUri: state.deviceVerificationUri,
      apps: state.demoApps,
      users: state.describeUsers(),
      pat: primaryConsoleToken(state.consoleTokens, 'pat', startedAt),
      sat: primaryConsoleToken(state.consoleTokens, 'sat', startedAt),
      consoleTokens: state.consoleTokens,
    }
  }

  const appOf = (region: RegionName, clientId: string): AppRecord => {
    const app = states[region]?.apps.get(clientId)
    if (!app) throw new Error(`sandbox: no app ${clientId} in region ${region}`)
    return app
  }

  const decide = (userCode: string, decision: 'approve' | 'deny', userId?: string): void => {
    const code = normalizeUserCode(userCode)
    const state = REGION_NAMES.map((name) => states[name]).find((s) => s.deviceByUserCode.has(code))
    if (!state) throw new Error(`sandbox: no device code with user code ${userCode}`)
    const who = userId ?? state.users[0]?.userId ?? ''
    const result: DeviceDecision = state.decideDevice(code, decision, who, clock.now())
    if (!result.ok) throw new Error(`sandbox: cannot ${decision} ${userCode}: ${result.reason}`)
  }

  let stopping: Promise<void> | null = null

  return {
    regions: { com: publicRegion('com'), cn: publicRegion('cn') },
    clock,
    faults,
    requests: recorder.requests,
    inspectToken(token: string): TokenInspection | undefined {
      for (const name of REGION_NAMES) {
        const record = states[name].tokens.get(token)
        if (!record) continue
        const expired = record.expiresAtMs !== null && record.expiresAtMs <= clock.now()
        const status = record.revoked ?? (expired ? 'expired' : 'active')
        const inspection: TokenInspection = { region: name, kind: record.kind, status }
        if (record.pairedWith !== undefined) inspection.pairedWith = record.pairedWith
        return inspection
      }
      return undefined
    },
    revokeRefreshToken(refreshToken: string): void {
      for (const name of REGION_NAMES) {
        const record = states[name].tokens.get(refreshToken)
        if (record?.kind === 'refresh') {
          record.revoked = 'revoked'
          return
        }
      }
      throw new Error('sandbox: unknown refresh token')
    },
    revokeAppAuthorization(region: RegionName, clientId: string, userId?: string): void {
      appOf(region, clientId)
      states[region].revokeApp(clientId, userId)
    },
    issueTokensDirectly(region, clientId, issue = {}): OAuthTokenResponse {
      const app = appOf(region, clientId)
      if (app.clientType !== 'web' && app.clientType !== 'pkce' && app.clientType !== 'device') {
        throw new Error('sandbox: issueTokensDirectly is for web, PKCE and device apps')
      }
      const state = states[region]
      const userId = issue.userId ?? state.users[0]?.userId
      if (userId === undefined || !state.user(userId)) throw new Error('sandbox: unknown user')
      const workspaceId = issue.workspaceId ?? null
      if (workspaceId !== null && !state.isMember(userId, workspaceId)) {
        throw new Error('sandbox: the user is not a member of that workspace')
      }
      return state.issueUserTokens(app, userId, workspaceId, clock.now())
    },
    registerRedirectUri(region: RegionName, clientId: string, uri: string): void {
      const app = appOf(region, clientId)
      if (app.clientType !== 'web' && app.clientType !== 'pkce') {
        throw new Error('sandbox: only web and PKCE apps have redirect URIs')
      }
      const parsed = new URL(uri)
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new Error('sandbox: redirect URIs must be http or https')
      }
      if (!app.redirectUris.includes(uri)) app.redirectUris.push(uri)
    },
    approveDevice(userCode: string, decideOptions = {}): void {
      decide(userCode, 'approve', decideOptions.userId)
    },
    denyDevice(userCode: string, decideOptions = {}): void {
      decide(userCode, 'deny', decideOptions.userId)
    },
    waitForRequest(predicate, count = 1): Promise<RecordedRequest> {
      return recorder.waitFor(predicate, count)
    },
    waitForRequestInProgress(predicate): Promise<RecordedRequest> {
      return recorder.waitForSeen(predicate)
    },
    describe(): Promise<SandboxDescription> {
      return buildDescription(states, clock.now(), options.dataDir ?? null)
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        clearInterval(sweeper)
        await Promise.all([servers.com.close(), servers.cn.close()])
      })()
      return stopping
    },
  }
}
