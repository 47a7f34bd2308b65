import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UpdateStatus } from '../../../../src/shared/ipc-contract'
import { silentLogger } from '../../../../src/main/core/logger'
import type { Updater } from '../../../../src/main/core/updates/update-service'
import {
  createUpdateService,
  parseUpdateFeed,
  updateDecision,
} from '../../../../src/main/core/updates/update-service'
import { nodeDebUpdater } from '../../../support/node-updater'

/** An update server on loopback: latest-linux.yml and one .deb, and every request it heard. */
interface UpdateServer {
  url: string
  requests: string[]
  publish(release: { version: string; sha512?: string; minimumSystemVersion?: string }): void
  package: Buffer
  close(): Promise<void>
}

async function startUpdateServer(): Promise<UpdateServer> {
  const packageBytes = randomBytes(64 * 1024)
  const rightSha512 = createHash('sha512').update(packageBytes).digest('base64')
  let latest = ''
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`)
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    if (path === '/updates/latest-linux.yml' && latest) {
      response.writeHead(200, { 'content-type': 'text/yaml' }).end(latest)
    } else if (path === '/updates/coze-auth-companion.deb') {
      response
        .writeHead(200, {
          'content-type': 'application/vnd.debian.binary-package',
          'content-length': packageBytes.length,
        })
        .end(packageBytes)
    } else {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/updates/`,
    requests,
    package: packageBytes,
    publish({ version, sha512 = rightSha512, minimumSystemVersion }) {
      // The file electron-builder writes next to the installers.
      latest = [
        `version: ${version}`,
        'files:',
        '  - url: coze-auth-companion.deb',
        `    sha512: ${sha512}`,
        `    size: ${packageBytes.length}`,
        'path: coze-auth-companion.deb',
        `sha512: ${sha512}`,
        "releaseDate: '2026-12-01T10:00:00.000Z'",
        ...(minimumSystemVersion ? [`minimumSystemVersion: ${minimumSystemVersion}`] : []),
        '',
      ].join('\n')
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

let server: UpdateServer
let dir: string

beforeEach(async () => {
  server = await startUpdateServer()
  dir = await mkdtemp(join(tmpdir(), 'coze-updates-'))
})
afterEach(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/**
 * The update service on electron-updater's real DebUpdater, as a packaged app of `version` with
 * the server's address baked in; its one Electron-only step, quitAndInstall, only recorded.
 */
async function serviceFor(version: string) {
  const { updater, resources } = await nodeDebUpdater({ dir, version, feedUrl: server.url })
  const installs: [boolean | undefined, boolean | undefined][] = []
  updater.quitAndInstall = (isSilent, isForceRunAfter) => {
    installs.push([isSilent, isForceRunAfter])
  }
  const statuses: UpdateStatus[] = []
  const feed = parseUpdateFeed(await readFile(join(resources, 'app-update.yml'), 'utf8'))
  const service = createUpdateService({
    decision: updateDecision({ packaged: true, feed }),
    createUpdater: () => updater,
    onStatus: (status) => statuses.push(status),
    logger: silentLogger,
  })
  return { service, updater, installs, statuses }
}

describe('the update decision against a server on loopback (electron-updater in Node)', () => {
  it('a newer version is downloaded, checked and waits: "ready", and nothing installs', async () => {
    server.publish({ version: '1.1.0' })
    const { service, installs, statuses, updater } = await serviceFor('1.0.0')
    await service.checkNow()
    expect(service.status()).toEqual({ state: 'ready', version: '1.1.0' })
    expect(statuses).toEqual([{ state: 'ready', version: '1.1.0' }])
    expect(server.requests).toContainEqual(
      expect.stringMatching(/^GET \/updates\/latest-linux\.yml/),
    )
    expect(server.requests).toContainEqual('GET /updates/coze-auth-companion.deb')
    // Downloaded, never installed by itself (not even on quit).
    expect(installs).toEqual([])
    expect(updater.autoInstallOnAppQuit).toBe(false)
    // A second check does not fetch the ready update again.
    const heard = server.requests.length
    await service.checkNow()
    expect(server.requests).toHaveLength(heard)
    service.dispose()
  })

  it("only the person's restart installs it, once it is ready", async () => {
    server.publish({ version: '2.0.0' })
    const { service, installs } = await serviceFor('1.0.0')
    expect(service.restartToUpdate()).toBe(false)
    expect(installs).toEqual([])
    await service.checkNow()
    expect(service.restartToUpdate()).toBe(true)
    // Not silent, and the app comes back after the installer.
    expect(installs).toEqual([[false, true]])
    service.dispose()
  })

  it.each([
    ['the same version', '1.0.0'],
    ['an older version (no downgrade)', '0.9.0'],
  ])('%s is no update: nothing downloaded', async (_name, published) => {
    server.publish({ version: published })
    const { service, statuses } = await serviceFor('1.0.0')
    await service.checkNow()
    expect(service.status()).toEqual({ state: 'idle' })
    expect(statuses).toEqual([])
    expect(server.requests.some((line) => line.includes('.deb'))).toBe(false)
    service.dispose()
  })

  it('a download whose SHA-512 does not match is thrown away, never "ready"', async () => {
    const otherBytes = createHash('sha512').update('something else').digest('base64')
    server.publish({ version: '1.1.0', sha512: otherBytes })
    const { service, statuses } = await serviceFor('1.0.0')
    await service.checkNow()
    expect(server.requests).toContainEqual('GET /updates/coze-auth-companion.deb')
    expect(service.status()).toEqual({ state: 'idle' })
    expect(statuses).toEqual([])
    service.dispose()
  })

  it('a release for a newer system than this one is not offered', async () => {
    server.publish({ version: '1.1.0', minimumSystemVersion: '999.0.0' })
    const { service } = await serviceFor('1.0.0')
    await service.checkNow()
    expect(service.status()).toEqual({ state: 'idle' })
    expect(server.requests.some((line) => line.includes('.deb'))).toBe(false)
    service.dispose()
  })

  it('a server that is down leaves it idle; the next check, once it answers, finds the update', async () => {
    const { service } = await serviceFor('1.0.0')
    // Nothing published yet: latest-linux.yml is a 404.
    await service.checkNow()
    expect(service.status()).toEqual({ state: 'idle' })
    server.publish({ version: '1.0.1' })
    await service.checkNow()
    expect(service.status()).toEqual({ state: 'ready', version: '1.0.1' })
    service.dispose()
  })
})

describe('no update server, or not packaged: never a check', () => {
  it('without an address the updater is never created and the server hears nothing', async () => {
    server.publish({ version: '9.0.0' })
    let created = 0
    const service = createUpdateService({
      decision: updateDecision({ packaged: true, feed: parseUpdateFeed(undefined) }),
      createUpdater: () => {
        created += 1
        throw new Error('must not be created')
      },
      logger: silentLogger,
    })
    service.start()
    await service.checkNow()
    expect(service.status()).toEqual({ state: 'off', reason: 'no-update-server' })
    expect(service.restartToUpdate()).toBe(false)
    expect(created).toBe(0)
    expect(server.requests).toEqual([])
    service.dispose()
  })

  it('a development run never checks, address or not', () => {
    const feed = parseUpdateFeed(`provider: generic\nurl: ${server.url}\n`)
    expect(updateDecision({ packaged: false, feed })).toEqual({
      check: false,
      reason: 'not-packaged',
    })
    expect(updateDecision({ packaged: true, feed })).toEqual({ check: true, feed })
  })
})

describe('parseUpdateFeed: what electron-builder writes into app-update.yml', () => {
  it('reads a generic provider and its address, quoted or not', () => {
    expect(
      parseUpdateFeed(
        "provider: generic\nurl: 'https://u.example.com/app'\nupdaterCacheDirName: x-updater\n",
      ),
    ).toEqual({ provider: 'generic', url: 'https://u.example.com/app' })
    expect(parseUpdateFeed('provider: generic\r\nurl: https://u.example.com/\r\n')).toEqual({
      provider: 'generic',
      url: 'https://u.example.com/',
    })
  })

  it.each([
    ['no file', undefined],
    ['an empty file', ''],
    ['another provider', 'provider: github\nowner: someone\n'],
    ['no address', 'provider: generic\n'],
    ['an empty address', 'provider: generic\nurl: \n'],
    ['not an address', 'provider: generic\nurl: nowhere\n'],
    ['a file: address', 'provider: generic\nurl: file:///etc/\n'],
  ])('%s: no feed', (_name, text) => {
    expect(parseUpdateFeed(text)).toBeUndefined()
  })
})

// The interface the service is written against is electron-updater's own AppUpdater.
export const updaterFits: Updater = {} as Awaited<ReturnType<typeof nodeDebUpdater>>['updater']
