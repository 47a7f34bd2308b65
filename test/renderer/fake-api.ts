import type { Result } from '../../src/shared/errors'
import type { AccountSummary, AppInfo, CompanionApi, Events } from '../../src/shared/ipc-contract'

/**
 * An in-memory CompanionApi for component tests: it answers with the values a test sets and lets
 * the test push events, exactly as main would through the preload.
 */
export interface FakeApi extends CompanionApi {
  state: { info: AppInfo; accounts: AccountSummary[]; failList?: Result<never> }
  emit<E extends keyof Events>(name: E, payload: Events[E]): void
  calls: string[]
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
  const calls: string[] = []
  const subscribe =
    (name: keyof Events) =>
    (listener: (payload: never) => void): (() => void) => {
      const set = listeners.get(name) ?? new Set()
      set.add(listener)
      listeners.set(name, set)
      return () => set.delete(listener)
    }
  return {
    state,
    calls,
    async getAppInfo() {
      calls.push('getAppInfo')
      return { ok: true, value: structuredClone(state.info) }
    },
    async listAccounts() {
      calls.push('listAccounts')
      return state.failList ?? { ok: true, value: structuredClone(state.accounts) }
    },
    async getStorageStatus() {
      calls.push('getStorageStatus')
      return {
        ok: true,
        value: {
          secrets: { kind: 'keychain', persisted: true, encrypted: true },
          accountsNeedingSignIn: 0,
        },
      }
    },
    on: { accountsChanged: subscribe('accountsChanged') },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) listener(payload as never)
    },
  }
}
