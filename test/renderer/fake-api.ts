import type { Result } from '../../src/shared/errors'
import type {
  AccountSummary,
  AppInfo,
  CompanionApi,
  EventName,
  Events,
  OperationName,
  ResponseOf,
} from '../../src/shared/ipc-contract'
import { eventChannels, operationChannels } from '../../src/shared/ipc-contract'

/**
 * An in-memory CompanionApi for component tests: it answers with the values a test sets and lets
 * the test push events, exactly as main would through the preload. Operations a test does not
 * answer fail with a clear error, so a component that calls something unexpected is noticed.
 */
export interface FakeApi extends CompanionApi {
  state: { info: AppInfo; accounts: AccountSummary[]; failList?: Result<never> }
  answers: Partial<{ [K in OperationName]: (request: unknown) => Result<ResponseOf<K>> }>
  emit<E extends EventName>(name: E, payload: Events[E]): void
  calls: { operation: OperationName; request: unknown }[]
}

export function createFakeApi(): FakeApi {
  const listeners = new Map<string, Set<(payload: never) => void>>()
  const state: FakeApi['state'] = {
    info: {
      name: 'Coze Auth Companion',
      version: '0.1.0',
      host: 'browser',
      platform: 'linux',
      arch: 'x64',
      versions: { node: '20.20.2' },
    },
    accounts: [],
  }
  const calls: FakeApi['calls'] = []
  const answers: FakeApi['answers'] = {
    getAppInfo: () => ({ ok: true, value: structuredClone(state.info) }),
    listAccounts: () => state.failList ?? { ok: true, value: structuredClone(state.accounts) },
    getUpdateStatus: () => ({ ok: true, value: { state: 'off', reason: 'browser-host' } }),
    getStorageStatus: () => ({
      ok: true,
      value: {
        secrets: { kind: 'keychain', persisted: true, encrypted: true },
        accountsNeedingSignIn: 0,
      },
    }),
  }
  const api: Record<string, unknown> = { state, calls, answers }
  for (const operation of Object.keys(operationChannels) as OperationName[]) {
    api[operation] = async (request?: unknown) => {
      calls.push({ operation, request })
      const answer = answers[operation] as ((request: unknown) => Result<unknown>) | undefined
      return (
        answer?.(request) ?? {
          ok: false,
          error: {
            code: 'UNKNOWN_OPERATION',
            message: `The fake API has no answer for ${operation}.`,
          },
        }
      )
    }
  }
  const on: Record<string, unknown> = {}
  for (const name of Object.keys(eventChannels)) {
    on[name] = (listener: (payload: never) => void): (() => void) => {
      const set = listeners.get(name) ?? new Set()
      set.add(listener)
      listeners.set(name, set)
      return () => set.delete(listener)
    }
  }
  api.on = on
  api.emit = (name: string, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(payload as never)
  }
  return api as unknown as FakeApi
}
