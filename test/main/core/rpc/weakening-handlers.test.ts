/**
 * The four changes that weaken a protection, through the same dispatch every host uses: refused
 * without the person's confirmation (nothing changes), made with it, and a confirmation for one
 * change never buys another.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type {
  ConfirmationChallenge,
  ConfirmationRequest,
} from '../../../../src/shared/confirmation'
import type { ErrorPayload, Result } from '../../../../src/shared/errors'
import type { AppSettings, OperationName } from '../../../../src/shared/ipc-contract'
import type { HostServices } from '../../../../src/main/core/host-services'
import type { HostDialogs } from '../../../../src/main/core/ports'
import { openTestHostServices } from '../../../support/host-services'
import { newStoreDir } from '../../../support/store-dirs'

interface Harness {
  call(operation: OperationName, request?: unknown): Promise<Result<unknown>>
  settings(): Promise<AppSettings>
  /** The exports written so far. */
  readonly written: string[]
  asked: ConfirmationRequest[]
}

const opened: HostServices[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((services) => services.dispose()))
})

async function harness(nativeAnswer?: () => boolean): Promise<Harness> {
  const exportDir = newStoreDir('weakening-exports')
  const asked: ConfirmationRequest[] = []
  const dialogs: HostDialogs = {
    chooseFile: async () => null,
    chooseSaveFile: async (name) => join(exportDir, name),
    confirmReveal: async () => false,
    ...(nativeAnswer
      ? {
          confirmWeakening: async (request: ConfirmationRequest) => {
            asked.push(request)
            return nativeAnswer()
          },
        }
      : {}),
  }
  const companion = await openTestHostServices({
    label: 'weakening-handlers',
    app: {
      host: 'browser',
      appName: 'test',
      appVersion: '0.0.0',
      platform: 'linux',
      arch: 'x64',
      runtimeVersions: { node: process.versions.node },
    },
    dialogs,
  })
  opened.push(companion)
  const call = (operation: OperationName, request?: unknown): Promise<Result<unknown>> =>
    companion.dispatch(operation, request)
  return {
    call,
    get written() {
      return readdirSync(exportDir).map((name) => join(exportDir, name))
    },
    asked,
    async settings() {
      const result = await call('getSettings')
      if (!result.ok) throw new Error(result.error.code)
      return result.value as AppSettings
    },
  }
}

function errorOf(result: Result<unknown>): ErrorPayload {
  if (result.ok) throw new Error('expected a refusal, got success')
  return result.error
}

function challengeOf(result: Result<unknown>): ConfirmationChallenge {
  const error = errorOf(result)
  expect(error.code).toBe('CONFIRMATION_REQUIRED')
  if (!error.confirmation) throw new Error('CONFIRMATION_REQUIRED without a challenge')
  return error.confirmation
}

const passphrase = 'a long enough passphrase'

/** Each weakening: how to set it up, the request that weakens, and what shows it happened. */
const weakenings = [
  {
    kind: 'clipboard-clearing-off',
    setUp: async (): Promise<void> => {},
    operation: 'updateSettings',
    request: { clipboardClearSeconds: 0 },
    done: async (h: Harness) => (await h.settings()).clipboardClearSeconds === 0,
  },
  {
    kind: 'plaintext-secrets-allowed',
    setUp: async (): Promise<void> => {},
    operation: 'updateSettings',
    request: { allowPlaintextSecrets: true },
    done: async (h: Harness) => (await h.settings()).allowPlaintextSecrets,
  },
  {
    kind: 'secret-storage-switched',
    // Moving into the keychain strengthens, so it needs no confirmation.
    setUp: async (h: Harness): Promise<void> => {
      expect((await h.call('updateSettings', { secretStorage: 'keychain' })).ok).toBe(true)
    },
    operation: 'updateSettings',
    request: { secretStorage: 'safe-storage' },
    done: async (h: Harness) => (await h.settings()).secretStorage === 'safe-storage',
  },
  {
    kind: 'export-with-tokens',
    setUp: async (): Promise<void> => {},
    operation: 'exportAccounts',
    request: { passphrase },
    done: async (h: Harness) => h.written.length === 1,
  },
] as const

describe.each(weakenings)('$kind', ({ kind, setUp, operation, request, done }) => {
  it('is refused without a confirmation, and nothing changes', async () => {
    const h = await harness()
    await setUp(h)
    const before = await h.settings()
    const challenge = challengeOf(await h.call(operation, request))
    expect(challenge.operation).toBe(operation)
    expect(challenge.weakenings.map((weakening) => weakening.kind)).toEqual([kind])
    expect(await h.settings()).toEqual(before)
    expect(h.written).toEqual([])
    expect(await done(h)).toBe(false)
  })

  it('is made when sent again with the token main issued for it, once', async () => {
    const h = await harness()
    await setUp(h)
    const { token } = challengeOf(await h.call(operation, request))
    const confirmed = await h.call(operation, { ...request, confirmationToken: token })
    expect(confirmed.ok).toBe(true)
    expect(await done(h)).toBe(true)
    if (operation === 'exportAccounts') {
      // The same token again: a new question, not a second export.
      challengeOf(await h.call(operation, { ...request, confirmationToken: token }))
      expect(h.written).toHaveLength(1)
    }
  })

  it('refuses a made-up token', async () => {
    const h = await harness()
    await setUp(h)
    const { token } = challengeOf(await h.call(operation, request))
    const [id] = token.split('.')
    challengeOf(await h.call(operation, { ...request, confirmationToken: `${id}.forged` }))
    expect(await done(h)).toBe(false)
  })

  it('with a native dialog: asks there, keeps everything on "Cancel", changes on "Confirm"', async () => {
    let answer = false
    const h = await harness(() => answer)
    await setUp(h)
    const before = await h.settings()
    expect(errorOf(await h.call(operation, request)).code).toBe('CANCELLED')
    expect(await h.settings()).toEqual(before)
    expect(await done(h)).toBe(false)
    expect(h.asked.map((asked) => asked.weakenings.map((weakening) => weakening.kind))).toEqual([
      [kind],
    ])
    answer = true
    expect((await h.call(operation, request)).ok).toBe(true)
    expect(await done(h)).toBe(true)
  })
})

describe('confirmation tokens between operations', () => {
  it('a token for turning clipboard clearing off cannot allow plaintext secrets', async () => {
    const h = await harness()
    const { token } = challengeOf(await h.call('updateSettings', { clipboardClearSeconds: 0 }))
    const other = challengeOf(
      await h.call('updateSettings', { allowPlaintextSecrets: true, confirmationToken: token }),
    )
    expect(other.weakenings.map((weakening) => weakening.kind)).toEqual([
      'plaintext-secrets-allowed',
    ])
    expect((await h.settings()).allowPlaintextSecrets).toBe(false)
    // Spent by the attempt: it no longer buys the change it was issued for either.
    challengeOf(
      await h.call('updateSettings', { clipboardClearSeconds: 0, confirmationToken: token }),
    )
    expect((await h.settings()).clipboardClearSeconds).toBe(30)
  })

  it('a settings token cannot export, and an export token cannot change settings', async () => {
    const h = await harness()
    const settingsToken = challengeOf(
      await h.call('updateSettings', { clipboardClearSeconds: 0 }),
    ).token
    challengeOf(await h.call('exportAccounts', { passphrase, confirmationToken: settingsToken }))
    expect(h.written).toEqual([])
    const exportToken = challengeOf(await h.call('exportAccounts', { passphrase })).token
    challengeOf(
      await h.call('updateSettings', { clipboardClearSeconds: 0, confirmationToken: exportToken }),
    )
    expect((await h.settings()).clipboardClearSeconds).toBe(30)
  })

  it('a token is bound to the exact change: a different passphrase needs its own', async () => {
    const h = await harness()
    const { token } = challengeOf(await h.call('exportAccounts', { passphrase }))
    challengeOf(
      await h.call('exportAccounts', { passphrase: `${passphrase}!`, confirmationToken: token }),
    )
    expect(h.written).toEqual([])
  })

  it('a weakening sent with harmless changes changes none of them until confirmed', async () => {
    const h = await harness()
    const request = { clipboardClearSeconds: 0, language: 'zh-CN', allowPlaintextSecrets: true }
    const challenge = challengeOf(await h.call('updateSettings', request))
    expect(challenge.weakenings.map((weakening) => weakening.kind)).toEqual([
      'clipboard-clearing-off',
      'plaintext-secrets-allowed',
    ])
    expect((await h.settings()).language).toBe('system')
    const done = await h.call('updateSettings', { ...request, confirmationToken: challenge.token })
    expect(done).toMatchObject({ ok: true, value: request })
  })
})

describe('strengthening, and what weakens nothing', () => {
  it('needs no confirmation', async () => {
    const h = await harness()
    for (const request of [
      { clipboardClearSeconds: 5 },
      { secretStorage: 'keychain' },
      { allowPlaintextSecrets: false },
      { language: 'en' },
    ]) {
      expect(await h.call('updateSettings', request)).toMatchObject({ ok: true })
    }
    expect(await h.call('exportAccounts', {})).toMatchObject({ ok: true })
  })

  it('asks nothing for a protection that is already off', async () => {
    const h = await harness()
    const { token } = challengeOf(await h.call('updateSettings', { clipboardClearSeconds: 0 }))
    await h.call('updateSettings', { clipboardClearSeconds: 0, confirmationToken: token })
    expect(await h.call('updateSettings', { clipboardClearSeconds: 0 })).toMatchObject({
      ok: true,
    })
    // Turning it back on is never asked.
    expect(await h.call('updateSettings', { clipboardClearSeconds: 30 })).toMatchObject({
      ok: true,
    })
  })
})
