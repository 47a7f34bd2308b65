import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Result } from '../../../src/shared/errors'
import type { AccountSummary } from '../../../src/shared/ipc-contract'
import { installApi } from '../../../src/renderer/src/api/bridge'
import { useAccountsStore } from '../../../src/renderer/src/stores/accounts'
import type { FakeApi } from '../fake-api'
import { createFakeApi } from '../fake-api'
import { deferred, failure, later, ok, summary } from './helpers'

let api: FakeApi

beforeEach(() => {
  setActivePinia(createPinia())
  api = createFakeApi()
  installApi(api)
})

describe('useAccountsStore', () => {
  describe('refresh failures', () => {
    it('records the failures of Refresh all, and keeps them through reloads', async () => {
      api.state.accounts = [summary('a1'), summary('a2'), summary('a3')]
      api.answers.refreshAllAccounts = () =>
        ok([
          { accountId: 'a1', ok: true },
          { accountId: 'a2', ok: false, code: 'NETWORK' },
          { accountId: 'a3', ok: false },
        ])
      const store = useAccountsStore()
      await store.load()
      await store.refreshAll()
      expect(Object.keys(store.refreshFailures)).toEqual(['a2', 'a3'])
      expect(store.refreshFailures.a2?.error.code).toBe('NETWORK')
      expect(store.refreshFailures.a3?.error.code).toBe('INTERNAL')
      await store.load()
      expect(Object.keys(store.refreshFailures)).toEqual(['a2', 'a3'])
    })

    it('forgets one when main renewed the token since, or the account is gone', async () => {
      const expiresAt = 1_700_000_900_000
      api.state.accounts = [
        summary('a1', { accessTokenExpiresAt: expiresAt }),
        summary('a2', { accessTokenExpiresAt: expiresAt }),
        summary('a3', { accessTokenExpiresAt: expiresAt }),
      ]
      const store = useAccountsStore()
      await store.load()
      for (const id of ['a1', 'a2', 'a3']) {
        store.noteRefreshOutcome(id, { code: 'NETWORK', message: '' })
      }
      // Main renewed a1 on its own; a2 is unchanged; a3 was removed elsewhere.
      api.state.accounts = [
        summary('a1', { accessTokenExpiresAt: expiresAt + 15 * 60_000 }),
        summary('a2', { accessTokenExpiresAt: expiresAt }),
      ]
      await store.load()
      expect(Object.keys(store.refreshFailures)).toEqual(['a2'])
    })

    it('a dismissal hides the notice but keeps the mark; success clears both', async () => {
      api.state.accounts = [summary('a1')]
      const store = useAccountsStore()
      await store.load()
      store.noteRefreshOutcome('a1', { code: 'NETWORK', message: '' })
      expect(store.refreshFailures.a1?.dismissed).toBe(false)
      store.dismissRefreshFailure('a1')
      expect(store.refreshFailures.a1?.dismissed).toBe(true)
      store.noteRefreshOutcome('a1', undefined)
      expect(store.refreshFailures.a1).toBeUndefined()
    })
  })

  it('loads the list and counts it', async () => {
    api.state.accounts = [summary('a1'), summary('a2')]
    const store = useAccountsStore()
    expect(store.loaded).toBe(false)
    await store.load()
    expect(store.loaded).toBe(true)
    expect(store.count).toBe(2)
    expect(store.accounts.map((account) => account.id)).toEqual(['a1', 'a2'])
  })

  it('keeps a failed load as the error, and clears it on the next good one', async () => {
    api.state.failList = failure('KEYCHAIN_LOCKED')
    const store = useAccountsStore()
    await store.load()
    expect(store.error?.code).toBe('KEYCHAIN_LOCKED')
    expect(store.loaded).toBe(true)
    api.state.failList = undefined
    await store.load()
    expect(store.error).toBeUndefined()
  })

  it('reloads when main says the accounts changed, until told to stop', async () => {
    const store = useAccountsStore()
    const stop = store.follow()
    api.state.accounts = [summary('a1')]
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    expect(store.count).toBe(1)
    stop()
    api.state.accounts = []
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    expect(store.count).toBe(1)
  })

  it('answers a burst of 50 changes with at most two loads, ending with the latest list', async () => {
    const store = useAccountsStore()
    store.follow()
    for (let index = 0; index < 50; index += 1) {
      // Main changes one more account and says so, faster than a load can answer.
      api.state.accounts = [summary(`v${index}`)]
      api.emit('accountsChanged', { accountIds: [`v${index}`] })
    }
    await flushPromises()
    expect(
      api.calls.filter((call) => call.operation === 'listAccounts').length,
    ).toBeLessThanOrEqual(2)
    expect(store.accounts.map((account) => account.id)).toEqual(['v49'])
  })

  it('loads once more for a change that comes while a load is in flight', async () => {
    const slow = deferred<Result<AccountSummary[]>>()
    api.answers.listAccounts = later(slow)
    const store = useAccountsStore()
    store.follow()
    api.emit('accountsChanged', { accountIds: ['a1'] })
    api.emit('accountsChanged', { accountIds: ['a2'] })
    api.emit('accountsChanged', { accountIds: ['a3'] })
    await flushPromises()
    // One load is running; the other changes wait for it instead of starting loads of their own.
    expect(api.calls.map((call) => call.operation)).toEqual(['listAccounts'])
    api.answers.listAccounts = () => ok([summary('a1'), summary('a2'), summary('a3')])
    slow.resolve(ok([summary('a1')]))
    await flushPromises()
    expect(api.calls.map((call) => call.operation)).toEqual(['listAccounts', 'listAccounts'])
    expect(store.count).toBe(3)
    // Quiet again: the next change loads at once.
    api.answers.listAccounts = () => ok([summary('a1')])
    api.emit('accountsChanged', { accountIds: ['a2', 'a3'] })
    await flushPromises()
    expect(api.calls).toHaveLength(3)
    expect(store.count).toBe(1)
  })

  it('lets the newest of overlapping loads win, whatever order they answer in', async () => {
    const slow = deferred<Result<AccountSummary[]>>()
    api.answers.listAccounts = later(slow)
    const store = useAccountsStore()
    const first = store.load()
    api.answers.listAccounts = () => ok([summary('new')])
    await store.load()
    slow.resolve(ok([summary('old')]))
    await first
    expect(store.accounts.map((account) => account.id)).toEqual(['new'])
  })

  it('updates one row in place and drops a removed one', async () => {
    api.state.accounts = [summary('a1'), summary('a2')]
    const store = useAccountsStore()
    await store.load()
    store.update(summary('a2', { label: 'Renamed' }))
    store.update(summary('unknown', { label: 'Not in the list' }))
    expect(store.accounts.map((account) => account.label)).toEqual(['Account a1', 'Renamed'])
    store.drop('a1')
    store.drop('missing')
    expect(store.accounts.map((account) => account.id)).toEqual(['a2'])
  })

  it('refreshes all through main, keeps the answer, and reloads the list once', async () => {
    api.state.accounts = [summary('a1'), summary('a2')]
    const results = [
      { accountId: 'a1', ok: true },
      { accountId: 'a2', ok: false, code: 'NETWORK' as const },
    ]
    api.answers.refreshAllAccounts = () => ok(results)
    const store = useAccountsStore()
    const pending = store.refreshAll()
    expect(store.refreshingAll).toBe(true)
    expect(await pending).toEqual(results)
    expect(store.refreshingAll).toBe(false)
    expect(store.refreshAllResult).toEqual(results)
    expect(store.count).toBe(2)
    const operations = api.calls.map((call) => call.operation)
    expect(operations).toEqual(['refreshAllAccounts', 'listAccounts'])
  })

  it('keeps a failed refresh-all as its own error, apart from the list’s', async () => {
    api.answers.refreshAllAccounts = () => failure('NETWORK')
    const store = useAccountsStore()
    expect(await store.refreshAll()).toBeUndefined()
    expect(store.refreshAllError?.code).toBe('NETWORK')
    expect(store.error).toBeUndefined()
    expect(store.refreshingAll).toBe(false)
  })
})
