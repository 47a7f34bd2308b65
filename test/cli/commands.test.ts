/**
 * Every `coze-auth` command end to end against the sandbox, as a child process, in the two ways
 * it runs: on its own stores (the keychain of the private D-Bus session), and with the browser
 * host running, the command going through its socket.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Sandbox } from '../sandbox'
import { completeConsent, httpRequest, startSandbox } from '../sandbox'
import { freePort } from '../support/net'
import { skipWithoutSecretService } from '../support/secret-service'
import { rememberSecret } from '../support/store-dirs'
import type { CliSetup, SetupKind } from './cli-harness'
import {
  buildCli,
  prepareSetup,
  runCli,
  startCli,
  writeDemoDescription,
  writeKeyFile,
} from './cli-harness'

// Each test runs the command several times, each a whole Node process: many seconds on a busy
// two-core machine, which is no fault of the command.
vi.setConfig({ testTimeout: 90_000 })

let sandbox: Sandbox
let keyFile: string
let kid: string
let jwtClientId: string

beforeAll(async () => {
  buildCli()
  sandbox = await startSandbox()
  const described = await sandbox.describe()
  const jwt = described.regions.com.apps.jwt
  keyFile = writeKeyFile(jwt.privateKeyPem ?? '')
  kid = jwt.publicKeyId ?? ''
  jwtClientId = jwt.clientId
  rememberSecret(sandbox.regions.com.pat)
}, 60_000)

afterAll(async () => {
  await sandbox?.stop()
})

interface Listed {
  id: string
  label: string
  region: string
  method: string
  status: string
  user?: string
  default: boolean
  accessTokenExpiresAt?: number
}

describe.each<SetupKind>(['own stores', 'browser host'])('coze-auth with %s', (kind) => {
  let setup: CliSetup
  const cli = (args: string[], stdin?: string, env: Record<string, string | undefined> = {}) =>
    runCli(args, { ...setup.env, ...env }, stdin)
  const list = async (): Promise<Listed[]> => {
    const result = await cli(['list', '--json'])
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as Listed[]
  }

  beforeAll(async () => {
    setup = await prepareSetup(sandbox, kind)
  }, 30_000)
  afterAll(async () => {
    await setup?.stop()
  })
  beforeEach((context) => skipWithoutSecretService(context))

  it('status says whether the app runs and where secrets are', async () => {
    const result = await cli(['status', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const status = JSON.parse(result.stdout) as {
      appRunning: boolean
      host: string
      secrets: { kind: string; encrypted: boolean }
      dataDir: string
    }
    expect(status.appRunning).toBe(kind === 'browser host')
    expect(status.host).toBe(kind === 'browser host' ? 'browser' : 'command-line')
    expect(status.secrets).toMatchObject({ kind: 'keychain', encrypted: true })
    expect(status.dataDir).toBe(setup.dataDir)
    // The demo says so on stderr, every time.
    expect(result.stderr).toMatch(/^Demo: talking to the local stand-in for Coze/m)
  })

  it('login --pat reads the token from stdin, and token prints it alone', async () => {
    const pat = sandbox.regions.com.pat
    const login = await cli(['login', '--pat', '--region', 'com', '--label', 'pat-one'], `${pat}\n`)
    expect(login.code, login.stderr).toBe(0)
    expect(login.stderr).toContain('Signed in: pat-one')
    expect(login.stdout).toBe('')
    const accounts = await list()
    expect(accounts.find((a) => a.label === 'pat-one')).toMatchObject({
      region: 'com',
      method: 'pat',
      status: 'active',
      user: expect.any(String),
    })
    const token = await cli(['token', 'pat-one'])
    expect(token.code, token.stderr).toBe(0)
    expect(token.stdout).toBe(`${pat}\n`)
    const header = await cli(['token', 'pat-one', '--format', 'header'])
    expect(header.stdout).toBe(`Authorization: Bearer ${pat}\n`)
    // The stand-in is not api.coze.com: the export line names the base too.
    const exported = await cli(['token', 'pat-one', '--format', 'export'])
    expect(exported.stdout).toBe(
      `export COZE_API_TOKEN=${pat} COZE_API_BASE=${sandbox.regions.com.apiBase}\n`,
    )
    const env = await cli(['token', 'pat-one', '--format', 'env'])
    expect(env.stdout).toBe(`COZE_API_TOKEN=${pat}\nCOZE_API_BASE=${sandbox.regions.com.apiBase}\n`)
    const curl = await cli(['token', 'pat-one', '--format', 'curl'])
    expect(curl.stdout).toContain(`'Authorization: Bearer ${pat}'`)
    const json = await cli(['token', 'pat-one', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({
      token: pat,
      apiBase: sandbox.regions.com.apiBase,
      account: { label: 'pat-one', region: 'com' },
    })
  })

  it('login --jwt mints a token; token --min-valid and refresh mint new ones', async () => {
    const login = await cli([
      'login',
      '--jwt',
      keyFile,
      '--kid',
      kid,
      '--client-id',
      jwtClientId,
      '--app',
      'Service',
      '--region',
      'com',
      '--json',
    ])
    expect(login.code, login.stderr).toBe(0)
    const account = JSON.parse(login.stdout) as Listed
    expect(account.method).toBe('jwt')
    const first = await cli(['token', account.id])
    expect(first.code, first.stderr).toBe(0)
    const token = first.stdout.trim()
    expect(sandbox.inspectToken(token)?.status).toBe('active')
    // Fresh enough: the same token again.
    expect((await cli(['token', account.id, '--min-valid', '1m'])).stdout.trim()).toBe(token)
    // Not fresh enough for an hour of the 15 minutes a JWT token lasts: refused, with its code.
    const tooLong = await cli(['token', account.id, '--min-valid', '1h'])
    expect(tooLong.code).toBe(3)
    expect(tooLong.stdout).toBe('')
    const refreshed = await cli(['refresh', account.id.slice(0, 8)])
    expect(refreshed.code, refreshed.stderr).toBe(0)
    expect(refreshed.stderr).toContain('Refreshed')
    const after = (await cli(['token', account.id])).stdout.trim()
    expect(after).not.toBe(token)
    expect(sandbox.inspectToken(after)?.status).toBe('active')
  })

  it('login --device prints the code, the address and a QR code, then waits', async () => {
    const started = startCli(
      [
        'login',
        '--device',
        '--client-id',
        sandbox.regions.com.apps.device.clientId,
        '--region',
        'com',
        '--json',
      ],
      setup.env,
    )
    const [, code] = await started.waitForStderr(/enter the code (\S+) /)
    expect(started.stderr()).toContain(sandbox.regions.com.deviceVerificationUri)
    // The QR code: block characters on several lines.
    await started.waitForStderr(/scan this with a phone:\n[█▀▄ ]+\n/)
    sandbox.approveDevice(code ?? '')
    const result = await started.done
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ method: 'device', status: 'active' })
  }, 30_000)

  it('login --browser goes through the loopback server and signs in', async () => {
    const app = sandbox.regions.com.apps.pkce
    const port = await freePort()
    const redirectUri = `http://127.0.0.1:${port}/callback`
    sandbox.registerRedirectUri('com', app.clientId, redirectUri)
    const started = startCli(
      [
        'login',
        '--browser',
        '--client-id',
        app.clientId,
        '--redirect-uri',
        redirectUri,
        '--app',
        'Browser app',
        '--json',
      ],
      setup.env,
    )
    const [url] = await started.waitForStderr(/http:\/\/\S+\/authorize\?\S+/)
    const consent = await completeConsent(url)
    expect(consent.redirectedTo.startsWith(redirectUri)).toBe(true)
    // The browser follows the redirect to the loopback server.
    const landed = await httpRequest(consent.redirectedTo)
    expect(landed.status).toBe(200)
    const result = await started.done
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ method: 'pkce', status: 'active' })
  })

  it('run passes the token in the environment only, and the exit code and signals through', async () => {
    const script = [
      "const fs = require('node:fs')",
      "const own = fs.readFileSync('/proc/self/cmdline', 'utf8')",
      "const parent = fs.readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8')",
      'const token = process.env.COZE_API_TOKEN',
      'if (!token || own.includes(token) || parent.includes(token)) process.exit(90)',
      "process.stdout.write(token + ' ' + process.env.COZE_API_BASE)",
      'process.exit(7)',
    ].join(';')
    const result = await cli(['run', '--account', 'pat-one', '--', process.execPath, '-e', script])
    expect(result.code, result.stderr).toBe(7)
    expect(result.stdout).toBe(`${sandbox.regions.com.pat} ${sandbox.regions.com.apiBase}`)
    const killed = await cli([
      'run',
      '--account',
      'pat-one',
      '--',
      process.execPath,
      '-e',
      "process.kill(process.pid, 'SIGTERM')",
    ])
    expect(killed.signal).toBe('SIGTERM')
    // A signal sent to coze-auth reaches the command it runs.
    const waiting = startCli(
      [
        'run',
        '--account',
        'pat-one',
        '--',
        process.execPath,
        '-e',
        "process.on('SIGINT', () => process.exit(42)); process.stderr.write('ready\\n'); setInterval(() => {}, 1000)",
      ],
      setup.env,
    )
    await waiting.waitForStderr(/ready/)
    waiting.child.kill('SIGINT')
    expect((await waiting.done).code).toBe(42)
  })

  it('use sets the default; COZE_AUTH_ACCOUNT and an argument come first', async () => {
    const accounts = await list()
    const pat = accounts.find((a) => a.label === 'pat-one')
    const jwt = accounts.find((a) => a.method === 'jwt')
    expect(pat && jwt).toBeTruthy()
    const used = await cli(['use', 'pat-one'])
    expect(used.code, used.stderr).toBe(0)
    expect((await list()).find((a) => a.default)?.id).toBe(pat?.id)
    expect((await cli(['token'])).stdout.trim()).toBe(sandbox.regions.com.pat)
    const viaEnv = await cli(['token'], undefined, { COZE_AUTH_ACCOUNT: jwt?.id })
    expect(viaEnv.stdout.trim()).not.toBe(sandbox.regions.com.pat)
    expect(sandbox.inspectToken(viaEnv.stdout.trim())?.status).toBe('active')
    // user@region names accounts too: the PAT's, the device's and the browser's user are the
    // region's first user, so all of them are candidates.
    const user = sandbox.regions.com.users[0]
    const byUser = await cli(['token', `${user?.userName ?? ''}@com`])
    expect(byUser.code).toBe(5)
    expect(byUser.stderr).toContain(pat?.id)
    const nobody = await cli(['token', 'nobody@cn'])
    expect(nobody.code).toBe(4)
  })

  it('refresh --all refreshes every account that can be', async () => {
    const result = await cli(['refresh', '--all', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const results = JSON.parse(result.stdout) as { accountId: string; ok: boolean }[]
    expect(results.length).toBeGreaterThanOrEqual(3)
    expect(results.every((r) => r.ok)).toBe(true)
    // The table, as a pipe gets it: no colour even without NO_COLOR.
    const table = await cli(['list'], undefined, { NO_COLOR: undefined })
    expect(table.stdout).toMatch(/^ +ID +NAME +REGION +METHOD +USER +STATUS +EXPIRES$/m)
    expect(table.stdout).toContain('active')
    expect(table.stdout).not.toContain('\u001b[')
  })

  it('remove removes the account', async () => {
    const before = await list()
    const target = before.find((a) => a.method === 'device')
    const removed = await cli(['remove', target?.id ?? 'none'])
    expect(removed.code, removed.stderr).toBe(0)
    const after = await list()
    expect(after.map((a) => a.id)).not.toContain(target?.id)
    expect(after.length).toBe(before.length - 1)
    expect(after.filter((a) => a.status === 'needs-sign-in')).toEqual([])
  })

  it('refuses bad input with its exit code and message', async () => {
    const unknown = await cli(['token', 'no-such-account'])
    expect(unknown.code).toBe(4)
    expect(unknown.stderr).toContain('No account matches "no-such-account"')
    expect(unknown.stdout).toBe('')

    // Two accounts of one name (a PAT and a SAT, both pasted; --pat takes either).
    for (const token of [sandbox.regions.cn.pat, sandbox.regions.cn.sat]) {
      const twin = await cli(['login', '--pat', '--region', 'cn', '--label', 'twin'], token)
      expect(twin.code, twin.stderr).toBe(0)
    }
    const ambiguous = await cli(['token', 'twin'])
    expect(ambiguous.code).toBe(5)
    expect(ambiguous.stderr).toContain('"twin" matches 2 accounts')
    const twins = (await list()).filter((a) => a.label === 'twin')
    for (const twin of twins) expect(ambiguous.stderr).toContain(twin.id)

    const missingKey = await cli([
      'login',
      '--jwt',
      '/nonexistent/key.pem',
      '--kid',
      kid,
      '--client-id',
      jwtClientId,
    ])
    expect(missingKey.code).toBe(11)
    expect(missingKey.stderr).toContain('There is no readable key file at /nonexistent/key.pem')

    const requestsBefore = sandbox.requests.length
    const onArgv = await cli(['login', '--pat', sandbox.regions.com.pat])
    expect(onArgv.code).toBe(2)
    expect(onArgv.stderr).toContain('A token is never taken from the command line')
    const inline = await cli(['login', `--pat=${sandbox.regions.com.pat}`])
    expect(inline.code).toBe(2)
    // Refused before anything was sent anywhere.
    expect(sandbox.requests.length).toBe(requestsBefore)

    const usage = await cli(['token', '--format', 'yaml'])
    expect(usage.code).toBe(2)
  })

  it('says when the sandbox cannot be reached, with its exit code', async () => {
    const jwt = (await list()).find((a) => a.method === 'jwt')
    let unreachableEnv: Record<string, string | undefined> = {}
    if (kind === 'own stores') {
      // The stand-in's address with nobody listening there.
      const port = await freePort()
      const dead = { apiBase: `http://127.0.0.1:${port}`, webBase: `http://127.0.0.1:${port}` }
      const deadDir = join(setup.demoDir, '..', 'demo-unreachable')
      writeDemoDescription(deadDir, { com: dead, cn: dead }, setup.dataDir)
      unreachableEnv = { COZE_AUTH_DEMO_DIR: deadDir }
    } else {
      // The app's stand-in drops every connection to its token endpoint.
      sandbox.faults.next('all', {
        kind: 'drop',
        path: '/api/permission/oauth2/token',
        count: Number.POSITIVE_INFINITY,
      })
    }
    try {
      const result = await cli(['refresh', jwt?.id ?? 'none'], undefined, unreachableEnv)
      expect(result.code).toBe(8)
      expect(result.stderr).toMatch(/Could not reach http:\/\/127\.0\.0\.1:\d+: /)
    } finally {
      sandbox.faults.clear()
    }
    // Nothing was lost: the account still works once the stand-in answers again.
    const again = await cli(['refresh', jwt?.id ?? 'none'])
    expect(again.code, again.stderr).toBe(0)
  })

  it('says when the keychain cannot be used, with its exit code, and loses nothing', async (context) => {
    // Through the socket the app's keychain answers; only a command on its own stores asks one.
    if (kind !== 'own stores') context.skip()
    const login = await cli(['login', '--pat', '--label', 'keychain-gone'], sandbox.regions.com.pat)
    expect(login.code, login.stderr).toBe(0)
    const before = await list()
    // A session bus nobody listens on: no Secret Service at all.
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(setup.dataDir, 'no-bus')}` }
    const token = await cli(['token', 'keychain-gone'], undefined, noKeychain)
    expect(token.code).toBe(6)
    expect(token.stdout).toBe('')
    expect(token.stderr).toContain('The keychain could not be used (KEYCHAIN_UNAVAILABLE)')
    expect(token.stderr).toContain('No keychain (Secret Service) is available')
    const listed = await cli(['list'], undefined, noKeychain)
    expect(listed.code).toBe(6)
    // With the keychain back, every account is as it was: none was marked as needing sign-in.
    expect(await list()).toEqual(before)
    const back = await cli(['token', 'keychain-gone'])
    expect(back.code, back.stderr).toBe(0)
    expect(back.stdout).toBe(`${sandbox.regions.com.pat}\n`)
  })
})
