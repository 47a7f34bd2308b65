import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, toErrorPayload } from '../../../../src/main/core/errors'
import { requestValidators } from '../../../../src/main/core/rpc/request-validators'
import type { ErrorPayload } from '../../../../src/shared/errors'
import { invalidArgumentReasons, textFields } from '../../../../src/shared/errors'
import type { OperationName } from '../../../../src/shared/ipc-contract'

/** What the window would receive for a refused request, or undefined when it passes. */
function refusal(operation: OperationName, raw: unknown): ErrorPayload | undefined {
  try {
    requestValidators[operation](raw)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError)
    return toErrorPayload(error)
  }
}

const profile = {
  name: 'Desktop',
  region: 'com',
  clientType: 'pkce',
  clientId: '1234.app.coze',
  redirectUri: 'http://127.0.0.1:8080/callback',
}

describe('requestValidators: what a person typed is refused with a reason', () => {
  it.each([
    ['addProfile', { ...profile, name: '' }, 'profile-name-length'],
    ['addProfile', { ...profile, name: 'n'.repeat(101) }, 'profile-name-length'],
    ['addProfile', { ...profile, clientId: '' }, 'client-id-invalid'],
    ['addProfile', { ...profile, clientId: '1'.repeat(201) }, 'client-id-invalid'],
    ['addProfile', { ...profile, jwtDurationSeconds: 0 }, 'jwt-lifetime-range'],
    ['addProfile', { ...profile, jwtDurationSeconds: 86_400 }, 'jwt-lifetime-range'],
    ['addProfile', { ...profile, jwtDurationSeconds: 1.5 }, 'jwt-lifetime-range'],
    ['addPastedToken', { region: 'com', token: '' }, 'token-empty'],
    ['addPastedToken', { region: 'com', token: '  \n' }, 'token-empty'],
    ['addPastedToken', { region: 'com', token: 'x'.repeat(20_000) }, 'token-not-coze'],
    ['addPastedToken', { region: 'com', token: 'pat_x', expiresAt: 5 }, 'token-expiry-invalid'],
    ['addPastedToken', { region: 'com', token: 'pat_x', label: 'l'.repeat(101) }, 'label-length'],
    ['renameAccount', { accountId: 'a1', label: '' }, 'label-length'],
    ['renameAccount', { accountId: 'a1', label: 'l'.repeat(101) }, 'label-length'],
    ['updateSettings', { proxyUrl: 'proxy example 8080' }, 'proxy-url-invalid'],
    ['updateSettings', { proxyUrl: 'socks5://127.0.0.1:1080' }, 'proxy-url-scheme'],
    ['updateSettings', { clipboardClearSeconds: -1 }, 'clipboard-seconds-range'],
    ['updateSettings', { clipboardClearSeconds: 3601 }, 'clipboard-seconds-range'],
    ['exportAccounts', { passphrase: 'short' }, 'passphrase-too-short'],
  ] as const)('%s %j: %s', (operation, raw, reason) => {
    const payload = refusal(operation, raw)
    expect(payload?.code).toBe('INVALID_ARGUMENT')
    expect(payload?.params?.reason).toBe(reason)
    expect(invalidArgumentReasons).toContain(reason)
    // The English sentence stays, for the details and the log, and never quotes the value.
    expect(payload?.message).not.toBe('')
    if (typeof raw === 'object' && 'token' in raw && raw.token.length > 100) {
      expect(payload?.message).not.toContain(raw.token)
    }
  })

  it.each([
    ['addProfile', { ...profile, redirectUri: `http://127.0.0.1:8080/${'a'.repeat(500)}` }, 500],
    ['addProfile', { ...profile, clientSecret: 's'.repeat(1001) }, 1000],
    ['addProfile', { ...profile, sessionName: 's'.repeat(201) }, 200],
    ['updateSettings', { proxyUrl: `http://${'p'.repeat(500)}.example` }, 500],
    ['importAccounts', { fileId: 'f1', passphrase: 'p'.repeat(1001) }, 1000],
    ['chooseFile', { purpose: 'profile', path: `/${'d'.repeat(4096)}` }, 4096],
  ] as const)('%s: a text too long names its field and the limit', (operation, raw, max) => {
    const payload = refusal(operation, raw)
    expect(payload?.params?.reason).toBe('text-too-long')
    expect(payload?.params?.max).toBe(max)
    expect(textFields).toContain(payload?.params?.field)
  })

  it('says how long an export passphrase must be', () => {
    expect(refusal('exportAccounts', { passphrase: '123456789' })?.params).toEqual({
      reason: 'passphrase-too-short',
      min: 10,
    })
    expect(refusal('exportAccounts', { passphrase: '1234567890' })).toBeUndefined()
    // Importing tries whatever passphrase the person remembers.
    expect(refusal('importAccounts', { fileId: 'f1', passphrase: 'short' })).toBeUndefined()
  })

  it('lets good values through unchanged', () => {
    expect(requestValidators.addProfile({ ...profile, jwtDurationSeconds: 86_399 })).toEqual({
      ...profile,
      jwtDurationSeconds: 86_399,
    })
    expect(requestValidators.updateSettings({ proxyUrl: 'http://proxy.example:8080' })).toEqual({
      proxyUrl: 'http://proxy.example:8080',
    })
    expect(requestValidators.updateSettings({ proxyUrl: '' })).toEqual({ proxyUrl: '' })
    expect(requestValidators.updateSettings({ proxyUrl: null })).toEqual({ proxyUrl: null })
    expect(requestValidators.updateSettings({ clipboardClearSeconds: 0 })).toEqual({
      clipboardClearSeconds: 0,
    })
    expect(
      requestValidators.addPastedToken({ region: 'cn', token: 'pat_x', label: 'l'.repeat(100) }),
    ).toEqual({ region: 'cn', token: 'pat_x', label: 'l'.repeat(100) })
  })
})

describe('requestValidators: what only a bug can send has no reason', () => {
  it.each([
    ['addProfile', { ...profile, name: 7 }],
    ['addProfile', { ...profile, jwtDurationSeconds: '900' }],
    ['addProfile', { ...profile, jwtDurationSeconds: Number.NaN }],
    ['addProfile', { ...profile, surprise: true }],
    ['addPastedToken', { region: 'com' }],
    ['addPastedToken', { region: 'com', token: 'pat_x', expiresAt: '2030-01-01' }],
    ['renameAccount', { accountId: 'a1' }],
    ['updateSettings', { clipboardClearSeconds: '30' }],
    ['chooseFile', { purpose: 'profile', path: '' }],
    ['signIn', { signInId: 'has spaces', profileId: 'p1' }],
  ] as const)('%s %j', (operation, raw) => {
    const payload = refusal(operation, raw)
    expect(payload?.code).toBe('INVALID_ARGUMENT')
    expect(payload?.params?.reason).toBeUndefined()
  })
})

describe('requestValidators: the confirmation token of a weakening', () => {
  it('passes a token through with the change, for the handler to judge', () => {
    expect(
      requestValidators.updateSettings({ clipboardClearSeconds: 0, confirmationToken: 'a.b' }),
    ).toEqual({ clipboardClearSeconds: 0, confirmationToken: 'a.b' })
    expect(
      requestValidators.exportAccounts({ passphrase: '1234567890', confirmationToken: 'a.b' }),
    ).toEqual({ passphrase: '1234567890', confirmationToken: 'a.b' })
  })

  it.each([
    ['updateSettings', { clipboardClearSeconds: 0, confirmationToken: 42 }],
    ['updateSettings', { clipboardClearSeconds: 0, confirmationToken: '' }],
    ['updateSettings', { clipboardClearSeconds: 0, confirmationToken: 't'.repeat(201) }],
    ['exportAccounts', { passphrase: '1234567890', confirmationToken: ['a.b'] }],
  ] as const)('refuses %s with a token that is not one: %j', (operation, raw) => {
    expect(refusal(operation, raw)?.code).toBe('INVALID_ARGUMENT')
  })
})
