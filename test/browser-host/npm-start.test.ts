/**
 * `npm start` as a person runs it, as a child process: with no Electron binary it falls back to the
 * browser host (whose printed address serves the window and whose bridge answers with its key),
 * `--desktop` refuses with the reason, a fetch that stalls is given up at the time limit, and an
 * Electron binary that is present is run.
 *
 * Electron's downloads are pointed at a local server (ELECTRON_MIRROR) that refuses or stalls, so
 * nothing leaves this machine. The window is the one `npm test` built (COZE_START_NO_BUILD: other
 * tests read out/ at the same time, so this one does not rebuild it).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import type { Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bridgeCallPath, bridgeSecretHeader } from '../../src/shared/bridge-protocol'
import type { StartedCommand } from '../support/child-process'
import { repositoryRoot as root, startCommand } from '../support/child-process'

const built = existsSync(join(root, 'out/renderer/index.html'))

interface Mirror {
  url: string
  requests: number
  server: Server
}

/** A stand-in for Electron's download server: it answers 404, or stalls every response. */
async function startMirror(behaviour: 'refuse' | 'stall'): Promise<Mirror> {
  const stalled: ServerResponse[] = []
  const mirror: Mirror = { url: '', requests: 0, server: createServer() }
  mirror.server.on('request', (_request, response) => {
    mirror.requests += 1
    if (behaviour === 'refuse') {
      response.writeHead(404).end('not here')
      return
    }
    response.writeHead(200, { 'content-length': '100000000' })
    response.write('PK')
    stalled.push(response)
  })
  mirror.server.on('close', () => stalled.forEach((response) => response.destroy()))
  await new Promise<void>((done) => mirror.server.listen(0, '127.0.0.1', done))
  mirror.url = `http://127.0.0.1:${(mirror.server.address() as AddressInfo).port}/`
  return mirror
}

const runs: StartedCommand[] = []

/** `npm start` (or the script itself) with no desktop, against the build `npm test` made. */
function start(command: string, args: string[], env: Record<string, string>): StartedCommand {
  const run = startCommand(command, args, {
    // No desktop here: the address is printed, no browser is opened.
    DISPLAY: '',
    WAYLAND_DISPLAY: '',
    COZE_START_NO_BUILD: '1',
    ...env,
  })
  runs.push(run)
  return run
}

async function expectWorkingBrowserHost(address: string): Promise<void> {
  const url = new URL(address)
  const page = await fetch(url.origin + '/')
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('<div id="app"')
  const secret = new URLSearchParams(url.hash.slice(1)).get('bridge') ?? ''
  const call = (key: string): Promise<Response> =>
    fetch(url.origin + bridgeCallPath, {
      method: 'POST',
      headers: {
        origin: url.origin,
        'content-type': 'application/json',
        [bridgeSecretHeader]: key,
      },
      body: JSON.stringify({ operation: 'getAppInfo' }),
    })
  const answer = (await (await call(secret)).json()) as { ok: boolean; value?: { host: string } }
  expect(answer).toMatchObject({ ok: true, value: { host: 'browser' } })
  expect((await call('not-the-key')).status).toBe(401)
}

const addressPattern = /http:\/\/127\.0\.0\.1:\d+\/#bridge=[\w-]+/

let refusingMirror: Mirror
let stallingMirror: Mirror
const scratch = mkdtempSync(join(tmpdir(), 'coze-npm-start-'))

beforeAll(async () => {
  refusingMirror = await startMirror('refuse')
  stallingMirror = await startMirror('stall')
})

afterEach(() => {
  for (const run of runs.splice(0)) run.kill()
})

afterAll(async () => {
  await new Promise((done) => refusingMirror.server.close(done))
  stallingMirror.server.closeAllConnections()
  await new Promise((done) => stallingMirror.server.close(done))
})

/** A private data folder and a private memory of failed fetches for each run. */
function isolated(name: string): Record<string, string> {
  const dir = join(scratch, name)
  mkdirSync(dir, { recursive: true })
  return {
    COZE_ELECTRON_FETCH_STATE: join(dir, 'fetch-state'),
    XDG_DATA_HOME: join(dir, 'data'),
  }
}

describe.skipIf(!built)('npm start', () => {
  it('falls back to the browser host when no Electron binary can be fetched, and stops on Ctrl+C', async () => {
    const started = start('npm', ['start', '--', '--data-dir', join(scratch, 'fallback-data')], {
      ...isolated('fallback'),
      ELECTRON_MIRROR: refusingMirror.url,
    })
    const [address] = await started.waitFor(addressPattern)
    expect(started.output()).toMatch(
      /No Electron binary could be had \(.*404.*\), so the same app now runs in your browser\./,
    )
    expect(refusingMirror.requests).toBeGreaterThan(0)
    await expectWorkingBrowserHost(address)
    started.pressCtrlC()
    await started.exited
    // npm ends itself with the signal it got; the app inside says it stopped cleanly.
    expect(started.output()).toMatch(/Stopped\.\s*$/)
  })

  it('--browser goes straight to the browser host without trying a fetch', async () => {
    const before = refusingMirror.requests
    const started = start(
      process.execPath,
      ['scripts/start.mjs', '--browser', '--data-dir', join(scratch, 'browser-data')],
      { ...isolated('browser'), ELECTRON_MIRROR: refusingMirror.url },
    )
    const [address] = await started.waitFor(addressPattern)
    await expectWorkingBrowserHost(address)
    expect(refusingMirror.requests).toBe(before)
    expect(started.output()).not.toContain('No Electron binary')
    started.child.kill('SIGTERM')
    expect(await started.exited).toBe(0)
    expect(started.output()).toMatch(/Stopped\.\s*$/)
  })

  it('--desktop refuses with the reason and a non-zero exit instead of falling back', async () => {
    const started = start(process.execPath, ['scripts/start.mjs', '--desktop'], {
      ...isolated('desktop'),
      ELECTRON_MIRROR: refusingMirror.url,
    })
    const code = await started.exited
    expect(code).not.toBe(0)
    expect(started.output()).toMatch(/Cannot start the desktop app: .*404/)
    expect(started.output()).not.toMatch(addressPattern)
  })

  it('gives up a stalled download at the time limit, then remembers the failure for the next start', async () => {
    const env = {
      ...isolated('stalled'),
      ELECTRON_MIRROR: stallingMirror.url,
      COZE_ELECTRON_FETCH_TIMEOUT_MS: '1500',
    }
    const first = start(process.execPath, ['scripts/start.mjs', '--desktop'], env)
    expect(await first.exited).not.toBe(0)
    expect(first.output()).toContain('Fetching Electron')
    expect(first.output()).toMatch(/Cannot start the desktop app: .*did not finish within 2 s/)
    expect(stallingMirror.requests).toBe(1)

    // Plain `npm start` now skips the fetch it knows is failing, and says how to retry.
    const second = start(
      process.execPath,
      ['scripts/start.mjs', '--data-dir', join(scratch, 'stalled-data')],
      env,
    )
    await second.waitFor(addressPattern)
    expect(second.output()).toMatch(/fetching it failed 1 min ago .*"npm start -- --desktop"/)
    expect(stallingMirror.requests).toBe(1)
    second.pressCtrlC()
    expect(await second.exited).toBe(0)
  })

  it('runs the Electron binary when one is present', async () => {
    const dist = join(scratch, 'electron-dist')
    mkdirSync(dist, { recursive: true })
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\necho "electron ran with $*"\nexit 7\n`)
    chmodSync(join(dist, 'electron'), 0o755)
    const started = start(process.execPath, ['scripts/start.mjs', '--desktop'], {
      ...isolated('present'),
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      ELECTRON_MIRROR: refusingMirror.url,
    })
    // The app's exit code is passed on.
    expect(await started.exited).toBe(7)
    expect(started.output()).toContain('electron ran with .')
  })
})
