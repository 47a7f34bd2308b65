/**
 * The keychain failures a user meets, produced for real in child processes with their own D-Bus
 * environment: no session bus at all, a bus with no keyring, and a locked keyring (a login
 * keyring created in one session, then a daemon started without unlocking it in another).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bundleChild, removeBundle } from '../../../support/bundle-child'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const probeSource = join(repoRoot, 'test/main/core/vault/fixtures/keychain-probe.ts')
/** The probe, bundled once and started with plain node (a TypeScript loader per start is slow). */
let fixture: string
const timeoutMs = 5_000

interface OpLine {
  op: string
  ok: boolean
  value?: unknown
  code?: string
  reason?: string
  message?: string
  ms: number
}

interface ChildRun {
  lines: OpLine[]
  stderr: string
  status: number | null
}

let scratch: string

beforeAll(async () => {
  fixture = await bundleChild(probeSource, 'keychain-probe')
})

afterAll(() => removeBundle(fixture))

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'coze-keychain-failures-'))
})

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true })
})

/**
 * An environment of its own: no display (so gnome-keyring's unlock prompt cannot open and is
 * dismissed, as on a headless machine), and every XDG folder in the scratch folder.
 */
function isolatedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of [
    'DBUS_SESSION_BUS_ADDRESS',
    'DISPLAY',
    'WAYLAND_DISPLAY',
    'GNOME_KEYRING_CONTROL',
    'SSH_AUTH_SOCK',
  ]) {
    delete env[name]
  }
  for (const name of ['XDG_DATA_HOME', 'XDG_RUNTIME_DIR', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME']) {
    const dir = join(scratch, name.toLowerCase())
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    env[name] = dir
  }
  env.NODE_BIN = process.execPath
  env.PROBE_FIXTURE = fixture
  return { ...env, ...extra }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => {
      const lines = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as OpLine)
      resolve({ lines, stderr, status })
    })
  })
}

function probeScript(
  mode: 'seed' | 'check',
  service: string,
  startDaemon: 'unlocked' | 'locked' | 'none',
): string {
  const daemon =
    startDaemon === 'unlocked'
      ? 'echo -n test-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; '
      : startDaemon === 'locked'
        ? 'gnome-keyring-daemon --components=secrets >/dev/null 2>&1; '
        : ''
  return `${daemon}exec "$NODE_BIN" "$PROBE_FIXTURE" ${mode} ${service} ${timeoutMs}`
}

function byOp(result: ChildRun, op: string): OpLine {
  const line = result.lines.find((candidate) => candidate.op === op)
  if (!line) throw new Error(`no result for ${op}; stderr: ${result.stderr}`)
  return line
}

// No stopwatch here: a call that ran into the vault's timeout would report KEYCHAIN_TIMEOUT, so
// each expected reason (unavailable, locked) also shows the answer came before the timeout.
describe('keychain failures in a real environment', () => {
  it('without any D-Bus session bus: a clear "no keychain" error with the fix, at once', async () => {
    const result = await run(
      process.execPath,
      [fixture, 'check', 'coze-no-bus', String(timeoutMs)],
      isolatedEnv({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(scratch, 'no-such-bus')}` }),
    )
    expect(result.status, result.stderr).toBe(0)
    const probe = byOp(result, 'probe')
    expect(probe.value).toMatchObject({ available: false, reason: 'KEYCHAIN_UNAVAILABLE' })
    expect((probe.value as { message: string }).message).toMatch(
      /install and start gnome-keyring or KWallet.*choose another storage for secrets in Settings/i,
    )
    for (const op of ['get', 'set', 'find', 'delete']) {
      const line = byOp(result, op)
      expect(line, op).toMatchObject({
        ok: false,
        reason: 'KEYCHAIN_UNAVAILABLE',
        code: 'KEYCHAIN_UNAVAILABLE',
      })
    }
  })

  it('with a session bus but no keyring in it: "no keychain" with the fix', async () => {
    // dbus auto-starts gnome-keyring, which has no login keyring: "no result found".
    const result = await run(
      'dbus-run-session',
      ['--', 'sh', '-c', probeScript('check', 'coze-no-keyring', 'none')],
      isolatedEnv({}),
    )
    expect(result.status, result.stderr).toBe(0)
    expect(byOp(result, 'probe').value).toMatchObject({
      available: false,
      reason: 'KEYCHAIN_UNAVAILABLE',
    })
    const set = byOp(result, 'set')
    expect(set).toMatchObject({ ok: false, reason: 'KEYCHAIN_UNAVAILABLE' })
    expect(set.message).toMatch(/no default keyring/)
  })

  it('with a locked keyring: a clear "unlock your keyring" error for every call, within the timeout', async () => {
    const service = 'coze-locked'
    // First session: create the login keyring (unlocked) and put one secret in it.
    const seed = await run(
      'dbus-run-session',
      ['--', 'sh', '-c', probeScript('seed', service, 'unlocked')],
      isolatedEnv({}),
    )
    expect(byOp(seed, 'set'), seed.stderr).toMatchObject({ ok: true })

    // Second session on the same keyring files: the daemon starts without the password.
    const result = await run(
      'dbus-run-session',
      ['--', 'sh', '-c', probeScript('check', service, 'locked')],
      isolatedEnv({}),
    )
    expect(result.status, result.stderr).toBe(0)
    const probe = byOp(result, 'probe')
    expect(probe.value).toMatchObject({ available: false, reason: 'KEYCHAIN_LOCKED' })
    expect((probe.value as { message: string }).message).toMatch(
      /locked.*Unlock your login keyring \(for example in Passwords and Keys \/ Seahorse/,
    )
    for (const op of ['get', 'set', 'find', 'delete']) {
      const line = byOp(result, op)
      expect(line, op).toMatchObject({
        ok: false,
        reason: 'KEYCHAIN_LOCKED',
        code: 'KEYCHAIN_LOCKED',
      })
    }
  })
})
