/**
 * A hostile page against the browser host's confirmation of weakened protections, over the real
 * loopback bridge. It holds the bridge secret (a compromised window would), yet cannot make a
 * weakening change with a token main did not issue for exactly that change, or with one used up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { RecordingBrowserLauncher } from '../../src/browser-host/launchers'
import { RecordingClipboard } from '../support/recording-clipboard'
import type { ConfirmationChallenge } from '../../src/shared/confirmation'
import type { Result } from '../../src/shared/errors'
import { newStoreDir } from '../support/store-dirs'
import { bridgeCaller, valueOf } from './bridge-client'

let app: BrowserHostApp
let call: ReturnType<typeof bridgeCaller>

beforeAll(async () => {
  app = await startBrowserHostApp({
    port: 0,
    dataDir: newStoreDir('browser-host-confirmation'),
    browser: new RecordingBrowserLauncher(),
    clipboard: new RecordingClipboard(),
    startScheduler: false,
    // Secrets in memory: this test is about the question, not about the keychain.
    demo: true,
  })
  call = bridgeCaller(app.host)
}, 30_000)

afterAll(async () => {
  await app.stop()
})

function challengeOf(result: Result<unknown>): ConfirmationChallenge {
  if (result.ok) throw new Error('expected CONFIRMATION_REQUIRED, got success')
  expect(result.error.code).toBe('CONFIRMATION_REQUIRED')
  if (!result.error.confirmation) throw new Error('no challenge in the answer')
  return result.error.confirmation
}

async function clearSeconds(): Promise<number> {
  return valueOf(await call('getSettings')).clipboardClearSeconds
}

describe('a page that tries to weaken a protection', () => {
  it('is asked to confirm: the browser host never answers yes for the person', async () => {
    const challenge = challengeOf(await call('updateSettings', { clipboardClearSeconds: 0 }))
    expect(challenge.weakenings).toEqual([
      { kind: 'clipboard-clearing-off', params: { seconds: 30 } },
    ])
    expect(await clearSeconds()).toBe(30)
  })

  it('is refused with a token it made up, of any shape', async () => {
    const real = challengeOf(await call('updateSettings', { clipboardClearSeconds: 0 })).token
    const [id] = real.split('.')
    for (const forged of ['x.y', `${id}.AAAA`, `${id}.`, `.${real}`, real.replace('.', '')]) {
      challengeOf(
        await call('updateSettings', { clipboardClearSeconds: 0, confirmationToken: forged }),
      )
    }
    // Not a string at all: refused before any handler runs.
    const junk = await call('updateSettings', { clipboardClearSeconds: 0, confirmationToken: 7 })
    expect(junk).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await clearSeconds()).toBe(30)
  })

  it('is refused when it reuses a token', async () => {
    const { token } = challengeOf(await call('updateSettings', { allowPlaintextSecrets: true }))
    const request = { allowPlaintextSecrets: true, confirmationToken: token }
    valueOf(await call('updateSettings', request))
    // Turned back off (that asks nothing), then the same token again: a new question.
    valueOf(await call('updateSettings', { allowPlaintextSecrets: false }))
    challengeOf(await call('updateSettings', request))
    expect(valueOf(await call('getSettings')).allowPlaintextSecrets).toBe(false)
  })

  it('cannot spend a token issued for a milder change on a stronger one', async () => {
    valueOf(await call('updateSettings', { secretStorage: 'keychain' }))
    const { token } = challengeOf(await call('exportAccounts', { passphrase: 'a long passphrase' }))
    const answer = challengeOf(
      await call('updateSettings', {
        secretStorage: 'safe-storage',
        clipboardClearSeconds: 0,
        confirmationToken: token,
      }),
    )
    expect(answer.weakenings.map((weakening) => weakening.kind)).toEqual([
      'clipboard-clearing-off',
      'secret-storage-switched',
    ])
    expect(valueOf(await call('getSettings'))).toMatchObject({
      secretStorage: 'keychain',
      clipboardClearSeconds: 30,
    })
  })

  it('gets the change once it sends back the token main issued for that change', async () => {
    const { token } = challengeOf(await call('updateSettings', { clipboardClearSeconds: 0 }))
    valueOf(await call('updateSettings', { clipboardClearSeconds: 0, confirmationToken: token }))
    expect(await clearSeconds()).toBe(0)
    // The token is never stored with the settings.
    expect(valueOf(await call('getSettings'))).not.toHaveProperty('confirmationToken')
  })
})
