import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignInProgress } from '../../../../src/main/core/accounts/account-service'
import { memoryStores } from '../../../support/memory-stores'
import { createAuthCore } from '../../../../src/main/core/create-core'
import type { FetchLike } from '../../../../src/main/core/ports'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { sandboxRegions } from '../../../support/core-harness'
import { rejectionOf } from '../../../support/errors'
import { RecordingBrowser } from '../../../support/recording-browser'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(() => sandbox.stop())

/**
 * Starts a device sign-in through the whole core, against the sandbox, with the device-code
 * answer's verification page moved to `verificationUri` (a server or a proxy naming another host),
 * and returns what the browser was asked to open once the core has decided.
 */
async function deviceSignIn(
  verificationUri?: (original: string) => string,
): Promise<{ opened: string[]; stage: string }> {
  const rewriting: FetchLike = async (input, init) => {
    const response = await fetch(input, init)
    if (!verificationUri || !new URL(input).pathname.endsWith('/device/code')) return response
    const body = (await response.json()) as Record<string, unknown>
    body.verification_uri = verificationUri(String(body.verification_uri))
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    })
  }
  const browser = new RecordingBrowser()
  const core = createAuthCore({
    ...memoryStores(),
    browser,
    regions: sandboxRegions(sandbox),
    fetch: rewriting,
  })
  const app = (await sandbox.describe()).regions.com.apps.device
  const profile = await core.profiles.add(
    { name: 'Device', region: 'com', clientType: 'device', clientId: app.clientId },
    {},
  )
  const controller = new AbortController()
  const decided = new Promise<string>((resolve) => {
    const onProgress = (progress: SignInProgress): void => {
      if (progress.stage === 'browser-opened' || progress.stage === 'browser-open-failed') {
        resolve(progress.stage)
      }
    }
    void rejectionOf(
      core.accounts.signIn(profile.id, { onProgress, signal: controller.signal }),
    ).catch(() => {})
  })
  const stage = await decided
  controller.abort()
  return { opened: browser.urls, stage }
}

describe('the core opens only its regions’ pages', () => {
  it('opens the sandbox’s verification page', async () => {
    const { opened, stage } = await deviceSignIn()
    expect(stage).toBe('browser-opened')
    expect(opened).toHaveLength(1)
    expect(new URL(opened[0] ?? '').origin).toBe(new URL(sandbox.regions.com.wwwBase).origin)
  })

  it.each([
    ['another host', () => 'https://evil.example/oauth/device-activation'],
    [
      'a look-alike suffix',
      (original: string) => `https://www.coze.com.evil.example${new URL(original).pathname}`,
    ],
    [
      'userinfo in front of another host',
      (original: string) => `http://${new URL(original).host}@evil.example/`,
    ],
    ['another loopback port', (original: string) => original.replace(/:(\d+)/, ':1')],
  ])('never hands the browser a verification page on %s', async (_why, move) => {
    const { opened, stage } = await deviceSignIn(move)
    expect(stage).toBe('browser-open-failed')
    expect(opened).toEqual([])
  })
})
