/**
 * The system browser is opened on an address with a one-time launch code, not the bridge secret:
 * a browser's command line is readable by other local users for as long as it runs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserHost } from '../../src/browser-host/server'
import { startBrowserHost } from '../../src/browser-host/server'
import type { HostServices } from '../../src/main/core'
import { bridgeLaunchPath } from '../../src/shared/bridge-protocol'
import { openTestHostServices, testBrowserHostApp } from '../support/host-services'
import { rawRequest } from '../support/http'

let rendererDir: string
let host: BrowserHost
let companion: HostServices

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'renderer-launch-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>shell</title>')
  companion = await openTestHostServices({
    label: 'browser-host-launch-code',
    app: testBrowserHostApp,
  })
  host = await startBrowserHost({
    rendererDir,
    dispatch: companion.dispatch,
    events: companion.events,
  })
})

afterAll(async () => {
  await host.stop()
  await companion.dispose()
  await rm(rendererDir, { recursive: true, force: true })
})

function codeOf(launchUrl: string): string {
  return new URLSearchParams(new URL(launchUrl).hash.slice(1)).get('launch') ?? ''
}

function redeem(code: unknown, headers: Record<string, string> = {}) {
  return rawRequest({
    port: host.port,
    method: 'POST',
    path: bridgeLaunchPath,
    headers: {
      host: `127.0.0.1:${host.port}`,
      origin: host.origin,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify({ code }),
  })
}

describe('launch codes', () => {
  it('hand out an address without the secret in it', () => {
    const launchUrl = host.issueLaunchUrl()
    expect(launchUrl.startsWith(`${host.origin}/#launch=`)).toBe(true)
    expect(launchUrl).not.toContain(host.secret)
    expect(codeOf(launchUrl).length).toBeGreaterThanOrEqual(32)
    expect(codeOf(host.issueLaunchUrl())).not.toBe(codeOf(launchUrl))
  })

  it('trade a code for the secret once, then never again', async () => {
    const code = codeOf(host.issueLaunchUrl())
    const first = await redeem(code)
    expect(first.status).toBe(200)
    expect(JSON.parse(first.body)).toEqual({ ok: true, value: { secret: host.secret } })
    const second = await redeem(code)
    expect(second.status).toBe(401)
    expect(second.body).not.toContain(host.secret)
  })

  it('refuse a made-up code, another origin and another host name', async () => {
    expect((await redeem('made-up-code')).status).toBe(401)
    expect((await redeem(123)).status).toBe(401)
    const fromElsewhere = codeOf(host.issueLaunchUrl())
    const foreign = await redeem(fromElsewhere, { origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    expect(foreign.body).not.toContain(host.secret)
    // A refused attempt from another page did not use the code up: the real page still can.
    expect((await redeem(fromElsewhere)).status).toBe(200)
    const rebound = await redeem(codeOf(host.issueLaunchUrl()), { host: 'attacker.example' })
    expect(rebound.status).toBe(403)
  })
})
