import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokensKey } from '../../../../src/main/core/accounts/account-service'
import type { AccountTokens } from '../../../../src/main/core/accounts/account'
import { openPersistentCore } from '../../../../src/main/core/open-persistent-core'
import { vaultService } from '../../../../src/main/core/profile-service'
import { confFactory } from '../../../../src/main/core/vault/conf-factory'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { AesGcmEncryptor } from '../../../support/aes-encryptor'
import { newStoreDir, rememberSecret } from '../../../support/store-dirs'
import { createTestClock } from '../../../support/test-clock'

const kills = 100
const accountCount = 4
const repositoryRoot = resolve(import.meta.dirname, '../../../..')

let sandbox: Sandbox
let workerScript: string
let dataDir: string
const key = randomBytes(32)

function openStores(): ReturnType<typeof openPersistentCore> {
  return openPersistentCore({
    dataDir,
    metadataFactory: confFactory,
    encryptor: new AesGcmEncryptor(key),
    defaultSecretStorage: 'safe-storage',
    browser: { open: async () => {} },
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
    clock: createTestClock({ start: Date.now() }),
  })
}

interface WorkerRun {
  lines: string[]
}

/** Starts the worker, lets it refresh for a random while, then kills it with SIGKILL. */
function runAndKill(): Promise<WorkerRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [workerScript], {
      env: {
        ...process.env,
        WORKER_DATA_DIR: dataDir,
        WORKER_KEY: key.toString('base64'),
        WORKER_COM_API: sandbox.regions.com.apiBase,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    let errors = ''
    let armed = false
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      // Kill at a random moment once refreshing has really started: somewhere in the next rounds.
      if (!armed && output.includes('\nbegin ')) {
        armed = true
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 120)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
    const deadline = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`worker never started refreshing:\n${errors}`))
    }, 15_000)
    child.on('exit', (code, signal) => {
      clearTimeout(deadline)
      if (signal !== 'SIGKILL') reject(new Error(`worker ended by itself (${code}):\n${errors}`))
      else resolveRun({ lines: output.split('\n').filter(Boolean) })
    })
  })
}

/** The account that was between `begin` and `end` when the worker died, if any. */
function inFlight(lines: string[]): string | undefined {
  const last = lines.at(-1)
  return last?.startsWith('begin ') ? last.slice('begin '.length) : undefined
}

beforeAll(async () => {
  sandbox = await startSandbox()
  dataDir = newStoreDir('refresh-crash')
  // One bundle, started with plain node: a hundred starts must not each pay for a TypeScript loader.
  const cacheDir = join(repositoryRoot, 'node_modules', '.cache', 'coze-tests')
  mkdirSync(cacheDir, { recursive: true })
  workerScript = join(cacheDir, `refresh-worker-${process.pid}.mjs`)
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', 'refresh-worker.ts')],
    outfile: workerScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })

  // The accounts, signed in with a device code the sandbox approves at once.
  const { core } = await openStores()
  const device = sandbox.regions.com.apps.device
  const profile = await core.profiles.add(
    { name: 'Device', region: 'com', clientType: 'device', clientId: device.clientId },
    {},
  )
  for (let i = 0; i < accountCount; i += 1) {
    const user = sandbox.regions.com.users[i % sandbox.regions.com.users.length]
    const account = await core.accounts.signIn(profile.id, {
      onProgress: (progress) => {
        if (progress.stage === 'code-ready')
          sandbox.approveDevice(progress.userCode, { userId: user?.userId ?? '' })
      },
    })
    // Two users through one app are two accounts; more sign-ins of the same user add none.
    expect(account.status).toBe('active')
  }
}, 60_000)

afterAll(() => sandbox.stop())

describe('a refreshing process killed with SIGKILL at random moments', () => {
  it(`loses no account and leaves a consistent, working token pair (${kills} kills)`, async () => {
    const startCount = (await (await openStores()).core.accounts.list()).length
    expect(startCount).toBeGreaterThanOrEqual(2)
    let refreshesSeen = 0
    let inFlightKills = 0
    let strandedByTheServer = 0

    for (let round = 1; round <= kills; round += 1) {
      const run = await runAndKill()
      refreshesSeen += run.lines.filter((line) => line.startsWith('end ')).length
      const interrupted = inFlight(run.lines)
      if (interrupted) inFlightKills += 1

      const { core, store, report } = await openStores()
      // Every file still reads: nothing moved aside, nothing set aside, no secret unreadable.
      expect(report.recovery, `round ${round}`).toBeUndefined()
      expect(report.secretProblems, `round ${round}`).toEqual([])
      const accounts = await core.accounts.list()
      expect(accounts.map((a) => a.id).sort(), `round ${round}`).toHaveLength(startCount)

      for (const account of accounts) {
        const stored = await core.vault.getPassword(vaultService, tokensKey(account.id))
        expect(stored, `round ${round}: tokens of ${account.id}`).not.toBeNull()
        const tokens = JSON.parse(stored ?? '{}') as AccountTokens
        rememberSecret(tokens.refreshToken ?? '')
        // The two halves were issued together: never the new access token with the old refresh token.
        const access = sandbox.inspectToken(tokens.accessToken)
        expect(access?.pairedWith, `round ${round}: pair of ${account.id}`).toBe(
          tokens.refreshToken,
        )
        expect(access?.status, `round ${round}: access token of ${account.id}`).toBe('active')
        const refresh = sandbox.inspectToken(tokens.refreshToken ?? '')
        if (refresh?.status === 'active') continue
        // Only the refresh the kill interrupted may have been rotated by the server without the
        // answer reaching the disk: no client can close that gap when the server rotates at once.
        expect(refresh?.status, `round ${round}: refresh token of ${account.id}`).toBe('rotated')
        expect(account.id, `round ${round}: only the interrupted account`).toBe(interrupted)
        strandedByTheServer += 1
        // The app's answer: the next refresh marks it "needs sign-in" and keeps it.
        await expect(core.accounts.refresh(account.id)).rejects.toMatchObject({
          code: 'REFRESH_TOKEN_DEAD',
        })
        expect((await core.accounts.get(account.id)).status).toBe('needs-sign-in')
        // The person signs in again (played by the sandbox), so the next round has it back.
        const fresh = sandbox.issueTokensDirectly('com', sandbox.regions.com.apps.device.clientId, {
          userId: account.user?.userId ?? '',
        })
        await core.vault.setPassword(
          vaultService,
          tokensKey(account.id),
          JSON.stringify({ accessToken: fresh.access_token, refreshToken: fresh.refresh_token }),
        )
        await store.accounts.put({ ...(await core.accounts.get(account.id)), status: 'active' })
      }
    }
    // The kills must really have landed among refreshes, or the test proved nothing.
    expect(refreshesSeen).toBeGreaterThan(kills)
    expect(inFlightKills).toBeGreaterThan(kills / 4)
    console.log(
      `refresh crash test: ${kills} kills, ${refreshesSeen} refreshes completed, ${inFlightKills} kills during a refresh, ${strandedByTheServer} of those after the server had rotated`,
    )
  }, 600_000)
})
