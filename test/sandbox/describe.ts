import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RegionState } from './registry'
import type {
  AppDescription,
  ClientType,
  ConsoleToken,
  RegionDescription,
  RegionName,
  SandboxDescription,
} from './types'
import { CLIENT_TYPES, REGION_NAMES } from './types'

/** The PAT/SAT a person should try first: valid at start and allowed to do everything. */
export function primaryConsoleToken(
  tokens: ConsoleToken[],
  kind: 'pat' | 'sat',
  nowMs: number,
): string {
  const usable = tokens.find(
    (t) =>
      t.kind === kind && t.permissions === null && (t.expiresAt === null || t.expiresAt > nowMs),
  )
  return usable?.token ?? ''
}

/** coze_oauth_config.json as the official quickstarts and cozepy's load_oauth_app_from_config read it. */
function oauthConfig(region: RegionState, app: AppDescription): Record<string, unknown> {
  const common = { coze_www_base: region.wwwBase, coze_api_base: region.apiBase }
  switch (app.clientType) {
    case 'web':
      return {
        client_type: 'web',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        redirect_uris: app.redirectUris,
        ...common,
      }
    case 'pkce':
      return {
        client_type: 'pkce',
        client_id: app.clientId,
        redirect_uris: app.redirectUris,
        ...common,
      }
    case 'device':
      return { client_type: 'device', client_id: app.clientId, ...common }
    case 'jwt':
    case 'channel':
      return {
        client_type: 'jwt',
        client_id: app.clientId,
        public_key_id: app.publicKeyId,
        private_key: app.privateKeyPem,
        // Not a quickstart key: the JS SDK makes the caller pass aud, and it is not api.coze.*.
        jwt_audience: region.audience,
        ...common,
      }
  }
}

async function writePrivate(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 })
  // mode only applies when the file is created; an older file keeps its bits otherwise.
  await chmod(path, 0o600)
}

export async function buildDescription(
  regions: Record<RegionName, RegionState>,
  nowMs: number,
  dataDir: string | null,
): Promise<SandboxDescription> {
  await Promise.all(REGION_NAMES.map((name) => regions[name].keysReady))
  const described = {} as Record<RegionName, RegionDescription>
  for (const name of REGION_NAMES) {
    const region = regions[name]
    const apps = {} as Record<ClientType, AppDescription>
    for (const type of CLIENT_TYPES) {
      const demo = region.demoApps[type]
      const app: AppDescription = { ...demo, redirectUris: [...demo.redirectUris] }
      if (dataDir !== null) {
        const dir = join(dataDir, name, type)
        await mkdir(dir, { recursive: true, mode: 0o700 })
        if (app.privateKeyPem !== undefined) {
          app.privateKeyPath = join(dir, 'private_key.pem')
          await writePrivate(app.privateKeyPath, app.privateKeyPem)
        }
        app.configPath = join(dir, 'coze_oauth_config.json')
        await writePrivate(app.configPath, `${JSON.stringify(oauthConfig(region, app), null, 2)}\n`)
      }
      apps[type] = app
    }
    const consoleTokens = region.consoleTokens.map((token) => ({ ...token }))
    described[name] = {
      name,
      site: region.site,
      apiBase: region.apiBase,
      wwwBase: region.wwwBase,
      audience: region.audience,
      deviceVerificationUri: region.deviceVerificationUri,
      apps,
      users: region.describeUsers(),
      workspaceCount: region.workspaces.length,
      pat: primaryConsoleToken(consoleTokens, 'pat', nowMs),
      sat: primaryConsoleToken(consoleTokens, 'sat', nowMs),
      consoleTokens,
    }
  }
  const description: SandboxDescription = {
    sandbox: 'coze-auth-sandbox',
    dataDir,
    regions: described,
  }
  if (dataDir !== null) {
    await writePrivate(join(dataDir, 'sandbox.json'), `${JSON.stringify(description, null, 2)}\n`)
  }
  return description
}
