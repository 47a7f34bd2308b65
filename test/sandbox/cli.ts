import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startSandbox } from './index'
import type { RegionDescription, SandboxDescription } from './types'
import { CLIENT_TYPES, REGION_NAMES } from './types'

const HELP = `Local Coze-compatible auth server (coze.com and coze.cn at once).

Usage: npm run sandbox -- [options]

  --port-com <n>   port of the coze.com side (default 41731; 0 = any free port)
  --port-cn <n>    port of the coze.cn side (default 41732; 0 = any free port)
  --data-dir <dir> where keys and coze_oauth_config.json files go (default <repo>/.sandbox-data)
  --json           print the description as one line of JSON, then keep serving
  --log            log every request
  -h, --help       this text
`

function port(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`not a port: ${value}`)
  }
  return parsed
}

function regionText(region: RegionDescription): string {
  const lines = [
    `${region.site} -> ${region.apiBase}   (JWT aud: ${region.audience})`,
    `  device activation page: ${region.deviceVerificationUri}`,
  ]
  for (const type of CLIENT_TYPES) {
    const app = region.apps[type]
    lines.push(`  ${type.padEnd(8)} ${app.clientId}  ${app.name}`)
    if (app.clientSecret) lines.push(`           client secret: ${app.clientSecret}`)
    if (app.redirectUris.length > 0) {
      lines.push(`           redirect URIs: ${app.redirectUris.join(', ')}`)
    }
    if (app.publicKeyId) lines.push(`           public key id (kid): ${app.publicKeyId}`)
    if (app.privateKeyPath) lines.push(`           private key: ${app.privateKeyPath}`)
    if (app.configPath) lines.push(`           config: ${app.configPath}`)
  }
  const users = region.users
    .map((u) => `${u.nickName} @${u.userName} (${u.userId}, ${u.workspaceCount} workspaces)`)
    .join('; ')
  lines.push(`  users: ${users}`)
  lines.push(`  PAT: ${region.pat}`)
  lines.push(`  SAT: ${region.sat}`)
  for (const token of region.consoleTokens) {
    if (token.token === region.pat || token.token === region.sat) continue
    lines.push(`  ${token.kind.toUpperCase()} (${token.label}): ${token.token}`)
  }
  return lines.join('\n')
}

function humanText(description: SandboxDescription): string {
  const parts = REGION_NAMES.map((name) => regionText(description.regions[name]))
  return [
    'Coze auth sandbox is running. Nothing here talks to the real Coze.',
    '',
    ...parts.flatMap((part) => [part, '']),
    `Everything above is also in ${resolve(description.dataDir ?? '.', 'sandbox.json')}`,
    'Press Ctrl-C to stop.',
  ].join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'port-com': { type: 'string' },
      'port-cn': { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const dataDir = resolve(values['data-dir'] ?? resolve(import.meta.dirname, '../../.sandbox-data'))
  const sandbox = await startSandbox({
    ports: { com: port(values['port-com'], 41731), cn: port(values['port-cn'], 41732) },
    logRequests: values.log,
    dataDir,
  })
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  const description = await sandbox.describe()
  process.stdout.write(
    values.json ? `${JSON.stringify(description)}\n` : `${humanText(description)}\n`,
  )
}

main().catch((error: unknown) => {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
