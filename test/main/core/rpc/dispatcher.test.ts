import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/main/core/errors'
import type { LogFields, Logger, LogLevel } from '../../../../src/main/core/logger'
import type { OperationHandlers } from '../../../../src/main/core/rpc/dispatcher'
import { createDispatcher } from '../../../../src/main/core/rpc/dispatcher'
import { createHandlers, requestValidators } from '../../../../src/main/core/rpc/handlers'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { memoryStores } from '../../../support/memory-stores'
import { defaultSettings } from '../../../../src/main/core/vault/metadata'
import { sampleAccount, sampleAccountId } from '../vault/fixtures/metadata-samples'

const appInfo = {
  name: 'Coze Auth Companion',
  version: '1.2.3',
  host: 'browser' as const,
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20' },
}

function recordingLogger(): Logger & {
  lines: { level: LogLevel; message: string; fields?: LogFields }[]
} {
  const lines: { level: LogLevel; message: string; fields?: LogFields }[] = []
  return {
    lines,
    log(level, message, fields) {
      lines.push(fields ? { level, message, fields } : { level, message })
    },
  }
}

function handlers(overrides: Partial<OperationHandlers> = {}): OperationHandlers {
  const { handlers: real } = createHandlers({
    appInfo,
    core: createAuthCore({ ...memoryStores(), browser: { open: async () => {} } }),
    storageStatus: () => ({
      secrets: { kind: 'keychain', persisted: true, encrypted: true },
      accountsNeedingSignIn: 0,
    }),
    settings: { get: () => ({ ...defaultSettings }), update: async () => ({ ...defaultSettings }) },
    copyToClipboard: async () => ({ clearsAt: null }),
    readLocalFile: async () => '',
    writeLocalFile: async () => {},
    dialogs: {
      chooseFile: async () => null,
      chooseSaveFile: async () => null,
      confirmReveal: async () => false,
    },
  })
  return { ...real, ...overrides }
}

describe('createDispatcher', () => {
  it('answers a known operation with its value', async () => {
    const dispatch = createDispatcher(handlers(), requestValidators, recordingLogger())
    await expect(dispatch('getAppInfo', undefined)).resolves.toEqual({ ok: true, value: appInfo })
  })

  it.each([['nope'], ['toString'], ['__proto__'], ['constructor'], [42], [null], [{}]])(
    'refuses the unknown operation %j',
    async (operation) => {
      const dispatch = createDispatcher(handlers(), requestValidators, recordingLogger())
      const result = await dispatch(operation, undefined)
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } })
    },
  )

  it('refuses an argument for an operation that takes none', async () => {
    const dispatch = createDispatcher(handlers(), requestValidators, recordingLogger())
    const result = await dispatch('listAccounts', { surprise: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('passes an AppError through with its code, log id and params', async () => {
    const failing = handlers({
      listAccounts: async () => {
        throw new AppError('PORT_IN_USE', 'Port 8080 is busy.', {
          logId: 'log-1',
          params: { port: 8080 },
        })
      },
    })
    const dispatch = createDispatcher(failing, requestValidators, recordingLogger())
    await expect(dispatch('listAccounts', undefined)).resolves.toEqual({
      ok: false,
      error: {
        code: 'PORT_IN_USE',
        message: 'Port 8080 is busy.',
        logId: 'log-1',
        params: { port: 8080 },
      },
    })
  })

  it('hides the message of an unexpected error, which might quote a secret, and logs its kind', async () => {
    const logger = recordingLogger()
    const failing = handlers({
      listAccounts: async () => {
        throw new TypeError('refresh_token=rt_supersecret is not a function')
      },
    })
    const dispatch = createDispatcher(failing, requestValidators, logger)
    const result = await dispatch('listAccounts', undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('supersecret')
    expect(JSON.stringify(logger.lines)).not.toContain('supersecret')
    expect(logger.lines).toEqual([
      {
        level: 'error',
        message: 'operation failed unexpectedly',
        fields: { operation: 'listAccounts', errorName: 'TypeError' },
      },
    ])
  })
})

describe('an account a newer build stored', () => {
  it('shows a refresh code this build does not know as internal, and a known one as it is', async () => {
    const stores = memoryStores()
    const { handlers: real } = createHandlers({
      appInfo,
      core: createAuthCore({ ...stores, browser: { open: async () => {} } }),
      storageStatus: () => ({
        secrets: { kind: 'keychain', persisted: true, encrypted: true },
        accountsNeedingSignIn: 0,
      }),
      settings: {
        get: () => ({ ...defaultSettings }),
        update: async () => ({ ...defaultSettings }),
      },
      copyToClipboard: async () => ({ clearsAt: null }),
      readLocalFile: async () => '',
      writeLocalFile: async () => {},
      dialogs: {
        chooseFile: async () => null,
        chooseSaveFile: async () => null,
        confirmReveal: async () => false,
      },
    })
    await stores.accounts.put(
      sampleAccount(1, { lastRefresh: { at: 5, ok: false, code: 'A_CODE_FROM_THE_FUTURE' } }),
    )
    await stores.accounts.put(
      sampleAccount(2, { lastRefresh: { at: 6, ok: false, code: 'NETWORK', logId: 'log-2' } }),
    )
    const dispatch = createDispatcher(real, requestValidators, recordingLogger())
    const lastRefreshOf = async (accountId: string): Promise<unknown> => {
      const answer = await dispatch('getAccount', { accountId })
      if (!answer.ok) throw new Error('getAccount failed')
      return (answer.value as { lastRefresh?: unknown }).lastRefresh
    }
    expect(await lastRefreshOf(sampleAccountId(1))).toEqual({ at: 5, ok: false, code: 'INTERNAL' })
    expect(await lastRefreshOf(sampleAccountId(2))).toEqual({
      at: 6,
      ok: false,
      code: 'NETWORK',
      logId: 'log-2',
    })
  })
})
