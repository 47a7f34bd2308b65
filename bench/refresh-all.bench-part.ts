import type { ChildProcess } from 'node:child_process'
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { StoredAccount } from '../src/main/core/accounts/account'
import { tokensKey } from '../src/main/core/accounts/account-service'
import { openPersistentCore } from '../src/main/core/open-persistent-core'
import type { PersistentCore } from '../src/main/core/open-persistent-core'
import { vaultService } from '../src/main/core/profile-service'
import { RefreshScheduler } from '../src/main/core/refresh/refresh-scheduler'
import { AesGcmEncryptor } from '../test/support/aes-encryptor'
import { sampleAccount } from '../test/main/core/vault/fixtures/metadata-samples'

export interface RefreshAllBench {
  accounts: number
  workspacesPerAccount: number
  /** "Refresh all" through the app: scheduler, account service, both stores on disk. */
  oursMs: number[]
  /** The same refreshes by raw `fetch`, four at a time, nothing stored. */
  rawMs: number[]
  /** Median of ours over median of raw. */
  ratio: number
  /**
   * Peak resident memory during the first "Refresh all", less the resident memory just before
   * it, after a full collection (MB).
   */
  rssGrowthMb: number
  /**
   * The same for the JavaScript heap (MB): what the run allocates before the collector takes it
   * back, which resident memory hides once the open of the store has committed more.
   */
  heapPeakGrowthMb: number
  /** Heap still used after the runs and a full collection, less before (MB): what is kept. */
  heapRetainedMb: number
  /** Every refresh of every round succeeded. */
  allOk: boolean
}

const concurrency = 4
const rounds = 5

/** One account the size the issue measured: a user and 53 workspaces (about 6 KB). */
function wideAccount(index: number, clientId: string, refreshedAt: number): StoredAccount {
  const base = sampleAccount(index, { region: 'com', method: 'pkce', clientId })
  const workspaces = Array.from({ length: 53 }, (_, w) => ({
    id: String(7_400_000_000_000_000_000n + BigInt(index * 100 + w)),
    name: w === 0 ? 'Personal' : `Team workspace ${w} of account ${index}`,
    iconUrl: `https://lf16-alice-tos-sign.oceanapi-i18n.com/obj/ocean-cloud-tos/space/${w}.png`,
    role: w === 0 ? 'owner' : 'member',
    type: w === 0 ? 'personal' : 'team',
    enterpriseId: w === 0 ? '' : 'ent-7350000000000000000',
  }))
  return { ...base, workspaces, updatedAt: refreshedAt }
}

interface SandboxProcess {
  child: ChildProcess
  comApiBase: string
  comWwwBase: string
  cnApiBase: string
  cnWwwBase: string
  pkceClientId: string
  issue(count: number): Promise<{ accessToken: string; refreshToken: string }[]>
}

/** The sandbox in its own process (bench/sandbox-child.ts), so this one measures only the app. */
async function startSandboxProcess(): Promise<SandboxProcess> {
  const child = fork(join(import.meta.dirname, 'sandbox-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await new Promise<Omit<SandboxProcess, 'child' | 'issue'>>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the sandbox process ended (${code})`)))
    child.once('message', (message: { ready: Omit<SandboxProcess, 'child' | 'issue'> }) =>
      resolve(message.ready),
    )
  })
  child.removeAllListeners('exit')
  return {
    child,
    ...ready,
    issue: (count) =>
      new Promise((resolve) => {
        child.once(
          'message',
          (message: { issued: { accessToken: string; refreshToken: string }[] }) =>
            resolve(message.issued),
        )
        child.send({ issue: count })
      }),
  }
}

/**
 * "Refresh all" over `accounts` accounts with the real on-disk stores (the account list and the
 * encrypted secrets file, as the desktop app keeps them) against the sandbox, side by side with the
 * same number of refresh requests made by raw `fetch` four at a time, alternating rounds so that
 * machine load hits both alike. Target: at most 2.5 times raw fetch, and resident memory growing
 * by less than 50 MB.
 */
export async function benchRefreshAll(accounts = 1000): Promise<RefreshAllBench> {
  const sandbox = await startSandboxProcess()
  const dataDir = mkdtempSync(join(tmpdir(), 'coze-bench-refresh-all-'))
  const clientId = sandbox.pkceClientId
  const tokenUrl = `${sandbox.comApiBase}/api/permission/oauth2/token`
  const key = randomBytes(32)
  const regions = {
    com: { apiBase: sandbox.comApiBase, webBase: sandbox.comWwwBase },
    cn: { apiBase: sandbox.cnApiBase, webBase: sandbox.cnWwwBase },
  }
  let persistent: PersistentCore | undefined
  try {
    // Seeded by a process of its own, so that this one starts as the app does: it opens a data
    // folder of 1,000 accounts that it did not write.
    await seedInChild({ dataDir, key, regions, clientId, tokens: await sandbox.issue(accounts) })
    persistent = await openPersistentCore({
      dataDir,
      encryptor: new AesGcmEncryptor(key),
      defaultSecretStorage: 'safe-storage',
      browser: { open: async () => {} },
      regions,
    })
    const { core } = persistent
    const scheduler = new RefreshScheduler({
      accounts: {
        list: () => core.accounts.listBriefs(),
        refresh: (id, options) => core.accounts.refreshBrief(id, options),
      },
      clock: core.clock,
      notifier: { notify: () => undefined },
      concurrency,
    })

    const rawRound = async (): Promise<number> => {
      const tokens = (await sandbox.issue(accounts)).map((pair) => pair.refreshToken)
      let next = 0
      const started = performance.now()
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < tokens.length) {
            const refreshToken = tokens[next]
            next += 1
            const response = await fetch(tokenUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json', accept: 'application/json' },
              body: JSON.stringify({
                grant_type: 'refresh_token',
                client_id: clientId,
                refresh_token: refreshToken,
              }),
            })
            await response.json()
          }
        }),
      )
      return performance.now() - started
    }

    // Memory: the first "Refresh all" of a running app, from a full collection, before anything
    // else has run in this process (a raw round first would leave its pages committed and its
    // garbage behind for this one).
    global.gc?.()
    const rssBefore = process.memoryUsage.rss()
    const heapAtRest = process.memoryUsage().heapUsed
    let rssPeak = rssBefore
    let heapPeak = heapAtRest
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
    }, 5)
    let allOk: boolean
    try {
      allOk = (await scheduler.refreshAll()).results.every((result) => result.ok)
    } finally {
      clearInterval(sampler)
    }
    const rssGrowth = Math.max(rssPeak, process.memoryUsage.rss()) - rssBefore
    // Warm-up of raw fetch, untimed (ours warmed up above: connections, the JIT, the first
    // compaction of what seeding wrote).
    await rawRound()
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    // Time: rounds in turn, alternating so that machine load hits both alike.
    const oursMs: number[] = []
    const rawMs: number[] = []
    for (let round = 0; round < rounds; round += 1) {
      rawMs.push(await rawRound())
      const started = performance.now()
      const report = await scheduler.refreshAll()
      oursMs.push(performance.now() - started)
      allOk &&= report.results.length === accounts && report.results.every((result) => result.ok)
    }
    global.gc?.()
    const heapRetainedMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    const rssGrowthMb = rssGrowth / 1024 / 1024
    scheduler.stop()
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
    const round1 = (value: number): number => Math.round(value * 10) / 10
    return {
      accounts,
      workspacesPerAccount: 53,
      oursMs: oursMs.map(round1),
      rawMs: rawMs.map(round1),
      ratio: Math.round((median(oursMs) / median(rawMs)) * 100) / 100,
      rssGrowthMb: round1(rssGrowthMb),
      heapPeakGrowthMb: round1((heapPeak - heapAtRest) / 1024 / 1024),
      heapRetainedMb: round1(heapRetainedMb),
      allOk,
    }
  } finally {
    await persistent?.store.close()
    sandbox.child.send({ stop: true })
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * `benchRefreshAll` in a child process with `--expose-gc` (bench/refresh-all-child.ts): a fresh
 * heap, so the memory figure is the app's first "Refresh all" and nothing else's.
 */
export function benchRefreshAllInChild(accounts = 1000): Promise<RefreshAllBench> {
  const child = fork(join(import.meta.dirname, 'refresh-all-child.ts'), [String(accounts)], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('message', (message: { result?: RefreshAllBench; error?: string }) => {
      if (message.result) resolve(message.result)
      else reject(new Error(`the Refresh-all bench failed: ${message.error ?? 'no result'}`))
    })
    child.once('exit', (code) => reject(new Error(`the Refresh-all bench ended (${code})`)))
  })
}

export interface SeedRequest {
  dataDir: string
  key: Buffer
  regions: { com: RegionBases; cn: RegionBases }
  clientId: string
  /** One token pair per account, as the sandbox issued them. */
  tokens: { accessToken: string; refreshToken: string }[]
}

interface RegionBases {
  apiBase: string
  webBase: string
}

/** Writes the accounts and their tokens into `dataDir` (run in bench/refresh-all-seed.ts). */
export async function seedDataDir(request: SeedRequest): Promise<void> {
  const { core, store } = await openPersistentCore({
    dataDir: request.dataDir,
    encryptor: new AesGcmEncryptor(request.key),
    defaultSecretStorage: 'safe-storage',
    browser: { open: async () => {} },
    regions: request.regions,
  })
  const now = Date.now()
  await Promise.all(
    request.tokens.map((_, i) => store.accounts.put(wideAccount(i, request.clientId, now))),
  )
  await Promise.all(
    request.tokens.map((tokens, i) =>
      core.vault.setPassword(
        vaultService,
        tokensKey(wideAccount(i, request.clientId, now).id),
        JSON.stringify(tokens),
      ),
    ),
  )
  await store.close()
}

function seedInChild(request: SeedRequest): Promise<void> {
  const child = fork(join(import.meta.dirname, 'refresh-all-seed.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`seeding the accounts failed (${code})`)),
    )
    child.send({ ...request, key: request.key.toString('base64') })
  })
}
