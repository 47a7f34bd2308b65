/**
 * The app's socket for `coze-auth`, with real processes: a stale socket file is replaced, a
 * socket of the wrong owner or mode is refused by the command and left alone by the app, and a
 * caller of another user gets nothing.
 */
import { spawn } from 'node:child_process'
import { chmodSync, chownSync, lstatSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Sandbox } from '../sandbox'
import { startSandbox } from '../sandbox'
import { skipWithoutSecretService } from '../support/secret-service'
import { newStoreDir } from '../support/store-dirs'
import type { startHostChild } from './cli-harness'
import {
  buildCli,
  regionsOf,
  runCli,
  startHostChild as startHost,
  stopHostChild,
  writeDemoDescription,
} from './cli-harness'

// Each test runs the command several times, each a whole Node process: many seconds on a busy
// two-core machine, which is no fault of the command.
vi.setConfig({ testTimeout: 90_000 })

const nobody = 65534
const isRoot = process.getuid?.() === 0

let sandbox: Sandbox
beforeAll(async () => {
  buildCli()
  sandbox = await startSandbox()
}, 60_000)
afterAll(async () => {
  await sandbox?.stop()
})

type Host = Awaited<ReturnType<typeof startHostChild>>
const hosts: Host[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await stopHostChild(host.child)
})

function folder(label: string): { dataDir: string; env: Record<string, string | undefined> } {
  const root = newStoreDir(label)
  const dataDir = join(root, 'app')
  mkdirSync(dataDir, { mode: 0o700 })
  writeDemoDescription(join(root, 'demo'), regionsOf(sandbox), dataDir)
  return {
    dataDir,
    env: {
      COZE_AUTH_DEMO: '1',
      COZE_AUTH_DEMO_DIR: join(root, 'demo'),
      LANG: 'en_US.UTF-8',
      XDG_DATA_HOME: join(root, 'xdg-data'),
      XDG_CONFIG_HOME: join(root, 'xdg-config'),
    },
  }
}

/** A process that listens on `path` and is killed: its socket file stays, with nobody behind it. */
async function leaveStaleSocket(path: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `process.umask(0o177); require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('listening'))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((done) => child.stdout?.once('data', () => done()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGKILL')
  await exited
}

async function status(env: Record<string, string | undefined>) {
  const result = await runCli(['status', '--json'], env)
  return {
    ...result,
    json: result.code === 0 ? (JSON.parse(result.stdout) as { appRunning: boolean }) : undefined,
  }
}

describe('the command-line socket', () => {
  beforeEach((context) => skipWithoutSecretService(context))

  it('recognises a stale socket file: the command opens the stores, the app replaces it', async () => {
    const { dataDir, env } = folder('socket-stale')
    const socket = join(dataDir, 'coze-auth.sock')
    await leaveStaleSocket(socket)
    expect(lstatSync(socket).isSocket()).toBe(true)
    const alone = await status(env)
    expect(alone.code, alone.stderr).toBe(0)
    expect(alone.json?.appRunning).toBe(false)

    const host = await startHost(dataDir, regionsOf(sandbox))
    hosts.push(host)
    expect(host.socket).toBe(socket)
    expect(lstatSync(socket).mode & 0o777).toBe(0o600)
    const through = await status(env)
    expect(through.code, through.stderr).toBe(0)
    expect(through.json?.appRunning).toBe(true)
  })

  it('refuses a socket open to others, and one of another owner', async (context) => {
    if (!isRoot) context.skip('changing a file owner needs root')
    const { dataDir, env } = folder('socket-unsafe')
    const host = await startHost(dataDir, regionsOf(sandbox))
    hosts.push(host)
    const socket = join(dataDir, 'coze-auth.sock')

    chmodSync(socket, 0o666)
    const open = await status(env)
    expect(open.code).toBe(12)
    expect(open.stderr).toContain(`The app's socket ${socket} is not safe to use (open-to-others)`)
    expect(open.stdout).toBe('')

    chmodSync(socket, 0o600)
    chownSync(socket, nobody, nobody)
    const foreign = await status(env)
    expect(foreign.code).toBe(12)
    expect(foreign.stderr).toContain('(wrong-owner)')

    chownSync(socket, 0, 0)
    const fine = await status(env)
    expect(fine.code, fine.stderr).toBe(0)
    expect(fine.json?.appRunning).toBe(true)
  })

  it("leaves another user's socket file alone and does not serve over it", async (context) => {
    if (!isRoot) context.skip('changing a file owner needs root')
    const { dataDir, env } = folder('socket-foreign')
    const socket = join(dataDir, 'coze-auth.sock')
    await leaveStaleSocket(socket)
    chownSync(socket, nobody, nobody)
    const host = await startHost(dataDir, regionsOf(sandbox))
    hosts.push(host)
    expect(host.socket).toBeNull()
    expect(lstatSync(socket).uid).toBe(nobody)
    const refused = await status(env)
    expect(refused.code).toBe(12)
  })

  it('gives nothing to a caller of another user', async (context) => {
    if (!isRoot) context.skip('running as another user needs root')
    const { dataDir } = folder('socket-peer')
    const host = await startHost(dataDir, regionsOf(sandbox))
    hosts.push(host)
    const socket = join(dataDir, 'coze-auth.sock')
    const connectScript = `
      const s = require('node:net').connect(${JSON.stringify(socket)})
      s.on('connect', () => { s.write(JSON.stringify({ hello: { pid: process.pid } }) + '\\n') })
      s.on('data', (d) => { process.stdout.write('answered ' + d) ; process.exit(0) })
      s.on('error', (e) => { process.stdout.write('refused ' + e.code); process.exit(0) })
      s.on('close', () => { process.stdout.write('closed'); process.exit(0) })`

    // Another user's process: the operating system refuses it (mode 0600 in a 0700 folder).
    const asNobody = spawn(process.execPath, ['-e', connectScript], {
      uid: nobody,
      gid: nobody,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let nobodySaw = ''
    asNobody.stdout?.on('data', (chunk: Buffer) => (nobodySaw += chunk.toString()))
    await new Promise((done) => asNobody.once('exit', done))
    expect(nobodySaw).toMatch(/^refused E(ACCES|PERM)/)

    // A caller naming another user's process as itself: the app closes without a word.
    const sleeper = spawn('sleep', ['30'], { uid: nobody, gid: nobody, stdio: 'ignore' })
    try {
      const lying = spawn(
        process.execPath,
        ['-e', connectScript.replace('pid: process.pid', `pid: ${sleeper.pid}`)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let lyingSaw = ''
      lying.stdout?.on('data', (chunk: Buffer) => (lyingSaw += chunk.toString()))
      await new Promise((done) => lying.once('exit', done))
      expect(lyingSaw).toBe('closed')

      // The same call with its own process id is answered.
      const honest = spawn(process.execPath, ['-e', connectScript], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let honestSaw = ''
      honest.stdout?.on('data', (chunk: Buffer) => (honestSaw += chunk.toString()))
      await new Promise((done) => honest.once('exit', done))
      expect(honestSaw).toMatch(/^answered \{"welcome":\{"host":"browser"/)
    } finally {
      sleeper.kill('SIGKILL')
    }
  })
})
