/**
 * `npm run demo`: the app and a local stand-in for Coze together, for a person with no Coze
 * account. Both regions of the app point at the stand-in (test/sandbox), its demo apps are offered
 * as ready-made apps (PKCE and device shipped as an organisation would; the web app and the
 * service app added with their secret and key), and the PAT and SAT it prints can be pasted.
 *
 * The demo's data lives in its own folder, emptied at every start: the stand-in forgets its tokens
 * when it stops, so yesterday's demo accounts could only ever say "needs sign-in". Secrets stay in
 * memory, out of the person's keychain. The window says on every screen that this is a demo.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import type { DemoDescription } from '../src/shared/command-line'
import { demoDescriptionName } from '../src/shared/command-line'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createCommandClipboard } from '../src/browser-host/command-clipboard'
import {
  openWindowInSystemBrowser,
  stopOnSignals,
  terminalLogLevel,
} from '../src/browser-host/foreground'
import type { BrowserHostApp, BrowserHostAppOptions } from '../src/browser-host/host-app'
import { startBrowserHostApp } from '../src/browser-host/host-app'
import { createConsoleLogger } from '../src/main/core/logger'
import { officialApiBases } from '../src/main/core/regions'
import type { Sandbox } from '../test/sandbox'
import { startSandbox } from '../test/sandbox'
import type { RegionName, SandboxDescription } from '../test/sandbox/types'
import { REGION_NAMES } from '../test/sandbox/types'

export interface DemoOptions {
  /** Default: `defaultDemoDir()`. Emptied at start. */
  dataDir?: string
  port?: number
  /** Default: the desktop's clipboard tool. */
  clipboard?: BrowserHostAppOptions['clipboard']
  /** Default: the desktop's browser. Tests record instead. */
  browser?: BrowserHostAppOptions['browser']
  logger?: BrowserHostAppOptions['logger']
}

export interface Demo {
  app: BrowserHostApp
  sandbox: Sandbox
  description: SandboxDescription
  dataDir: string
  stop(): Promise<void>
}

/** Beside the real accounts' folders, never inside them. */
export function defaultDemoDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'coze-auth-companion', 'demo')
}

const siteNames: Record<RegionName, string> = { com: 'coze.com', cn: 'coze.cn' }

/**
 * The stand-in's PKCE and device apps as an organisation ships them: a coze_oauth_config.json
 * each, naming the official API host of its region, which the demo's regions send to the stand-in.
 */
async function writeShippedApps(dir: string, description: SandboxDescription): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const region of REGION_NAMES) {
    const apps = description.regions[region].apps
    const common = { coze_api_base: officialApiBases[region] }
    await writeFile(
      join(dir, `demo-${region}-pkce.json`),
      JSON.stringify({
        name: `Demo app (${siteNames[region]})`,
        client_type: 'pkce',
        client_id: apps.pkce.clientId,
        redirect_uris: apps.pkce.redirectUris,
        ...common,
      }),
    )
    await writeFile(
      join(dir, `demo-${region}-device.json`),
      JSON.stringify({
        name: `Demo app, sign in with a code (${siteNames[region]})`,
        client_type: 'device',
        client_id: apps.device.clientId,
        ...common,
      }),
    )
  }
}

/** The web app (client secret) and the service app (private key): these cannot be shipped. */
async function addAppsWithSecrets(app: BrowserHostApp, description: SandboxDescription) {
  for (const region of REGION_NAMES) {
    const apps = description.regions[region].apps
    await app.services.core.profiles.add(
      {
        name: `Demo web app (${siteNames[region]})`,
        region,
        clientType: 'web',
        clientId: apps.web.clientId,
        redirectUri: apps.web.redirectUris[0] ?? '',
      },
      { clientSecret: apps.web.clientSecret ?? '' },
    )
    await app.services.core.profiles.add(
      {
        name: `Demo service app (${siteNames[region]})`,
        region,
        clientType: 'jwt',
        clientId: apps.jwt.clientId,
        publicKeyId: apps.jwt.publicKeyId ?? '',
      },
      { privateKeyPem: apps.jwt.privateKeyPem ?? '' },
    )
  }
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const dataDir = resolve(options.dataDir ?? defaultDemoDir())
  await rm(dataDir, { recursive: true, force: true })
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const sandbox = await startSandbox({ dataDir: join(dataDir, 'stand-in') })
  try {
    const description = await sandbox.describe()
    const profilesDir = join(dataDir, 'ready-made-apps')
    await writeShippedApps(profilesDir, description)
    const regions = {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    }
    const app = await startBrowserHostApp({
      demo: true,
      dataDir: join(dataDir, 'app'),
      port: options.port ?? 0,
      bundledProfilesDir: profilesDir,
      regions,
      clipboard: options.clipboard ?? createCommandClipboard(),
      ...(options.browser ? { browser: options.browser } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    })
    await addAppsWithSecrets(app, description)
    // For `coze-auth --demo`: where the stand-in and the demo's data folder are.
    const described: DemoDescription = {
      regions,
      appDataDir: join(dataDir, 'app'),
      profilesDir,
    }
    const descriptionFile = join(dataDir, demoDescriptionName)
    await writeFile(descriptionFile, `${JSON.stringify(described)}\n`, { mode: 0o600 })
    return {
      app,
      sandbox,
      description,
      dataDir,
      async stop() {
        await rm(descriptionFile, { force: true })
        await app.stop()
        await sandbox.stop()
      },
    }
  } catch (error) {
    await sandbox.stop()
    throw error
  }
}

/** What the terminal shows: what this is, the tokens to paste, and the address. */
export function demoIntroduction(demo: Demo): string {
  const tokens = REGION_NAMES.map((region) => {
    const described = demo.description.regions[region]
    return `  ${siteNames[region].padEnd(9)} PAT ${described.pat}\n            SAT ${described.sat}`
  })
  const jwtKey = demo.description.regions.com.apps.jwt.privateKeyPath
  return [
    'Coze Auth Companion demo: the app talks to a local stand-in for coze.com and coze.cn on this',
    'computer, never to Coze. Demo data is kept in its own folder and reset at every start:',
    `  ${demo.dataDir}`,
    '',
    'Every way in works: "Sign in to Coze" (browser), a code (device), the web and service apps',
    'offered under Add account, or paste one of these tokens:',
    ...tokens,
    ...(jwtKey ? ['', `The service app's private key, to try importing one: ${jwtKey}`] : []),
    '',
    'Open this address (it contains a one-time key; keep it to yourself):',
    '',
    `  ${demo.app.host.url}`,
    '',
  ].join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not "${values.port}".`)
    process.exit(2)
  }
  const demo = await startDemo({
    port,
    logger: createConsoleLogger(terminalLogLevel()),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  })
  stopOnSignals(demo)
  console.log(demoIntroduction(demo))
  if (values.open) {
    const outcome = await openWindowInSystemBrowser(demo.app.host.issueLaunchUrl())
    if (outcome === 'opened') console.log('Your browser was opened on it.')
    if (outcome === 'failed') console.log('Your browser could not be opened: open the address.')
  }
  console.log('Press Ctrl+C to stop.')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`The demo could not start: ${(error as Error).message}`)
    process.exit(1)
  })
}
