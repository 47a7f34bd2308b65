import type { FixtureApp, FixtureRegion } from './fixture'
import { PERMISSION_LIST_WORKSPACE } from './fixture'
import type { KeyMaterial } from './keys'
import { rsaKeyForSlot } from './keys'
import { randomAlnum, randomHex, randomUserCode } from './random'
import type {
  ClientType,
  ConsoleToken,
  DemoApp,
  OAuthTokenResponse,
  RegionName,
  SandboxUser,
} from './types'
import { CLIENT_TYPES } from './types'

/** Every lifetime the sandbox applies, in seconds. */
export const LIFETIMES = {
  accessToken: 15 * 60,
  refreshToken: 30 * 24 * 3600,
  authorizationCode: 5 * 60,
  /** How long a consent page (its authorize_key) stays usable. */
  consentPage: 10 * 60,
  /** Device-code `expires_in` (a duration there, unlike token responses). */
  deviceCode: 5 * 60,
  devicePollInterval: 5,
  jwtDefaultDuration: 900,
  jwtMaxDuration: 86399,
  /** Longest accepted JWT exp - iat. Go signs exp = now + ttl with ttl up to 86399. */
  jwtMaxLifetime: 86400,
  /** How far in the future a JWT iat may be before it is refused. */
  jwtClockSkew: 5 * 60,
} as const

export interface AppKey {
  kid: string
  clientId: string
  material: KeyMaterial | null
  ready: Promise<KeyMaterial>
}

export interface AppRecord {
  clientId: string
  clientType: ClientType
  name: string
  redirectUris: string[]
  secrets: string[]
  ownerUserId: string | null
  keys: AppKey[]
  permissions: ReadonlySet<string> | null
  /** The public view handed to tests; kept in sync (redirect URIs, private key). */
  demo: DemoApp
}

export interface UserRecord {
  userId: string
  userName: string
  nickName: string
}

export type WorkspaceRole = 'owner' | 'admin' | 'member'

export interface WorkspaceRecord {
  id: string
  name: string
  workspaceType: 'personal' | 'team'
  enterpriseId: string
  ownerUid: string
  adminUids: string[]
  description: string
}

export interface Membership {
  workspace: WorkspaceRecord
  role: WorkspaceRole
}

export interface TokenRecord {
  value: string
  kind: 'access' | 'refresh' | 'pat' | 'sat'
  /** 'jwt' marks czs_ app tokens, which can never be refreshed. */
  source: 'oauth' | 'jwt' | 'console'
  clientId: string | null
  userId: string
  workspaceId: string | null
  permissions: ReadonlySet<string> | null
  expiresAtMs: number | null
  revoked: null | 'rotated' | 'revoked'
  /** The other half of an OAuth pair issued in the same response (access ↔ refresh). */
  pairedWith?: string
}

export interface CodeRecord {
  code: string
  clientId: string
  redirectUri: string
  userId: string
  workspaceId: string | null
  challenge: string | null
  method: 'S256' | 'plain' | null
  expiresAtMs: number
  used: boolean
  revoked: boolean
}

export interface PendingAuthorization {
  key: string
  clientId: string
  redirectUri: string
  /** null when the authorize request had no state parameter at all. */
  state: string | null
  workspaceId: string | null
  challenge: string | null
  method: 'S256' | 'plain' | null
  expiresAtMs: number
}

export type DeviceStatus = 'pending' | 'approved' | 'denied' | 'consumed'

export interface DeviceRecord {
  deviceCode: string
  userCode: string
  clientId: string
  workspaceId: string | null
  expiresAtMs: number
  status: DeviceStatus
  userId: string | null
}

export type DeviceDecision =
  | { ok: true; record: DeviceRecord }
  | {
      ok: false
      reason: 'unknown-code' | 'expired' | 'already-decided' | 'unknown-user' | 'not-a-member'
    }

/** People type codes in any case, with or without the dash, sometimes with spaces. */
export function normalizeUserCode(input: string): string {
  const letters = input.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters
}

export interface AppTokenResponse {
  access_token: string
  expires_in: number
}

export type TokenLookup =
  | { ok: true; record: TokenRecord }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' | 'not-an-access-token' }

const DAY_MS = 24 * 3600 * 1000

/** Everything one region (one "coze.com" or one "coze.cn") knows. */
export class RegionState {
  readonly name: RegionName
  readonly site: string
  readonly apps = new Map<string, AppRecord>()
  readonly demoApps: Record<ClientType, DemoApp>
  readonly users: UserRecord[]
  readonly workspaces: WorkspaceRecord[] = []
  readonly tokens = new Map<string, TokenRecord>()
  readonly codes = new Map<string, CodeRecord>()
  readonly pendingAuthorizations = new Map<string, PendingAuthorization>()
  readonly deviceCodes = new Map<string, DeviceRecord>()
  readonly deviceByUserCode = new Map<string, DeviceRecord>()
  /** jti -> the JWT's exp (Unix ms); kept until then so a replay is caught. */
  readonly usedJtis = new Map<string, number>()
  readonly keysByKid = new Map<string, AppKey>()
  readonly keysReady: Promise<void>
  readonly consoleTokens: ConsoleToken[] = []
  apiBase = ''
  wwwBase = ''
  audience = ''

  private readonly memberships = new Map<string, Membership[]>()

  constructor(name: RegionName, fixture: FixtureRegion, nowMs: number) {
    this.name = name
    this.site = fixture.site
    this.users = fixture.users.map((user) => ({ ...user }))
    for (const user of this.users) this.memberships.set(user.userId, [])
    this.buildWorkspaces(fixture)
    const demo: Partial<Record<ClientType, DemoApp>> = {}
    for (const type of CLIENT_TYPES) {
      demo[type] = this.addApp(type, fixture.apps[type]).demo
    }
    this.demoApps = demo as Record<ClientType, DemoApp>
    for (const entry of fixture.consoleTokens) {
      if (!this.memberships.has(entry.userId)) {
        throw new Error(
          `fixture: console token "${entry.label}" names unknown user ${entry.userId}`,
        )
      }
      const token = `${entry.kind}_${randomAlnum(64)}`
      const expiresAt = entry.ttlDays === null ? null : nowMs + entry.ttlDays * DAY_MS
      const permissions = entry.permissions ?? null
      this.consoleTokens.push({
        kind: entry.kind,
        label: entry.label,
        token,
        userId: entry.userId,
        expiresAt,
        permissions,
      })
      this.tokens.set(token, {
        value: token,
        kind: entry.kind,
        source: 'console',
        clientId: null,
        userId: entry.userId,
        workspaceId: null,
        permissions: permissions === null ? null : new Set(permissions),
        expiresAtMs: expiresAt,
        revoked: null,
      })
    }
    const keyPromises = [...this.keysByKid.values()].map((key) => key.ready)
    this.keysReady = Promise.all(keyPromises).then(() => undefined)
    // Nobody may ever await the keys (a test that never uses JWT); a keygen failure must not then
    // surface as an unhandled rejection. Awaiters still see the error.
    this.keysReady.catch(() => undefined)
  }

  setBases(apiBase: string): void {
    this.apiBase = apiBase
    this.wwwBase = apiBase
    this.audience = new URL(apiBase).host
  }

  get deviceVerificationUri(): string {
    return `${this.wwwBase}/oauth/device-activation`
  }

  private addApp(type: ClientType, spec: FixtureApp): AppRecord {
    if (this.apps.has(spec.clientId))
      throw new Error(`fixture: duplicate client id ${spec.clientId}`)
    const usesKeys = type === 'jwt' || type === 'channel'
    const ownerUserId = spec.ownerUserId ?? this.users[0]?.userId ?? null
    const app: AppRecord = {
      clientId: spec.clientId,
      clientType: type,
      name: spec.name,
      redirectUris: type === 'web' || type === 'pkce' ? [...(spec.redirectUris ?? [])] : [],
      secrets: type === 'web' ? [randomAlnum(48)] : [],
      ownerUserId: usesKeys ? ownerUserId : null,
      keys: [],
      permissions: spec.permissions ? new Set(spec.permissions) : null,
      demo: { clientId: spec.clientId, clientType: type, name: spec.name, redirectUris: [] },
    }
    app.demo.redirectUris = app.redirectUris
    if (app.secrets[0] !== undefined) app.demo.clientSecret = app.secrets[0]
    if (usesKeys) {
      if (ownerUserId !== null) app.demo.ownerUserId = ownerUserId
      const count = Math.max(1, Math.min(3, spec.keyCount ?? 1))
      for (let i = 0; i < count; i += 1) {
        const key: AppKey = {
          kid: randomHex(20),
          clientId: app.clientId,
          material: null,
          ready: rsaKeyForSlot(`${this.name}/${type}/${i}`),
        }
        key.ready.then(
          (material) => {
            key.material = material
            if (app.keys[0] === key) app.demo.privateKeyPem = material.privateKeyPem
          },
          () => undefined,
        )
        app.keys.push(key)
        this.keysByKid.set(key.kid, key)
      }
      const first = app.keys[0]
      if (first) app.demo.publicKeyId = first.kid
    }
    this.apps.set(app.clientId, app)
    return app
  }

  private buildWorkspaces(fixture: FixtureRegion): void {
    fixture.users.forEach((user, index) => {
      const workspace: WorkspaceRecord = {
        id: `${fixture.personalWorkspaceIdPrefix}${String(index + 1).padStart(3, '0')}`,
        name: 'Personal',
        workspaceType: 'personal',
        enterpriseId: '',
        ownerUid: user.userId,
        adminUids: [],
        description: `${user.nickName}'s personal workspace`,
      }
      this.addWorkspace(workspace, [{ userId: user.userId, role: 'owner' }])
    })
    for (const set of fixture.teamWorkspaces) {
      if (!this.memberships.has(set.ownerUserId)) {
        throw new Error(`fixture: workspace owner ${set.ownerUserId} is not a user`)
      }
      const members = set.members ?? []
      for (let i = 1; i <= set.count; i += 1) {
        const workspace: WorkspaceRecord = {
          id: `${set.idPrefix}${String(i).padStart(6, '0')}`,
          name: `${set.namePrefix} ${i}`,
          workspaceType: 'team',
          enterpriseId: set.enterpriseId ?? '',
          ownerUid: set.ownerUserId,
          adminUids: members.filter((m) => m.role === 'admin').map((m) => m.userId),
          description: `Sandbox team workspace ${i}`,
        }
        this.addWorkspace(workspace, [{ userId: set.ownerUserId, role: 'owner' }, ...members])
      }
    }
  }

  private addWorkspace(
    workspace: WorkspaceRecord,
    members: { userId: string; role: WorkspaceRole }[],
  ): void {
    this.workspaces.push(workspace)
    for (const member of members) {
      const list = this.memberships.get(member.userId)
      if (!list) throw new Error(`fixture: workspace member ${member.userId} is not a user`)
      list.push({ workspace, role: member.role })
    }
  }

  user(userId: string): UserRecord | undefined {
    return this.users.find((u) => u.userId === userId)
  }

  workspace(workspaceId: string): WorkspaceRecord | undefined {
    return this.workspaces.find((w) => w.id === workspaceId)
  }

  membershipsOf(userId: string): Membership[] {
    return this.memberships.get(userId) ?? []
  }

  isMember(userId: string, workspaceId: string): boolean {
    return this.membershipsOf(userId).some((m) => m.workspace.id === workspaceId)
  }

  describeUsers(): SandboxUser[] {
    return this.users.map((user) => ({
      userId: user.userId,
      userName: user.userName,
      nickName: user.nickName,
      avatarUrl: this.avatarUrl(user.userId),
      workspaceCount: this.membershipsOf(user.userId).length,
    }))
  }

  avatarUrl(userId: string): string {
    return `${this.apiBase}/static/avatar/${userId}.png`
  }

  iconUrl(workspaceId: string): string {
    return `${this.apiBase}/static/workspace/${workspaceId}.svg`
  }

  /** The token pair of the code, PKCE, device and refresh grants. */
  issueUserTokens(
    app: AppRecord,
    userId: string,
    workspaceId: string | null,
    nowMs: number,
  ): OAuthTokenResponse {
    const access = `czu_${randomAlnum(64)}`
    const refresh = randomAlnum(64)
    const accessExpires = nowMs + LIFETIMES.accessToken * 1000
    const common = { source: 'oauth' as const, clientId: app.clientId, userId, workspaceId }
    const permissions = app.permissions
    this.tokens.set(access, {
      ...common,
      value: access,
      kind: 'access',
      permissions,
      expiresAtMs: accessExpires,
      revoked: null,
      pairedWith: refresh,
    })
    this.tokens.set(refresh, {
      ...common,
      value: refresh,
      kind: 'refresh',
      permissions,
      expiresAtMs: nowMs + LIFETIMES.refreshToken * 1000,
      revoked: null,
      pairedWith: access,
    })
    return {
      access_token: access,
      expires_in: Math.floor(accessExpires / 1000),
      refresh_token: refresh,
    }
  }

  issueAppToken(
    app: AppRecord,
    userId: string,
    durationSeconds: number,
    permissions: ReadonlySet<string> | null,
    nowMs: number,
  ): AppTokenResponse {
    const access = `czs_${randomAlnum(64)}`
    const expires = nowMs + durationSeconds * 1000
    this.tokens.set(access, {
      value: access,
      kind: 'access',
      source: 'jwt',
      clientId: app.clientId,
      userId,
      workspaceId: null,
      permissions,
      expiresAtMs: expires,
      revoked: null,
    })
    return { access_token: access, expires_in: Math.floor(expires / 1000) }
  }

  newCode(): string {
    return `code_${randomAlnum(48)}`
  }

  newDevice(clientId: string, workspaceId: string | null, nowMs: number): DeviceRecord {
    let userCode = randomUserCode()
    while (this.deviceByUserCode.has(userCode)) userCode = randomUserCode()
    const record: DeviceRecord = {
      deviceCode: randomAlnum(64),
      userCode,
      clientId,
      workspaceId,
      expiresAtMs: nowMs + LIFETIMES.deviceCode * 1000,
      status: 'pending',
      userId: null,
    }
    this.deviceCodes.set(record.deviceCode, record)
    this.deviceByUserCode.set(userCode, record)
    return record
  }

  lookupAccessToken(value: string | null, nowMs: number): TokenLookup {
    if (value === null) return { ok: false, reason: 'missing' }
    const record = this.tokens.get(value)
    if (!record) return { ok: false, reason: 'unknown' }
    if (record.kind === 'refresh') return { ok: false, reason: 'not-an-access-token' }
    if (record.revoked) return { ok: false, reason: 'revoked' }
    if (record.expiresAtMs !== null && record.expiresAtMs <= nowMs) {
      return { ok: false, reason: 'expired' }
    }
    return { ok: true, record }
  }

  canListWorkspaces(record: TokenRecord): boolean {
    return record.permissions === null || record.permissions.has(PERMISSION_LIST_WORKSPACE)
  }

  /** What the console's "revoke authorization" does: every token and unused code of the app. */
  revokeApp(clientId: string, userId?: string): number {
    let count = 0
    for (const record of this.tokens.values()) {
      if (record.clientId !== clientId || record.revoked === 'revoked') continue
      if (userId !== undefined && record.userId !== userId) continue
      record.revoked = 'revoked'
      count += 1
    }
    for (const code of this.codes.values()) {
      if (code.clientId !== clientId) continue
      if (userId !== undefined && code.userId !== userId) continue
      code.revoked = true
    }
    for (const device of this.deviceCodes.values()) {
      if (device.clientId !== clientId || device.status !== 'approved') continue
      if (userId !== undefined && device.userId !== userId) continue
      device.status = 'denied'
    }
    return count
  }

  /** The decision of a person on the device-activation page (or of a test calling approveDevice). */
  decideDevice(
    userCode: string,
    decision: 'approve' | 'deny',
    userId: string,
    nowMs: number,
  ): DeviceDecision {
    const record = this.deviceByUserCode.get(normalizeUserCode(userCode))
    if (!record) return { ok: false, reason: 'unknown-code' }
    if (record.expiresAtMs <= nowMs) return { ok: false, reason: 'expired' }
    if (record.status !== 'pending') return { ok: false, reason: 'already-decided' }
    if (!this.user(userId)) return { ok: false, reason: 'unknown-user' }
    if (
      decision === 'approve' &&
      record.workspaceId &&
      !this.isMember(userId, record.workspaceId)
    ) {
      return { ok: false, reason: 'not-a-member' }
    }
    record.status = decision === 'approve' ? 'approved' : 'denied'
    record.userId = userId
    return { ok: true, record }
  }

  /** Forget expired one-shot records so long-running CLI sessions do not grow without bound. */
  sweep(nowMs: number): void {
    for (const [jti, exp] of this.usedJtis) if (exp <= nowMs) this.usedJtis.delete(jti)
    for (const [key, pending] of this.pendingAuthorizations) {
      if (pending.expiresAtMs <= nowMs) this.pendingAuthorizations.delete(key)
    }
  }
}
