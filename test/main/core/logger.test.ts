import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsoleLogger, redactFields } from '../../../src/main/core/logger'

describe('redactFields', () => {
  it('replaces every secret-looking field and keeps the rest', () => {
    expect(
      redactFields({
        accessToken: 'czu_abc',
        refresh_token: 'rt',
        clientSecret: 's',
        privateKeyPem: 'pem',
        code_verifier: 'v',
        authorization: 'Bearer x',
        code: 'code_abc',
        deviceCode: 'dc',
        apiKey: 'k',
        accountId: 'acc-1',
        attempt: 2,
        errorCode: 'NETWORK',
        publicKeyId: 'kid-1',
      }),
    ).toEqual({
      accessToken: '[redacted]',
      refresh_token: '[redacted]',
      clientSecret: '[redacted]',
      privateKeyPem: '[redacted]',
      code_verifier: '[redacted]',
      authorization: '[redacted]',
      code: '[redacted]',
      deviceCode: '[redacted]',
      apiKey: '[redacted]',
      accountId: 'acc-1',
      attempt: 2,
      errorCode: 'NETWORK',
      publicKeyId: 'kid-1',
    })
  })
})

describe('createConsoleLogger', () => {
  afterEach(() => vi.restoreAllMocks())

  it('drops lines below its level and redacts what it prints', () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => {})
    const err = vi.spyOn(console, 'error').mockImplementation(() => {})
    const logger = createConsoleLogger('info')
    logger.log('debug', 'hidden')
    logger.log('info', 'refreshed', { accountId: 'a1', accessToken: 'czu_leak' })
    logger.log('error', 'failed')
    expect(out.mock.calls).toEqual([
      ['[info] refreshed {"accountId":"a1","accessToken":"[redacted]"}'],
    ])
    expect(err.mock.calls).toEqual([['[error] failed']])
  })
})
