import { describe, expect, it } from 'vitest'
import type { Notarize } from '../../build/notarize'
import { createAfterSign, notaryCredentials } from '../../build/notarize'

const macContext = {
  appOutDir: '/tmp/pack/mac',
  electronPlatformName: 'darwin',
  packager: { appInfo: { productFilename: 'Coze Auth Companion' } },
}

function recordingNotarize() {
  const calls: Parameters<Notarize>[0][] = []
  const notarize: Notarize = async (options) => {
    calls.push(options)
  }
  return { calls, notarize }
}

describe('notarisation (afterSign)', () => {
  it('is skipped with one line when no credentials are given', async () => {
    const { calls, notarize } = recordingNotarize()
    const lines: string[] = []
    const hook = createAfterSign({ env: {}, notarize, log: (line) => lines.push(line) })
    expect(await hook(macContext)).toBe('skipped')
    expect(calls).toEqual([])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('notarisation skipped')
  })

  it('is skipped when a set is incomplete or blank', () => {
    expect(notaryCredentials({ APPLE_ID: 'a@b.c', APPLE_TEAM_ID: 'T' })).toBeUndefined()
    expect(
      notaryCredentials({ APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: ' ', APPLE_API_ISSUER: 'i' }),
    ).toBeUndefined()
  })

  it('sends the signed app with an API key, the preferred credentials', async () => {
    const { calls, notarize } = recordingNotarize()
    const env = {
      APPLE_API_KEY: '/keys/AuthKey.p8',
      APPLE_API_KEY_ID: 'KEYID',
      APPLE_API_ISSUER: 'issuer',
      APPLE_ID: 'also@set.example',
      APPLE_APP_SPECIFIC_PASSWORD: 'pw',
      APPLE_TEAM_ID: 'TEAM',
    }
    expect(await createAfterSign({ env, notarize, log: () => {} })(macContext)).toBe('notarised')
    expect(calls).toEqual([
      {
        appPath: '/tmp/pack/mac/Coze Auth Companion.app',
        appleApiKey: '/keys/AuthKey.p8',
        appleApiKeyId: 'KEYID',
        appleApiIssuer: 'issuer',
      },
    ])
  })

  it('takes an Apple ID or a keychain profile too', () => {
    expect(
      notaryCredentials({
        APPLE_ID: 'a@b.c',
        APPLE_APP_SPECIFIC_PASSWORD: 'pw',
        APPLE_TEAM_ID: 'T',
      }),
    ).toEqual({ appleId: 'a@b.c', appleIdPassword: 'pw', teamId: 'T' })
    expect(notaryCredentials({ APPLE_KEYCHAIN_PROFILE: 'coze' })).toEqual({
      keychainProfile: 'coze',
    })
  })

  it('does nothing for Windows and Linux builds, credentials or not', async () => {
    const { calls, notarize } = recordingNotarize()
    const env = { APPLE_KEYCHAIN_PROFILE: 'coze' }
    const hook = createAfterSign({ env, notarize, log: () => {} })
    expect(await hook({ ...macContext, electronPlatformName: 'linux' })).toBe('skipped')
    expect(await hook({ ...macContext, electronPlatformName: 'win32' })).toBe('skipped')
    expect(calls).toEqual([])
  })
})
