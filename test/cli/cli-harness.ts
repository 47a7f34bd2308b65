/**
 * `coze-auth` as a person runs it: the built command (out/cli/coze-auth.js, plain JavaScript) in a
 * child process, against the sandbox through the demo setting, either on its own stores or with
 * the browser host running in another child process.
 */
import type { ChildProcess } from 'node:child_process'
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { DemoDescription } from '../../src/shared/command-line'
import type { Sandbox } from '../sandbox'
import { newStoreDir } from '../support/store-dirs'

export const repositoryRoot = resolve(import.meta.dirname, '../..')
const command = join(repositoryRoot, 'out/cli/coze-auth.js')

/** The tests run the command as built from the sources they see: build it first (esbuild, fast). */
export function buildCli(): void {
  execFileSync(process.execPath, [join(repositoryRoot, 'scripts/build-cli.mjs')], {
    cwd: repositoryRoot,
    stdio: 'inherit',
  })
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface StartedCli {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the first match in stderr; rejects if the command ends without one. */
  waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>
  done: Promise<CliResult>
}

export function startCli(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): StartedCli {
  const child = spawn(process.execPath, [command, ...args], {
    cwd: repositoryRoot,
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const listeners = new Set<() => void>()
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    for (const listener of listeners) listener()
  })
  if (stdin !== undefined) child.stdin?.end(stdin)
  else child.stdin?.end()
  const done = new Promise<CliResult>((resolveDone) => {
    child.once('close', (code, signal) => {
      for (const listener of listeners) listener()
      resolveDone({ code, signal, stdout: out, stderr: err })
    })
  })
  let ended = false
  void done.then(() => (ended = true))
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    done,
    waitForStderr(pattern) {
      return new Promise((found, fail) => {
        const check = (): void => {
          const match = err.match(pattern)
          if (match) {
            listeners.delete(check)
            found(match)
          } else if (ended) {
            listeners.delete(check)
            fail(new Error(`coze-auth ended without ${pattern}: ${err}`))
          }
        }
        listeners.add(check)
        check()
      })
    },
  }
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<CliResult> {
  return startCli(args, env, stdin).done
}

/** The test's environment, less what would point the command at the person's own accounts. */
function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env }
  for (const name of [
    'COZE_AUTH_ACCOUNT',
    'COZE_AUTH_DATA_DIR',
    'COZE_API_TOKEN',
    'COZE_API_BASE',
  ]) {
    delete merged[name]
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name]
    else merged[name] = value
  }
  return merged
}

export type SetupKind = 'own stores' | 'browser host'

export interface CliSetup {
  kind: SetupKind
  env: Record<string, string | undefined>
  dataDir: string
  demoDir: string
  /** The browser host's bridge, when it runs. */
  host?: { origin: string; secret: string; socket: string | null; child: ChildProcess }
  stop(): Promise<void>
}

export function regionsOf(sandbox: Sandbox): DemoDescription['regions'] {
  return {
    com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
    cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
  }
}

/** A demo folder describing `regions`, as `npm run demo` describes itself. */
export function writeDemoDescription(
  demoDir: string,
  regions: DemoDescription['regions'],
  appDataDir: string,
): void {
  mkdirSync(demoDir, { recursive: true, mode: 0o700 })
  const description: DemoDescription = { regions, appDataDir }
  writeFileSync(join(demoDir, 'demo.json'), JSON.stringify(description), { mode: 0o600 })
}

export async function prepareSetup(sandbox: Sandbox, kind: SetupKind): Promise<CliSetup> {
  const root = newStoreDir(`cli-${kind}`)
  const dataDir = join(root, 'app')
  const demoDir = join(root, 'demo')
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  writeDemoDescription(demoDir, regionsOf(sandbox), dataDir)
  const env = {
    COZE_AUTH_DEMO: '1',
    COZE_AUTH_DEMO_DIR: demoDir,
    LANG: 'en_US.UTF-8',
    LC_ALL: undefined,
    LC_MESSAGES: undefined,
    LANGUAGE: undefined,
    NO_COLOR: '1',
    XDG_DATA_HOME: join(root, 'xdg-data'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    DISPLAY: undefined,
    WAYLAND_DISPLAY: undefined,
  }
  if (kind === 'own stores') {
    return { kind, env, dataDir, demoDir, stop: async () => undefined }
  }
  const host = await startHostChild(dataDir, regionsOf(sandbox))
  return {
    kind,
    env,
    dataDir,
    demoDir,
    host,
    stop: () => stopHostChild(host.child),
  }
}

export async function startHostChild(
  dataDir: string,
  regions: DemoDescription['regions'],
): Promise<{ origin: string; secret: string; socket: string | null; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repositoryRoot, 'test/support/browser-host-child.ts')],
    {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        COZE_TEST_DATA_DIR: dataDir,
        COZE_TEST_REGIONS: JSON.stringify(regions),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  return new Promise((ready, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((text) => text.startsWith('{"ready"'))
      if (line) {
        const { ready: info } = JSON.parse(line) as {
          ready: { origin: string; secret: string; socket: string | null }
        }
        ready({ ...info, child })
      }
    })
    child.once('exit', (code) => fail(new Error(`the browser host ended (${code}): ${err}`)))
  })
}

export async function stopHostChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  await exited
}

/** A private key written where the store scan does not look (it is the sandbox's, not a user's). */
export function writeKeyFile(pem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'coze-cli-key-'))
  const path = join(dir, 'private_key.pem')
  writeFileSync(path, pem, { mode: 0o600 })
  return path
}

/** Calls the browser host's bridge as its page does (the app's own window, refreshing). */
export async function callBridge(
  host: { origin: string; secret: string },
  operation: string,
  request?: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const response = await fetch(`${host.origin}/__bridge/call`, {
    method: 'POST',
    headers: {
      origin: host.origin,
      'content-type': 'application/json',
      'x-bridge-secret': host.secret,
    },
    body: JSON.stringify({ operation, request }),
  })
  return (await response.json()) as {
    ok: boolean
    value?: unknown
    error?: { code: string; message: string }
  }
}
