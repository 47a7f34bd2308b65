/**
 * `coze-auth`: the app's accounts on the command line (see help.ts for each command). Only what a
 * script asked for goes to stdout (a token, JSON); every message goes to stderr, in the system's
 * language, and each kind of failure has its own exit code (exit-codes.ts).
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { CommandLineOperations } from '../shared/command-line'
import type { ErrorPayload, Result } from '../shared/errors'
import type { Locale } from '../shared/i18n'
import type {
  AccountDetails,
  AccountSummary,
  AppSettings,
  ProfileSummary,
  SignInProgressView,
  TokenFormat,
} from '../shared/ipc-contract'
import { formatToken } from '../main/core/clipboard/token-formats'
import { officialApiBases } from '../main/core/regions'
import type { Backend, DemoDescription } from './backend'
import {
  CliFailure,
  defaultDemoDir,
  keychainQuiet,
  openBackend,
  readDemoDescription,
} from './backend'
import type { ExitKind } from './exit-codes'
import { exitCodes, exitKindOf } from './exit-codes'
import type { CommandName } from './help'
import { commandNames, completionScript, helpText } from './help'
import type { MessageKey } from './messages'
import { message, systemLocale } from './messages'

/** Ends the command with an exit kind; its message has been said already. */
class Exit extends Error {
  constructor(readonly kind: ExitKind) {
    super(kind)
  }
}

interface Context {
  locale: Locale
  color: boolean
  json: boolean
  demo?: DemoDescription
  dataDir?: string
  command: CommandName
}

const locale = systemLocale()

function say(key: MessageKey, params?: Record<string, string | number>): void {
  process.stderr.write(`${message(locale, key, params)}\n`)
}

function fail(kind: ExitKind, key: MessageKey, params?: Record<string, string | number>): never {
  say(key, params)
  throw new Exit(kind)
}

function usage(ctx: { command: string }, text: string): never {
  say('usage', { message: text, command: ctx.command ? `${ctx.command} ` : '' })
  throw new Exit('usage')
}

/** A failed call: the message for its kind, the app's sentence as the detail. */
function failed(error: ErrorPayload, context: { label?: string; where?: string } = {}): never {
  const kind = exitKindOf(error)
  switch (kind) {
    case 'needsSignIn':
      return fail(kind, 'needsSignIn', { label: context.label ?? '?' })
    case 'keychain':
      return fail(kind, 'keychain', { code: error.code, message: error.message })
    case 'network':
      return fail(kind, 'network', { where: context.where ?? 'Coze', message: error.message })
    case 'refused':
      return fail(kind, 'refused', { message: error.message })
    case 'interrupted':
      return fail(kind, 'interrupted')
    default:
      return fail(kind, 'failed', { message: error.message })
  }
}

function valueOf<T>(result: Result<unknown>, context?: { label?: string; where?: string }): T {
  if (!result.ok) failed(result.error, context)
  return result.value as T
}

/** Where a region's calls go, for a message: the demo's stand-in, or Coze itself. */
function apiBaseOf(ctx: Context, region: string): string {
  if (region !== 'com' && region !== 'cn') return region
  return ctx.demo ? ctx.demo.regions[region].apiBase : officialApiBases[region]
}

function paint(ctx: Context, code: string, text: string): string {
  return ctx.color ? `\u001b[${code}m${text}\u001b[0m` : text
}

/** 90s, 5m, 1h, or plain seconds. */
function parseDuration(ctx: Context, text: string): number {
  const match = /^(\d+)\s*(s|m|h)?$/.exec(text.trim())
  if (!match) usage(ctx, message(locale, 'usageMinValid', { value: text }))
  const amount = Number(match[1])
  const seconds = amount * (match[2] === 'h' ? 3600 : match[2] === 'm' ? 60 : 1)
  if (seconds > 86_400) usage(ctx, message(locale, 'usageMinValidMax'))
  return seconds
}

// ---------------------------------------------------------------------------------------------
// Choosing an account
// ---------------------------------------------------------------------------------------------

async function chooseAccount(backend: Backend, query: string | undefined): Promise<AccountSummary> {
  const accounts = valueOf<AccountSummary[]>(await backend.call('listAccounts'))
  const named = query ?? process.env.COZE_AUTH_ACCOUNT
  if (named === undefined || named === '') {
    const settings = valueOf<AppSettings>(await backend.call('getSettings'))
    const id = settings.commandLineAccount
    if (id !== undefined) {
      const chosen = accounts.find((account) => account.id === id)
      if (chosen) return chosen
      fail('unknownAccount', 'defaultGone', { id })
    }
    if (accounts.length === 1 && accounts[0]) return accounts[0]
    if (accounts.length === 0) fail('unknownAccount', 'noAccounts')
    fail('usage', 'noAccountChosen')
  }
  const matches = await matchAccounts(backend, accounts, named)
  if (matches.length === 1 && matches[0]) return matches[0]
  if (matches.length === 0) fail('unknownAccount', 'unknownAccount', { query: named })
  say('ambiguousAccount', { query: named, count: matches.length })
  for (const account of matches) {
    process.stderr.write(
      `  ${account.id}  ${account.label} (${account.region}, ${account.method})\n`,
    )
  }
  throw new Exit('ambiguousAccount')
}

/** The first rule that matches anything: the id, the name, an id prefix, then user@region. */
async function matchAccounts(
  backend: Backend,
  accounts: AccountSummary[],
  query: string,
): Promise<AccountSummary[]> {
  const exactId = accounts.filter((account) => account.id === query)
  if (exactId.length > 0) return exactId
  const lower = query.toLowerCase()
  const byName = accounts.filter((account) => account.label.toLowerCase() === lower)
  if (byName.length > 0) return byName
  const byPrefix = accounts.filter((account) => account.id.startsWith(query))
  if (byPrefix.length > 0) return byPrefix
  const at = query.lastIndexOf('@')
  if (at > 0) {
    const user = query.slice(0, at).toLowerCase()
    const region = query.slice(at + 1).toLowerCase()
    const inRegion = accounts.filter((account) => account.region === region)
    const found: AccountSummary[] = []
    for (const account of inRegion) {
      const details = await backend.call('getAccount', { accountId: account.id })
      if (!details.ok) continue
      const who = (details.value as AccountDetails).user
      if (
        who &&
        [who.userName, who.nickName, who.userId].some((name) => name.toLowerCase() === user)
      ) {
        found.push(account)
      }
    }
    return found
  }
  return []
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

function formatTime(ms: number | undefined): string {
  if (ms === undefined || ms === 0) return '-'
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

async function listCommand(ctx: Context, backend: Backend, names: boolean): Promise<void> {
  const accounts = valueOf<AccountSummary[]>(await backend.call('listAccounts'))
  if (names) {
    for (const account of accounts) process.stdout.write(`${account.label}\n`)
    return
  }
  const settings = valueOf<AppSettings>(await backend.call('getSettings'))
  const rows: (AccountSummary & { user?: string; default: boolean })[] = []
  for (const account of accounts) {
    const details = await backend.call('getAccount', { accountId: account.id })
    const user = details.ok ? (details.value as AccountDetails).user : undefined
    rows.push({
      ...account,
      ...(user ? { user: user.userName || user.nickName || user.userId } : {}),
      default: settings.commandLineAccount === account.id,
    })
  }
  if (ctx.json) {
    process.stdout.write(`${JSON.stringify(rows.map(({ avatarUrl: _avatar, ...row }) => row))}\n`)
    return
  }
  if (rows.length === 0) {
    say('listEmpty')
    return
  }
  const statusColour = { active: '32', expired: '33', 'needs-sign-in': '31' } as const
  const table = rows.map((row) => [
    row.default ? '*' : ' ',
    row.id.slice(0, 8),
    row.label,
    row.region,
    row.method,
    row.user ?? '-',
    row.status,
    formatTime(row.accessTokenExpiresAt),
  ])
  const header = [' ', 'ID', 'NAME', 'REGION', 'METHOD', 'USER', 'STATUS', 'EXPIRES']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: string[], status?: AccountSummary['status']): string =>
    cells
      .map((cell, column) => {
        const padded = cell.padEnd(widths[column] ?? 0)
        return column === 6 && status ? paint(ctx, statusColour[status], padded) : padded
      })
      .join('  ')
      .trimEnd()
  process.stdout.write(`${line(header)}\n`)
  table.forEach((row, index) => process.stdout.write(`${line(row, rows[index]?.status)}\n`))
}

type TokenAnswer = CommandLineOperations['commandLineToken']['response']

async function getToken(
  ctx: Context,
  backend: Backend,
  query: string | undefined,
  minValidSeconds: number,
): Promise<TokenAnswer> {
  const account = await chooseAccount(backend, query)
  if (account.status === 'needs-sign-in')
    fail('needsSignIn', 'needsSignIn', { label: account.label })
  if (backend.mode === 'app') {
    // The app may ask the person first; say why nothing happens yet.
    const settings = valueOf<AppSettings>(await backend.call('getSettings'))
    if (settings.askBeforeCommandLineToken) say('approvalWaiting')
  }
  const result = await backend.call('commandLineToken', { accountId: account.id, minValidSeconds })
  return valueOf<TokenAnswer>(result, {
    label: account.label,
    where: apiBaseOf(ctx, account.region),
  })
}

/** The --format asked for, checked before anything is opened. */
function tokenFormatOf(ctx: Context, format: string): TokenFormat {
  const formats: Record<string, TokenFormat> = {
    raw: 'raw',
    export: 'export',
    header: 'header',
    curl: 'curl',
    env: 'dotenv',
    dotenv: 'dotenv',
  }
  const chosen = formats[format]
  if (!chosen) usage(ctx, message(locale, 'usageFormat', { value: format }))
  return chosen
}

async function tokenCommand(
  ctx: Context,
  backend: Backend,
  query: string | undefined,
  chosen: TokenFormat,
  minValid: number,
): Promise<void> {
  const answer = await getToken(ctx, backend, query, minValid)
  await backend.close()
  if (ctx.json) {
    process.stdout.write(
      `${JSON.stringify({
        token: answer.token,
        expiresAt: answer.expiresAt ?? null,
        apiBase: answer.apiBase,
        account: {
          id: answer.account.id,
          label: answer.account.label,
          region: answer.account.region,
        },
      })}\n`,
    )
    return
  }
  process.stdout.write(`${formatToken(answer.token, chosen, answer.apiBase)}\n`)
}

async function runCommand(
  ctx: Context,
  backend: Backend,
  query: string | undefined,
  minValid: number,
  command: string[],
): Promise<number> {
  const [program, ...args] = command
  if (!program) fail('usage', 'runNoCommand')
  const answer = await getToken(ctx, backend, query, minValid)
  // Nothing held while CMD runs: no lock on the data folder, no connection to the app.
  await backend.close()
  const env: NodeJS.ProcessEnv = { ...process.env, COZE_API_TOKEN: answer.token }
  if (answer.isDefaultApiBase) delete env.COZE_API_BASE
  else env.COZE_API_BASE = answer.apiBase
  const child = spawn(program, args, { stdio: 'inherit', env })
  const forwarded: NodeJS.Signals[] = [
    'SIGINT',
    'SIGTERM',
    'SIGHUP',
    'SIGQUIT',
    'SIGUSR1',
    'SIGUSR2',
  ]
  const handlers = forwarded.map((signal) => {
    const handler = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    }
    process.on(signal, handler)
    return [signal, handler] as const
  })
  return new Promise<number>((done) => {
    child.once('error', (error) => {
      say('runNotFound', { command: program, message: error.message })
      done(127)
    })
    child.once('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler)
      if (signal) {
        // The same death as the child's, so a caller sees what the command saw.
        process.kill(process.pid, signal)
        // Signals Node cannot die of by default: the shell convention.
        setTimeout(() => done(128 + signalNumber(signal)), 100)
        return
      }
      done(code ?? 1)
    })
  })
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGUSR1: 10,
    SIGUSR2: 12,
    SIGTERM: 15,
  }
  return numbers[signal] ?? 1
}

async function refreshCommand(
  ctx: Context,
  backend: Backend,
  query: string | undefined,
  all: boolean,
): Promise<void> {
  if (all) {
    const results = valueOf<{ accountId: string; ok: boolean; code?: ErrorPayload['code'] }[]>(
      await backend.call('refreshAllAccounts'),
    )
    const accounts = valueOf<AccountSummary[]>(await backend.call('listAccounts'))
    const labelOf = (id: string): string => accounts.find((a) => a.id === id)?.label ?? id
    if (ctx.json) process.stdout.write(`${JSON.stringify(results)}\n`)
    if (results.length === 0) say('refreshNothing')
    let worst: ExitKind | undefined
    for (const result of results) {
      if (result.ok) {
        const account = accounts.find((a) => a.id === result.accountId)
        say('refreshed', {
          label: labelOf(result.accountId),
          until: formatTime(account?.accessTokenExpiresAt),
        })
      } else {
        const error = {
          code: result.code ?? 'INTERNAL',
          message: result.code ?? '',
        } as ErrorPayload
        say('refreshFailed', { label: labelOf(result.accountId), message: error.code })
        worst ??= exitKindOf(error)
      }
    }
    if (worst) throw new Exit(worst)
    return
  }
  const account = await chooseAccount(backend, query)
  const refreshed = valueOf<AccountSummary>(
    await backend.call('refreshAccount', { accountId: account.id }),
    { label: account.label, where: apiBaseOf(ctx, account.region) },
  )
  if (ctx.json) process.stdout.write(`${JSON.stringify(refreshed)}\n`)
  say('refreshed', { label: refreshed.label, until: formatTime(refreshed.accessTokenExpiresAt) })
}

async function removeCommand(
  ctx: Context,
  backend: Backend,
  query: string | undefined,
): Promise<void> {
  if (!query) usage(ctx, message(locale, 'usageNameAccount'))
  const account = await chooseAccount(backend, query)
  valueOf(await backend.call('removeAccount', { accountId: account.id }))
  if (ctx.json) process.stdout.write(`${JSON.stringify({ removed: account.id })}\n`)
  say('removed', { label: account.label })
}

async function useCommand(
  ctx: Context,
  backend: Backend,
  query: string | undefined,
): Promise<void> {
  if (!query) usage(ctx, message(locale, 'usageNameAccount'))
  const account = await chooseAccount(backend, query)
  valueOf(await backend.call('updateSettings', { commandLineAccount: account.id }))
  say('useDone', { label: account.label })
}

async function statusCommand(ctx: Context, backend: Backend): Promise<void> {
  const status = valueOf<CommandLineOperations['commandLineStatus']['response']>(
    await backend.call('commandLineStatus'),
  )
  const accounts = valueOf<AccountSummary[]>(await backend.call('listAccounts'))
  const defaultAccount = accounts.find((account) => account.id === status.defaultAccountId)
  if (ctx.json) {
    process.stdout.write(
      `${JSON.stringify({
        appRunning: backend.mode === 'app',
        host: status.host,
        pid: status.pid,
        dataDir: backend.dataDir,
        socket: backend.socketPath,
        demo: status.demo,
        secrets: status.storage.secrets,
        accounts: accounts.length,
        accountsNeedingSignIn: accounts.filter((a) => a.status === 'needs-sign-in').length,
        defaultAccountId: status.defaultAccountId ?? null,
        askBeforeToken: status.askBeforeToken,
      })}\n`,
    )
    return
  }
  const line = (text: string): void => {
    process.stdout.write(`${text}\n`)
  }
  line(
    backend.mode === 'app'
      ? message(locale, 'appRunning', {
          host: status.host,
          pid: status.pid,
          path: backend.socketPath,
        })
      : message(locale, 'appNotRunning', { dir: backend.dataDir }),
  )
  line(
    message(locale, 'statusStorage', {
      kind: status.storage.secrets.kind,
      encrypted: status.storage.secrets.encrypted ? message(locale, 'encrypted') : '',
      count: accounts.length,
      default: defaultAccount?.label ?? message(locale, 'none'),
    }),
  )
  if (status.storage.secrets.warning) line(paint(ctx, '33', status.storage.secrets.warning))
  line(
    message(locale, 'statusAsk', { value: message(locale, status.askBeforeToken ? 'on' : 'off') }),
  )
}

// ---------------------------------------------------------------------------------------------
// login
// ---------------------------------------------------------------------------------------------

interface LoginOptions {
  method: 'browser' | 'device' | 'jwt' | 'pat'
  keyFile?: string
  kid?: string
  region?: 'com' | 'cn'
  app?: string
  clientId?: string
  redirectUri?: string
  label?: string
}

async function readSecretFromStdin(): Promise<string> {
  const input = process.stdin
  if (input.isTTY) {
    say('patFromTerminal')
    input.setRawMode(true)
    input.setEncoding('utf8')
    return new Promise((done) => {
      let typed = ''
      const onData = (chunk: string): void => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            input.setRawMode(false)
            input.off('data', onData)
            input.pause()
            process.stderr.write('\n')
            done(typed)
            return
          }
          if (char === '\u0003') {
            input.setRawMode(false)
            process.exit(exitCodes.interrupted)
          }
          if (char === '\u007f') typed = typed.slice(0, -1)
          else typed += char
        }
      }
      input.on('data', onData)
    })
  }
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function describeMethod(method: LoginOptions['method']): string {
  return { browser: 'browser (PKCE/web)', device: 'device', jwt: 'JWT', pat: 'PAT' }[method]
}

async function findOrAddProfile(
  ctx: Context,
  backend: Backend,
  options: LoginOptions,
  region: 'com' | 'cn',
): Promise<string> {
  const profiles = valueOf<ProfileSummary[]>(await backend.call('listProfiles'))
  const types: string[] = options.method === 'browser' ? ['pkce', 'web'] : [options.method]
  const fitting = profiles.filter(
    (profile) =>
      types.includes(profile.clientType) &&
      profile.region === region &&
      (options.app === undefined || profile.name.toLowerCase() === options.app.toLowerCase()) &&
      (options.clientId === undefined || profile.clientId === options.clientId),
  )
  if (options.method === 'jwt') {
    // A new key (or key id) for the app: the profile is updated, or added.
    const file = valueOf<{ fileId: string }>(
      await backend.call('chooseFile', { purpose: 'private-key', path: options.keyFile }),
    )
    const same = fitting.find((profile) => profile.publicKeyId === options.kid)
    const base = same ?? fitting[0]
    const clientId = options.clientId ?? base?.clientId
    if (!clientId) {
      fail('usage', 'loginNoApp', {
        method: describeMethod(options.method),
        app: options.app ?? '*',
        region,
        extra: '',
      })
    }
    const input = {
      name: same?.name ?? options.app ?? `Service app ${clientId}`,
      region,
      clientType: 'jwt' as const,
      clientId,
      publicKeyId: options.kid,
      privateKeyFileId: file.fileId,
      ...(same?.jwtDurationSeconds ? { jwtDurationSeconds: same.jwtDurationSeconds } : {}),
    }
    const saved = same
      ? valueOf<ProfileSummary>(
          await backend.call('updateProfile', { profileId: same.id, profile: input }),
        )
      : valueOf<ProfileSummary>(await backend.call('addProfile', input))
    return saved.id
  }
  if (fitting.length === 1 && fitting[0]) return fitting[0].id
  if (fitting.length > 1) {
    say('loginAppAmbiguous')
    for (const profile of fitting)
      process.stderr.write(`  ${profile.name} (${profile.clientType})\n`)
    throw new Exit('ambiguousAccount')
  }
  if (!options.clientId) {
    fail('usage', 'loginNoApp', {
      method: describeMethod(options.method),
      app: options.app ?? '*',
      region,
      extra: options.method === 'browser' ? ' --redirect-uri URI' : '',
    })
  }
  if (options.method === 'browser' && !options.redirectUri) {
    usage(ctx, message(locale, 'usageRedirectUri'))
  }
  const added = valueOf<ProfileSummary>(
    await backend.call('addProfile', {
      name: options.app ?? `coze-auth ${options.method} ${options.clientId}`,
      region,
      clientType: options.method === 'browser' ? 'pkce' : 'device',
      clientId: options.clientId,
      ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}),
    }),
  )
  return added.id
}

async function loginCommand(ctx: Context, backend: Backend, options: LoginOptions): Promise<void> {
  const settings = valueOf<AppSettings>(await backend.call('getSettings'))
  const region = options.region ?? settings.defaultRegion
  if (options.method === 'pat') {
    const token = (await readSecretFromStdin()).trim()
    if (token === '') fail('badInput', 'patEmpty')
    const result = await backend.call('addPastedToken', {
      region,
      token,
      ...(options.label ? { label: options.label } : {}),
    })
    if (!result.ok && result.error.code === 'INVALID_TOKEN') {
      fail('badInput', 'badInput', { message: result.error.message })
    }
    const account = valueOf<AccountSummary>(result, { where: apiBaseOf(ctx, region) })
    reportLogin(ctx, account)
    return
  }
  const profileId = await findOrAddProfile(ctx, backend, options, region)
  const signInId = `cli-${randomUUID()}`
  const stopListening = backend.onEvent((event, payload) => {
    if (event !== 'signInProgress') return
    const { signInId: id, progress } = payload as { signInId: string; progress: SignInProgressView }
    if (id === signInId) showProgress(progress)
  })
  const cancel = (): void => {
    void backend.call('cancelSignIn', { signInId })
  }
  process.once('SIGINT', cancel)
  process.once('SIGTERM', cancel)
  say('loginWaiting')
  const result = await backend.call('signIn', { signInId, profileId, region })
  stopListening()
  process.off('SIGINT', cancel)
  process.off('SIGTERM', cancel)
  const account = valueOf<AccountSummary>(result, { where: apiBaseOf(ctx, region) })
  reportLogin(ctx, account)
}

function showProgress(progress: SignInProgressView): void {
  if (progress.stage === 'waiting-for-browser') {
    say('loginOpenBrowser')
    process.stderr.write(`\n  ${progress.authorizeUrl}\n\n`)
  } else if (progress.stage === 'code-ready') {
    const minutes = Math.max(1, Math.round((progress.expiresAt - Date.now()) / 60_000))
    say('loginDevice', { uri: progress.verificationUri, code: progress.userCode, minutes })
    // Loaded here: no other command draws a QR code.
    void import('uqr').then(({ renderUnicodeCompact }) => {
      say('loginDeviceQr')
      process.stderr.write(
        `${renderUnicodeCompact(progress.verificationUrlWithCode, { border: 1 })}\n`,
      )
    })
  }
}

function reportLogin(ctx: Context, account: AccountSummary): void {
  if (ctx.json) process.stdout.write(`${JSON.stringify(account)}\n`)
  say('loginDone', { label: account.label, region: account.region, method: account.method })
}

// ---------------------------------------------------------------------------------------------
// The command line itself
// ---------------------------------------------------------------------------------------------

const commonOptions = {
  demo: { type: 'boolean' },
  'data-dir': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  command: string,
  args: string[],
  options: T,
) {
  try {
    return parseArgs({
      args,
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    usage({ command }, message(locale, 'usageParse', { detail: (error as Error).message }))
  }
}

function envFlag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

async function main(argv: string[]): Promise<number> {
  const first = argv[0]
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? argv[1] : undefined
    process.stdout.write(
      `${helpText(topic && (commandNames as readonly string[]).includes(topic) ? (topic as CommandName) : undefined)}\n`,
    )
    return exitCodes.ok
  }
  if (first === '--version') {
    process.stdout.write('coze-auth 0.1.0\n')
    return exitCodes.ok
  }
  if (!(commandNames as readonly string[]).includes(first)) {
    usage({ command: '' }, message(locale, 'notACommand', { command: first }))
  }
  const command = first as CommandName
  let rest = argv.slice(1)
  // run: everything after -- is the command, untouched.
  let trailing: string[] = []
  const dashes = rest.indexOf('--')
  if (dashes >= 0) {
    trailing = rest.slice(dashes + 1)
    rest = rest.slice(0, dashes)
  }
  if (command === 'completion') {
    const script = completionScript(rest[0] ?? '')
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${helpText('completion')}\n`)
      return exitCodes.ok
    }
    if (!script) usage({ command }, message(locale, 'usageShell'))
    process.stdout.write(script)
    return exitCodes.ok
  }
  if (command === 'login') {
    // Before parsing: a token typed after --pat must be refused, not taken as an argument.
    const patValue = rest.find((arg) => arg.startsWith('--pat='))
    const patIndex = rest.indexOf('--pat')
    if (
      patValue !== undefined ||
      (patIndex >= 0 && rest[patIndex + 1] !== undefined && !rest[patIndex + 1]!.startsWith('-'))
    ) {
      fail('usage', 'patOnArgv')
    }
  }
  const parsed = parse(command, rest, {
    format: { type: 'string' },
    'min-valid': { type: 'string' },
    account: { type: 'string' },
    all: { type: 'boolean' },
    names: { type: 'boolean' },
    browser: { type: 'boolean' },
    device: { type: 'boolean' },
    jwt: { type: 'string' },
    kid: { type: 'string' },
    pat: { type: 'boolean' },
    region: { type: 'string' },
    app: { type: 'string' },
    'client-id': { type: 'string' },
    'redirect-uri': { type: 'string' },
    label: { type: 'string' },
  } as const)
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${helpText(command)}\n`)
    return exitCodes.ok
  }
  const demoWanted = values.demo === true || envFlag(process.env.COZE_AUTH_DEMO)
  const ctx: Context = {
    locale,
    color:
      process.stdout.isTTY === true && !values['no-color'] && (process.env.NO_COLOR ?? '') === '',
    json: values.json === true,
    command,
    ...(values['data-dir'] || process.env.COZE_AUTH_DATA_DIR
      ? { dataDir: resolve(values['data-dir'] ?? process.env.COZE_AUTH_DATA_DIR ?? '') }
      : {}),
  }
  if (demoWanted) {
    const dir = defaultDemoDir()
    ctx.demo = readDemoDescription(dir)
    say('demoNotice', { where: `${ctx.demo.regions.com.apiBase}, ${ctx.demo.regions.cn.apiBase}` })
  }
  if (command === 'run' && trailing.length === 0) fail('usage', 'runNoCommand')
  if (command !== 'run' && trailing.length > 0) positionals.push(...trailing)

  let login: LoginOptions | undefined
  if (command === 'login') {
    const methods = (['browser', 'device', 'pat'] as const).filter((name) => values[name] === true)
    const chosen = [...methods, ...(values.jwt !== undefined ? (['jwt'] as const) : [])]
    if (positionals.length > 0 && values.pat) fail('usage', 'patOnArgv')
    if (chosen.length !== 1) fail('usage', 'loginOneMethod')
    const method = chosen[0]!
    const region = values.region
    if (region !== undefined && region !== 'com' && region !== 'cn') {
      usage(ctx, message(locale, 'usageRegion', { value: region }))
    }
    if (method === 'jwt') {
      if (!values.kid) usage(ctx, message(locale, 'usageKid'))
      const keyFile = resolve(values.jwt ?? '')
      if (!existsSync(keyFile) || !statSync(keyFile).isFile()) {
        fail('badInput', 'missingKeyFile', { path: keyFile })
      }
      login = { method, keyFile, kid: values.kid }
    } else {
      login = { method }
    }
    if (region) login.region = region
    if (values.app) login.app = values.app
    if (values['client-id']) login.clientId = values['client-id']
    if (values['redirect-uri']) login.redirectUri = values['redirect-uri']
    if (values.label) login.label = values.label
  }
  const minValid = parseDuration(ctx, values['min-valid'] ?? '5m')
  const format = tokenFormatOf(ctx, values.format ?? 'raw')
  if ((command === 'remove' || command === 'use') && !positionals[0]) {
    usage(ctx, message(locale, 'usageNameAccount'))
  }

  const backend = await openBackend({
    ...(ctx.dataDir ? { dataDir: ctx.dataDir } : {}),
    ...(ctx.demo ? { demo: ctx.demo } : {}),
    events: command === 'login',
  })
  try {
    switch (command) {
      case 'list':
        await listCommand(ctx, backend, values.names === true)
        return exitCodes.ok
      case 'token':
        await tokenCommand(ctx, backend, positionals[0], format, minValid)
        return exitCodes.ok
      case 'run':
        return await runCommand(ctx, backend, values.account ?? positionals[0], minValid, trailing)
      case 'refresh':
        await refreshCommand(ctx, backend, positionals[0], values.all === true)
        return exitCodes.ok
      case 'remove':
        await removeCommand(ctx, backend, positionals[0])
        return exitCodes.ok
      case 'use':
        await useCommand(ctx, backend, positionals[0])
        return exitCodes.ok
      case 'status':
        await statusCommand(ctx, backend)
        return exitCodes.ok
      case 'login':
        await loginCommand(ctx, backend, login!)
        return exitCodes.ok
      default:
        return exitCodes.usage
    }
  } finally {
    await backend.close()
  }
}

function failureOf(failure: CliFailure): number {
  const params = failure.params
  switch (failure.kind) {
    case 'demoMissing':
      say('demoMissing', params)
      return exitCodes.usage
    case 'desktopOnlySecrets':
      say('desktopOnlySecrets', params)
      return exitCodes.desktopOnlySecrets
    case 'keychain':
      say('keychain', params)
      return exitCodes.keychain
    case 'busy':
      say('busy', params)
      return exitCodes.busy
    case 'unsafeSocket':
      say('unsafeSocket', params)
      return exitCodes.unsafeSocket
  }
}

/** The longest a command waits at its end for keychain calls still in flight (`keychainQuiet`). */
const keychainQuietBoundMs = 3_000

/**
 * Exits once stdout is written out and no keychain call is in flight: a keep-alive socket or the
 * keychain's connection must not hold the process open, but cutting a keychain request off can
 * bring the keychain down.
 */
function exitWith(code: number): void {
  void keychainQuiet(keychainQuietBoundMs)
    .catch(() => undefined)
    .then(() => process.stdout.write('', () => process.exit(code)))
}

main(process.argv.slice(2))
  .then((code) => exitWith(code))
  .catch((error: unknown) => {
    if (error instanceof Exit) {
      exitWith(exitCodes[error.kind])
      return
    }
    if (error instanceof CliFailure) {
      exitWith(failureOf(error))
      return
    }
    say('failed', { message: error instanceof Error ? error.message : String(error) })
    exitWith(exitCodes.failed)
  })
