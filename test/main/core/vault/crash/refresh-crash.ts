/**
 * The refresh crash test, for the normal run (a few kills) and the stress run (many): a process
 * refreshes accounts against the sandbox and is killed with SIGKILL at a chosen step of a write
 * that the k-th refresh (k at random) makes: while it stores the rotated tokens, or as it saves
 * the account. After each kill every account is still there with a consistent token pair, and
 * exactly the account whose new tokens did not reach the disk is stranded by the server's
 * rotation, which the app then reports as "needs sign-in".
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { tokensKey } from '../../../../../src/main/core/accounts/account-service'
import type { AccountTokens } from '../../../../../src/main/core/accounts/account'
import { openPersistentCore } from '../../../../../src/main/core/open-persistent-core'
import { vaultService } from '../../../../../src/main/core/profile-service'
import type { WriteStep } from '../../../../../src/main/core/vault/atomic-file'
import type { Sandbox } from '../../../../sandbox'
import { startSandbox } from '../../../../sandbox'
import { AesGcmEncryptor } from '../../../../support/aes-encryptor'
import { sandboxRegions } from '../../../../support/core-harness'
import { bundleChild, removeBundle } from '../../../../support/bundle-child'
import { runUntilKilled, stepCutOff } from '../../../../support/crash-run'
import { newStoreDir, rememberSecret } from '../../../../support/store-dirs'
import { createTestClock } from '../../../../support/test-clock'

const accountCount = 4
const secretsJournal = 'secrets.safe-storage.journal'

/**
 * Where each round kills, in turn: at each step of storing the rotated tokens (an append to the
 * secrets journal), and as the account is saved after them (an append to the account list's
 * journal). `stranded`: the server has rotated the refresh token, but the new pair is not on disk
 * yet. A line written but not yet flushed is in the file for a later reader (only a power cut
 * could take it), so from `appended` on the new pair is kept.
 */
const killPoints: readonly { file: string; step: WriteStep; stranded: boolean }[] = [
  { file: secretsJournal, step: 'begin', stranded: true },
  { file: secretsJournal, step: 'appended', stranded: false },
  { file: secretsJournal, step: 'synced', stranded: false },
  { file: 'metadata.journal', step: 'begin', stranded: false },
  { file: 'metadata.journal', step: 'synced', stranded: false },
]

export function describeRefreshCrash(kills: number): void {
  let sandbox: Sandbox
  let worker: string
  let dataDir: string
  const key = randomBytes(32)

  function openStores(): ReturnType<typeof openPersistentCore> {
    return openPersistentCore({
      dataDir,
      encryptor: new AesGcmEncryptor(key),
      defaultSecretStorage: 'safe-storage',
      browser: { open: async () => {} },
      regions: sandboxRegions(sandbox),
      clock: createTestClock({ start: Date.now() }),
    })
  }

  beforeAll(async () => {
    sandbox = await startSandbox()
    dataDir = newStoreDir('refresh-crash')
    worker = await bundleChild(
      join(import.meta.dirname, '..', 'fixtures', 'refresh-worker.ts'),
      'refresh-worker',
    )
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

  afterAll(async () => {
    removeBundle(worker)
    await sandbox.stop()
  })

  it(`loses no account and leaves a consistent, working token pair (${kills} kills)`, async () => {
    const startCount = (await (await openStores()).core.accounts.list()).length
    expect(startCount).toBeGreaterThanOrEqual(2)
    let stranded = 0

    for (let round = 0; round < kills; round += 1) {
      const point = killPoints[round % killPoints.length] ?? killPoints[0]
      if (!point) throw new Error('no kill point')
      // Any refresh of the worker's first two rounds through the accounts.
      const killRefresh = Math.floor(Math.random() * startCount * 2)
      const where = `round ${round} (${point.step} of ${point.file}, refresh ${killRefresh})`
      let refreshes = 0
      const run = await runUntilKilled({
        script: worker,
        env: {
          WORKER_DATA_DIR: dataDir,
          WORKER_KEY: key.toString('base64'),
          WORKER_COM_API: sandbox.regions.com.apiBase,
          WORKER_ROUNDS: '3',
        },
        killAt: (event) => {
          if (event.startsWith('begin ')) refreshes += 1
          return refreshes === killRefresh + 1 && event === `write ${point.step} ${point.file}`
        },
      })

      // The kill landed inside the chosen write of the chosen refresh, and every refresh before
      // it went through.
      expect(stepCutOff(run.events, point.file), where).toBe(point.step)
      const outcomes = run.events.filter((event) => /^(?:end|fail) /.test(event))
      expect(outcomes, where).toEqual(
        run.events
          .filter((e) => e.startsWith('begin '))
          .slice(0, -1)
          .map((e) => `end ${e.slice(6)}`),
      )
      const interrupted = run.events.findLast((event) => event.startsWith('begin '))?.slice(6)

      const { core, store, report } = await openStores()
      // Every file still reads: nothing moved aside, nothing set aside, no secret unreadable.
      expect(report.recovery, where).toBeUndefined()
      expect(report.secretProblems, where).toEqual([])
      const accounts = await core.accounts.list()
      expect(accounts, where).toHaveLength(startCount)

      for (const account of accounts) {
        const stored = await core.vault.getPassword(vaultService, tokensKey(account.id))
        expect(stored, `${where}: tokens of ${account.id}`).not.toBeNull()
        const tokens = JSON.parse(stored ?? '{}') as AccountTokens
        rememberSecret(tokens.refreshToken ?? '')
        // The two halves were issued together: never the new access token with the old refresh
        // token, never a mix of two writes.
        const access = sandbox.inspectToken(tokens.accessToken)
        expect(access?.pairedWith, `${where}: pair of ${account.id}`).toBe(tokens.refreshToken)
        expect(access?.status, `${where}: access token of ${account.id}`).toBe('active')
        const refresh = sandbox.inspectToken(tokens.refreshToken ?? '')
        // Exactly the account whose rotated tokens had not reached the disk holds the old pair,
        // whose refresh token the server has already rotated; no client can close that gap when
        // the server rotates at once.
        const expectStranded = point.stranded && account.id === interrupted
        expect(refresh?.status, `${where}: refresh token of ${account.id}`).toBe(
          expectStranded ? 'rotated' : 'active',
        )
        if (!expectStranded) continue
        stranded += 1
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
    // Each kill point that strands an account did so once per round that used it.
    expect(stranded).toBe(
      Array.from({ length: kills }, (_, round) => killPoints[round % killPoints.length]).filter(
        (point) => point?.stranded,
      ).length,
    )
  })
}
