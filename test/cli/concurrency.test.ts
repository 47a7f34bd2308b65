/**
 * `coze-auth` and the app refreshing the same accounts at the same time. A rotated refresh token
 * works once: a second use is refused by the sandbox (and would leave the account needing a
 * sign-in), so "every refresh token used exactly once" reads as: every refresh the sandbox saw
 * was accepted, and every account is still signed in at the end.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RecordedRequest, Sandbox } from '../sandbox'
import { completeConsent, httpRequest, startSandbox } from '../sandbox'
import { freePort } from '../support/net'
import { skipWithoutSecretService } from '../support/secret-service'
import type { CliSetup } from './cli-harness'
import { buildCli, callBridge, prepareSetup, runCli, startCli } from './cli-harness'

const accountCount = 5

let sandbox: Sandbox
beforeAll(async () => {
  buildCli()
  sandbox = await startSandbox()
}, 60_000)
afterAll(async () => {
  await sandbox?.stop()
})

const refreshGrants = (): RecordedRequest[] =>
  sandbox.requests.filter(
    (request) =>
      request.path === '/api/permission/oauth2/token' && request.bodyKeys.includes('refresh_token'),
  )

/** Accounts are one per user and app: the two users of each region make four. */
async function signInWithBrowser(setup: CliSetup, index: number): Promise<string> {
  const region = index % 2 === 0 ? 'com' : 'cn'
  const app = sandbox.regions[region].apps.pkce
  const user = sandbox.regions[region].users[Math.floor(index / 2) % 2]
  const redirectUri = `http://127.0.0.1:${await freePort()}/callback`
  sandbox.registerRedirectUri(region, app.clientId, redirectUri)
  const started = startCli(
    [
      'login',
      '--browser',
      '--region',
      region,
      '--client-id',
      app.clientId,
      '--redirect-uri',
      redirectUri,
      '--app',
      `Browser app ${index}`,
      '--json',
    ],
    setup.env,
  )
  const [url] = await started.waitForStderr(/http:\/\/\S+\/authorize\?\S+/)
  const consent = await completeConsent(url, user ? { userId: user.userId } : {})
  await httpRequest(consent.redirectedTo)
  const result = await started.done
  expect(result.code, result.stderr).toBe(0)
  return (JSON.parse(result.stdout) as { id: string }).id
}

async function signInWithDevice(setup: CliSetup): Promise<string> {
  const app = sandbox.regions.com.apps.device
  const started = startCli(
    ['login', '--device', '--region', 'com', '--client-id', app.clientId, '--json'],
    setup.env,
  )
  const [, code] = await started.waitForStderr(/enter the code (\S+) /)
  sandbox.approveDevice(code ?? '')
  const result = await started.done
  expect(result.code, result.stderr).toBe(0)
  return (JSON.parse(result.stdout) as { id: string }).id
}

async function statuses(setup: CliSetup): Promise<string[]> {
  const listed = await runCli(['list', '--json'], setup.env)
  expect(listed.code, listed.stderr).toBe(0)
  return (JSON.parse(listed.stdout) as { status: string }[]).map((account) => account.status)
}

describe('refreshing the same accounts from coze-auth and the app at once', () => {
  beforeEach((context) => skipWithoutSecretService(context))

  it('100 interleaved refreshes, the command through the socket, the app through its window', async () => {
    const setup = await prepareSetup(sandbox, 'browser host')
    try {
      const host = setup.host!
      const ids: string[] = []
      for (let index = 0; index < accountCount - 1; index += 1) {
        ids.push(await signInWithBrowser(setup, index))
      }
      ids.push(await signInWithDevice(setup))
      expect(new Set(ids).size).toBe(accountCount)
      const before = refreshGrants().length
      let fromCommandLine = 0
      let fromApp = 0
      // 20 rounds: every account refreshed by coze-auth and by the window at the same moment.
      for (let round = 0; round < 100 / (2 * accountCount); round += 1) {
        await Promise.all(
          ids.flatMap((id) => [
            runCli(['refresh', id], setup.env).then((result) => {
              expect(result.code, result.stderr).toBe(0)
              fromCommandLine += 1
            }),
            callBridge(host, 'refreshAccount', { accountId: id }).then((answer) => {
              expect(answer.ok, answer.error?.message).toBe(true)
              fromApp += 1
            }),
          ]),
        )
      }
      expect(fromCommandLine + fromApp).toBe(100)
      const grants = refreshGrants().slice(before)
      // At least one exchange per account and round (the app joins a refresh already running
      // for the same account into one); none refused, as a reused token would be.
      expect(grants.length).toBeGreaterThanOrEqual(100 / 2)
      expect(grants.length).toBeLessThanOrEqual(100)
      expect(grants.filter((grant) => grant.status !== 200)).toEqual([])
      expect((await statuses(setup)).filter((status) => status === 'needs-sign-in')).toEqual([])
      // And the refresh token each account holds now still works.
      const last = await runCli(['refresh', '--all', '--json'], setup.env)
      expect(last.code, last.stderr).toBe(0)
      expect(
        refreshGrants()
          .slice(-accountCount)
          .every((grant) => grant.status === 200),
      ).toBe(true)
    } finally {
      await setup.stop()
    }
  }, 180_000)

  it('many coze-auth processes on their own stores take turns under the data-folder lock', async () => {
    const setup = await prepareSetup(sandbox, 'own stores')
    const ids: string[] = []
    for (let index = 0; index < 3; index += 1) ids.push(await signInWithBrowser(setup, index))
    expect(new Set(ids).size).toBe(3)
    const before = refreshGrants().length
    const runs: Promise<void>[] = []
    for (let index = 0; index < 24; index += 1) {
      const id = ids[index % ids.length] ?? ''
      runs.push(
        runCli(['refresh', id], setup.env).then((result) => {
          expect(result.code, result.stderr).toBe(0)
        }),
      )
      // A few at a time: two cores start these processes.
      if (runs.length % 6 === 0) await Promise.all(runs)
    }
    await Promise.all(runs)
    const grants = refreshGrants().slice(before)
    expect(grants.length).toBe(24)
    expect(grants.filter((grant) => grant.status !== 200)).toEqual([])
    expect((await statuses(setup)).filter((status) => status === 'needs-sign-in')).toEqual([])
  }, 180_000)
})
