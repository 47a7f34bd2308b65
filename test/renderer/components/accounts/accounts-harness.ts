import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import type { AccountDetails, AccountSummary } from '../../../../src/shared/ipc-contract'
import { installApi } from '../../../../src/renderer/src/api/bridge'
import { useAccountsStore } from '../../../../src/renderer/src/stores/accounts'
import { copyFormatStorageKey } from '../../../../src/renderer/src/stores/copy-format'
import { useClockStore } from '../../../../src/renderer/src/stores/clock'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import AccountsView from '../../../../src/renderer/src/views/AccountsView.vue'
import type { FakeApi } from '../../fake-api'
import { createFakeApi } from '../../fake-api'
import { details, failure, ok, summary } from '../../stores/helpers'

/** The frozen "now" of every accounts test: expiries below are written relative to it. */
export const now = 1_700_000_000_000
export const minute = 60_000
export const day = 24 * 60 * minute

export interface AccountsHarness {
  api: FakeApi
  pinia: Pinia
  /** What getAccount answers, by id; tests change it to show what main would. */
  server: Map<string, AccountDetails>
  /** Sets the list main holds, with matching details for each account. */
  setAccounts(accounts: AccountSummary[]): void
  mountView(options?: { selectedId?: string }): Promise<VueWrapper>
  callsOf(operation: string): unknown[]
}

/**
 * The accounts screen against the fake API, on a frozen shared clock: the same stores the window
 * uses, main's answers set per test. Mounted into the document so focus can be checked.
 */
export function createAccountsHarness(): AccountsHarness {
  // The window remembers the copy format across starts; each test starts as a first start.
  window.localStorage.removeItem(copyFormatStorageKey)
  const pinia = createPinia()
  setActivePinia(pinia)
  const api = createFakeApi()
  installApi(api)
  useClockStore().setNow(now)
  const server = new Map<string, AccountDetails>()
  api.answers.getAccount = (request) => {
    const found = server.get((request as { accountId: string }).accountId)
    return found ? ok(structuredClone(found)) : failure('NOT_FOUND')
  }

  return {
    api,
    pinia,
    server,
    setAccounts(accounts) {
      api.state.accounts = accounts
      server.clear()
      for (const account of accounts) server.set(account.id, details(account.id, { ...account }))
    },
    async mountView(options = {}) {
      await useAccountsStore().load()
      if (options.selectedId !== undefined) useNavigationStore().openAccount(options.selectedId)
      const wrapper = mount(AccountsView, {
        global: { plugins: [pinia] },
        attachTo: document.body,
      })
      await flushPromises()
      return wrapper
    },
    callsOf(operation) {
      return api.calls.filter((call) => call.operation === operation).map((call) => call.request)
    },
  }
}

/** `count` accounts of every method and region, with expiries spread around the thresholds. */
export function manyAccounts(count: number): AccountSummary[] {
  const methods = ['pkce', 'web', 'device', 'jwt', 'pat', 'sat'] as const
  return Array.from({ length: count }, (_, index) => {
    const method = methods[index % methods.length] ?? 'pkce'
    return summary(`acct-${index}`, {
      label: `Account ${String(index).padStart(4, '0')}`,
      region: index % 2 === 0 ? 'com' : 'cn',
      method,
      accessTokenExpiresAt: now + ((index % 7) - 1) * 10 * minute,
      workspaceCount: index % 4,
      tokenHint: `pat_…${String(index).padStart(4, '0')}`,
    })
  })
}
