/**
 * `npm run sandbox` for people: the CLI prints usable demo apps, `--json` prints one parseable
 * line and keeps serving, and Ctrl-C stops it cleanly.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bundleChild, removeBundle } from '../support/bundle-child'
import type { SandboxDescription } from './index'
import { bearer, getJson } from './test-support'

const repoRoot = resolve(import.meta.dirname, '../..')
const cliPath = join(repoRoot, 'test/sandbox/cli.ts')
let dataDir: string
/** The CLI, bundled once and started with plain node; the npm script test runs it as npm does. */
let cliBundle: string
const children: ChildProcessWithoutNullStreams[] = []

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'coze-sandbox-cli-'))
  cliBundle = await bundleChild(cliPath, 'sandbox-cli')
})

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.pid === undefined) continue
    // Detached children lead their own process group; kill the group so nothing is orphaned.
    try {
      process.kill(child.spawnargs[0] === 'npm' ? -child.pid : child.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
})

afterAll(async () => {
  removeBundle(cliBundle)
  await rm(dataDir, { recursive: true, force: true })
})

function track(child: ChildProcessWithoutNullStreams): ChildProcessWithoutNullStreams {
  children.push(child)
  return child
}

function runCli(args: string[]): ChildProcessWithoutNullStreams {
  const env = { ...process.env, FORCE_COLOR: '0' }
  return track(spawn(process.execPath, [cliBundle, ...args], { cwd: repoRoot, env }))
}

/** Collects stdout until the predicate holds on it. */
function readUntil(
  child: ChildProcessWithoutNullStreams,
  done: (text: string) => boolean,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = ''
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (done(text)) resolvePromise(text)
    })
    child.on('exit', (code) => reject(new Error(`CLI exited (${code}) early: ${errors}`)))
  })
}

function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) resolvePromise({ code: child.exitCode, signal: null })
    else child.on('exit', (code, signal) => resolvePromise({ code, signal }))
  })
}

const FREE_PORTS = ['--port-com', '0', '--port-cn', '0']

describe('npm run sandbox', () => {
  it('--json prints one line of JSON, keeps serving, and stops cleanly on SIGINT', async () => {
    const child = runCli(['--json', ...FREE_PORTS, '--data-dir', dataDir])
    const text = await readUntil(child, (t) => t.includes('\n'))
    const firstLine = text.split('\n')[0] ?? ''
    const description = JSON.parse(firstLine) as SandboxDescription
    expect(description.sandbox).toBe('coze-auth-sandbox')
    expect(description.dataDir).toBe(dataDir)
    const com = description.regions.com
    expect(com.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(com.apps.jwt.privateKeyPath).toBe(join(dataDir, 'com', 'jwt', 'private_key.pem'))
    expect(com.apps.pkce.redirectUris).toContain('http://127.0.0.1:48124/callback')

    const me = await getJson(`${com.apiBase}/v1/users/me`, bearer(com.pat))
    expect(me.json.code).toBe(0)
    const cnMe = await getJson(
      `${description.regions.cn.apiBase}/v1/users/me`,
      bearer(description.regions.cn.pat),
    )
    expect((cnMe.json.data as Record<string, unknown>).user_name).toBe('zhangsan')

    child.kill('SIGINT')
    expect(await exitOf(child)).toEqual({ code: 0, signal: null })
  })

  it('prints the demo apps for people and stops on SIGTERM', async () => {
    const child = runCli([...FREE_PORTS, '--data-dir', dataDir])
    const text = await readUntil(child, (t) => t.includes('Press Ctrl-C'))
    expect(text).toContain('coze.com -> http://127.0.0.1:')
    expect(text).toContain('coze.cn -> http://127.0.0.1:')
    expect(text).toContain('48213570192837465012345678901234.app.coze')
    expect(text).toContain('client secret: ')
    expect(text).toContain(`private key: ${join(dataDir, 'com', 'jwt', 'private_key.pem')}`)
    expect(text).toMatch(/PAT: pat_[A-Za-z0-9]{64}/)
    child.kill('SIGTERM')
    expect((await exitOf(child)).code).toBe(0)
  })

  it('is wired as the npm script (npm --silent keeps its banner out of stdout)', async () => {
    const args = [
      'run',
      '--silent',
      'sandbox',
      '--',
      '--json',
      ...FREE_PORTS,
      '--data-dir',
      dataDir,
    ]
    // Its own process group, so that a Ctrl-C can be imitated the way a terminal sends it: to
    // npm, its shell, tsx and the server all at once.
    const child = track(
      spawn('npm', args, {
        cwd: repoRoot,
        env: { ...process.env, FORCE_COLOR: '0' },
        detached: true,
      }),
    )
    const text = await readUntil(child, (t) => t.includes('\n'))
    const description = JSON.parse(text.split('\n')[0] ?? '') as SandboxDescription
    const { apiBase, pat } = description.regions.com
    expect((await getJson(`${apiBase}/v1/users/me`, bearer(pat))).status).toBe(200)
    process.kill(-(child.pid ?? 0), 'SIGINT')
    await exitOf(child)
    // The server behind npm is gone too.
    await expect(getJson(`${apiBase}/v1/users/me`)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('--help prints usage; a bad port is an error', async () => {
    const help = runCli(['--help'])
    const usage = await readUntil(help, (t) => t.includes('--port-cn'))
    expect(usage).toContain('--json')
    expect((await exitOf(help)).code).toBe(0)
    const bad = runCli(['--port-com', 'seventy'])
    expect((await exitOf(bad)).code).toBe(1)
  })
})
