import type { ClientType, RegionName } from './types'

/**
 * The demo world. Client ids, user ids and workspace ids are fixed so that a person can keep a
 * config file between runs; every secret, key and token is generated fresh at start.
 */

export interface FixtureApp {
  clientId: string
  name: string
  /** Web and PKCE apps. The real console allows 3; tests can add more at run time. */
  redirectUris?: string[]
  /** JWT and channel apps: the account an app token acts for by default. */
  ownerUserId?: string
  /** JWT and channel apps: how many key pairs to generate (the console allows up to 3). */
  keyCount?: number
  /** Permissions of tokens issued to this app; null or absent means every permission. */
  permissions?: string[] | null
}

export interface FixtureUser {
  userId: string
  userName: string
  nickName: string
}

export interface FixtureWorkspaceSet {
  ownerUserId: string
  /** How many team workspaces this set creates. Every user also gets one personal workspace. */
  count: number
  namePrefix: string
  /** First digits of the generated workspace ids; must be unique per set. */
  idPrefix: string
  enterpriseId?: string
  /** Other users who joined every workspace of the set. */
  members?: { userId: string; role: 'admin' | 'member' }[]
}

export interface FixtureConsoleToken {
  kind: 'pat' | 'sat'
  label: string
  userId: string
  /** Lifetime from sandbox start; null = permanent (SATs only), negative = already expired. */
  ttlDays: number | null
  permissions?: string[] | null
}

export interface FixtureRegion {
  site: string
  /** First digits of personal workspace ids in this region. */
  personalWorkspaceIdPrefix: string
  apps: Record<ClientType, FixtureApp>
  users: FixtureUser[]
  teamWorkspaces: FixtureWorkspaceSet[]
  /** The first valid PAT and the first valid SAT become `region.pat` and `region.sat`. */
  consoleTokens: FixtureConsoleToken[]
}

export interface SandboxFixture {
  regions: Record<RegionName, FixtureRegion>
}

export const PERMISSION_LIST_WORKSPACE = 'listWorkspace'
export const PERMISSION_BOT_CHAT = 'Connector.botChat'

/** Loopback ports of the demo redirect URIs; the app's own callback server can use these. */
export const DEMO_WEB_CALLBACK_PORT = 48123
export const DEMO_PKCE_CALLBACK_PORT = 48124

function callbackUris(port: number): string[] {
  return [`http://127.0.0.1:${port}/callback`, `http://localhost:${port}/callback`]
}

export const defaultFixture: SandboxFixture = {
  regions: {
    com: {
      site: 'coze.com',
      personalWorkspaceIdPrefix: '7400000000000000',
      apps: {
        web: {
          clientId: '48213570192837465012345678901234.app.coze',
          name: 'Sandbox Web Backend (coze.com)',
          redirectUris: [...callbackUris(DEMO_WEB_CALLBACK_PORT), 'http://127.0.0.1:8080/callback'],
        },
        pkce: {
          clientId: '48213570192837465012345678905678.app.coze',
          name: 'Sandbox Desktop PKCE (coze.com)',
          redirectUris: callbackUris(DEMO_PKCE_CALLBACK_PORT),
        },
        device: {
          clientId: '48213570192837465012345678909012.app.coze',
          name: 'Sandbox Device CLI (coze.com)',
        },
        jwt: {
          clientId: '48213570192837465012345678903456.app.coze',
          name: 'Sandbox Service JWT (coze.com)',
          ownerUserId: '7401000000000000001',
          keyCount: 1,
        },
        channel: {
          clientId: '48213570192837465012345678907890.app.coze',
          name: 'Sandbox Channel (coze.com)',
          ownerUserId: '7401000000000000001',
          keyCount: 1,
          permissions: [PERMISSION_BOT_CHAT],
        },
      },
      users: [
        { userId: '7401000000000000001', userName: 'alice', nickName: 'Alice Example' },
        { userId: '7401000000000000002', userName: 'bob', nickName: 'Bob Example' },
      ],
      teamWorkspaces: [
        {
          ownerUserId: '7401000000000000001',
          count: 64,
          namePrefix: 'Alice Team',
          idPrefix: '7410000000000',
          members: [{ userId: '7401000000000000002', role: 'member' }],
        },
        {
          ownerUserId: '7401000000000000002',
          count: 2,
          namePrefix: 'Bob Team',
          idPrefix: '7420000000000',
          enterpriseId: '7430000000000000001',
        },
      ],
      consoleTokens: [
        { kind: 'pat', label: 'default', userId: '7401000000000000001', ttlDays: 30 },
        { kind: 'sat', label: 'default', userId: '7401000000000000001', ttlDays: null },
        { kind: 'pat', label: 'bob', userId: '7401000000000000002', ttlDays: 7 },
        { kind: 'pat', label: 'expired', userId: '7401000000000000001', ttlDays: -1 },
        {
          kind: 'pat',
          label: 'no-workspace-permission',
          userId: '7401000000000000001',
          ttlDays: 30,
          permissions: [PERMISSION_BOT_CHAT],
        },
      ],
    },
    cn: {
      site: 'coze.cn',
      personalWorkspaceIdPrefix: '7500000000000000',
      apps: {
        web: {
          clientId: '91827364501928374650192837460011.app.coze',
          name: '沙盒 Web 后端应用 (coze.cn)',
          redirectUris: [...callbackUris(DEMO_WEB_CALLBACK_PORT), 'http://127.0.0.1:8080/callback'],
        },
        pkce: {
          clientId: '91827364501928374650192837460022.app.coze',
          name: '沙盒 桌面端 PKCE 应用 (coze.cn)',
          redirectUris: callbackUris(DEMO_PKCE_CALLBACK_PORT),
        },
        device: {
          clientId: '91827364501928374650192837460033.app.coze',
          name: '沙盒 设备应用 (coze.cn)',
        },
        jwt: {
          clientId: '91827364501928374650192837460044.app.coze',
          name: '沙盒 服务类应用 (coze.cn)',
          ownerUserId: '7501000000000000001',
          keyCount: 1,
        },
        channel: {
          clientId: '91827364501928374650192837460055.app.coze',
          name: '沙盒 渠道应用 (coze.cn)',
          ownerUserId: '7501000000000000001',
          keyCount: 1,
          permissions: [PERMISSION_BOT_CHAT],
        },
      },
      users: [
        { userId: '7501000000000000001', userName: 'zhangsan', nickName: '张三' },
        { userId: '7501000000000000002', userName: 'lisi', nickName: '李四' },
      ],
      teamWorkspaces: [
        {
          ownerUserId: '7501000000000000001',
          count: 61,
          namePrefix: '张三的团队空间',
          idPrefix: '7510000000000',
          members: [{ userId: '7501000000000000002', role: 'admin' }],
        },
      ],
      consoleTokens: [
        { kind: 'pat', label: 'default', userId: '7501000000000000001', ttlDays: 30 },
        { kind: 'sat', label: 'default', userId: '7501000000000000001', ttlDays: 90 },
        { kind: 'pat', label: 'expired', userId: '7501000000000000001', ttlDays: -1 },
      ],
    },
  },
}
