import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Result } from '../../../src/shared/errors'
import type { AccountDetails, AccountSummary } from '../../../src/shared/ipc-contract'
import { installApi } from '../../../src/renderer/src/api/bridge'
import {
  detailsCacheSize,
  useAccountDetailsStore,
} from '../../../src/renderer/src/stores/account-details'
import { useAccountsStore } from '../../../src/renderer/src/stores/accounts'
import type { FakeApi } from '../fake-api'
import { createFakeApi } from '../fake-api'
import { deferred, details, failure, later, ok, summary } from './helpers'

let api: FakeApi
let pinia: Pinia
const server = new Map<string, AccountDetails>()

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  api = createFakeApi()
  installApi(api)
  server.clear()
  server.set('a1', details('a1'))
  server.set('a2', details('a2'))
  api.answers.getAccount = (request) => {
    const found = server.get((request as { accountId: string }).accountId)
    return found ? ok(structuredClone(found)) : failure('NOT_FOUND')
  }
})

function callsOf(operation: string): unknown[] {
  return api.calls.filter((call) => call.operation === operation).map((call) => call.request)
}

describe('useAccountDetailsStore', () => {
  it('loads the selected account', async () => {
    const store = useAccountDetailsStore()
    await store.select('a1')
    expect(store.details?.label).toBe('Account a1')
    expect(store.details?.workspaces).toHaveLength(1)
    expect(store.error).toBeUndefined()
    expect(store.loading).toBe(false)
    expect(callsOf('getAccount')).toEqual([{ accountId: 'a1' }])
  })

  it('keeps a failed load as the error and shows nothing stale', async () => {
    api.answers.getAccount = () => failure('KEYCHAIN_LOCKED', 'The keychain is locked.')
    const store = useAccountDetailsStore()
    await store.select('a1')
    expect(store.error).toEqual({ code: 'KEYCHAIN_LOCKED', message: 'The keychain is locked.' })
    expect(store.details).toBeUndefined()
    expect(store.loading).toBe(false)
  })

  it('drops an account main no longer has from the cache', async () => {
    const store = useAccountDetailsStore()
    await store.select('a1')
    server.delete('a1')
    await store.select('a1')
    expect(store.error?.code).toBe('NOT_FOUND')
    expect(store.details).toBeUndefined()
    expect(store.cache.a1).toBeUndefined()
  })

  it('reloads the selected account when main says it changed', async () => {
    const store = useAccountDetailsStore()
    await store.select('a1')
    server.set('a1', details('a1', { label: 'Renamed elsewhere' }))
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    expect(store.details?.label).toBe('Renamed elsewhere')
    expect(callsOf('getAccount')).toHaveLength(2)
  })

  it('evicts a cached account that changed off screen instead of fetching it', async () => {
    const store = useAccountDetailsStore()
    await store.select('a2')
    await store.select('a1')
    api.emit('accountsChanged', { accountIds: ['a2', 'zz'] })
    await flushPromises()
    expect(store.cache.a2).toBeUndefined()
    expect(store.cache.a1).toBeDefined()
    expect(callsOf('getAccount')).toHaveLength(2)
  })

  it('ignores a late answer for an account that is no longer selected', async () => {
    const slow = deferred<Result<AccountDetails>>()
    api.answers.getAccount = later(slow)
    const store = useAccountDetailsStore()
    const first = store.select('a1')
    api.answers.getAccount = () => ok(details('a2'))
    await store.select('a2')
    slow.resolve(failure('NETWORK'))
    await first
    expect(store.selectedId).toBe('a2')
    expect(store.details?.id).toBe('a2')
    expect(store.error).toBeUndefined()
  })

  it.each([
    ['an older copy', ok(details('a1', { label: 'Older' }))],
    ['a failure', failure('NETWORK')],
  ])('lets a newer answer for the same account win over %s that arrives later', async (_, late) => {
    const slow = deferred<Result<AccountDetails>>()
    api.answers.getAccount = later(slow)
    const store = useAccountDetailsStore()
    const first = store.select('a1')
    api.answers.getAccount = () => ok(details('a1', { label: 'Newer' }))
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    slow.resolve(late)
    await first
    expect(store.details?.label).toBe('Newer')
    expect(store.error).toBeUndefined()
    expect(store.loading).toBe(false)
  })

  it('keeps no more than a few accounts, never evicting the selected one', async () => {
    for (let index = 0; index < detailsCacheSize + 3; index += 1) {
      server.set(`x${index}`, details(`x${index}`))
    }
    const store = useAccountDetailsStore()
    for (let index = 0; index < detailsCacheSize + 3; index += 1) await store.select(`x${index}`)
    expect(Object.keys(store.cache)).toHaveLength(detailsCacheSize)
    expect(store.details?.id).toBe(`x${detailsCacheSize + 2}`)
    expect(store.cache.x0).toBeUndefined()
  })

  it('refreshes, renames and re-reads workspaces into the cached details', async () => {
    api.answers.refreshAccount = () =>
      ok(summary('a1', { accessTokenExpiresAt: 1_800_000_000_000 }))
    api.answers.renameAccount = (request) =>
      ok(summary('a1', { label: (request as { label: string }).label }))
    api.answers.refreshWorkspaces = () =>
      ok(details('a1', { label: 'Work', workspaces: [], workspacesKnown: false }))
    const store = useAccountDetailsStore()
    await store.select('a1')

    expect(await store.refresh()).toBe(true)
    expect(store.details?.accessTokenExpiresAt).toBe(1_800_000_000_000)
    expect(store.details?.workspaces).toHaveLength(1)

    expect(await store.rename('Work')).toBe(true)
    expect(store.details?.label).toBe('Work')
    expect(callsOf('renameAccount')).toEqual([{ accountId: 'a1', label: 'Work' }])

    expect(await store.refreshWorkspaces()).toBe(true)
    expect(store.details?.workspacesKnown).toBe(false)
    expect(store.busy).toBeUndefined()
  })

  it('keeps each account’s busy state to itself', async () => {
    const slowA = deferred<Result<AccountSummary>>()
    api.answers.refreshAccount = later(slowA)
    const store = useAccountDetailsStore()
    await store.select('a1')
    const refreshingA = store.refresh()
    expect(store.busy).toBe('refresh')
    expect(store.isBusy('refresh', 'a1')).toBe(true)

    // B opened while A refreshes: B is not refreshing, and its own Refresh goes through.
    await store.select('a2')
    expect(store.busy).toBeUndefined()
    expect(store.isBusy('refresh')).toBe(false)
    const slowB = deferred<Result<AccountSummary>>()
    api.answers.refreshAccount = later(slowB)
    const refreshingB = store.refresh()
    expect(store.busy).toBe('refresh')
    expect(callsOf('refreshAccount')).toEqual([{ accountId: 'a1' }, { accountId: 'a2' }])

    // A finishing does not end B's refresh.
    slowA.resolve(ok(summary('a1')))
    expect(await refreshingA).toBe(true)
    expect(store.isBusy('refresh', 'a2')).toBe(true)
    expect(store.busy).toBe('refresh')
    expect(store.isBusy('refresh', 'a1')).toBe(false)
    slowB.resolve(ok(summary('a2')))
    expect(await refreshingB).toBe(true)
    expect(store.busy).toBeUndefined()
  })

  it('counts overlapping actions on one account: the first to end does not clear the other', async () => {
    const slowRefresh = deferred<Result<AccountSummary>>()
    api.answers.refreshAccount = later(slowRefresh)
    api.answers.copyToken = () => ok({ clearsAt: null })
    const store = useAccountDetailsStore()
    await store.select('a1')
    const refreshing = store.refresh()
    await store.copy('raw')
    expect(store.isBusy('copy')).toBe(false)
    expect(store.isBusy('refresh')).toBe(true)
    expect(store.busy).toBe('refresh')
    slowRefresh.resolve(ok(summary('a1')))
    await refreshing
    expect(store.busy).toBeUndefined()
  })

  it('keeps the old details when an action fails, with the failure as the error', async () => {
    api.answers.renameAccount = () => failure('STORE_FAILED')
    api.answers.refreshAccount = () => failure('REFRESH_TOKEN_DEAD')
    const store = useAccountDetailsStore()
    await store.select('a1')
    expect(await store.rename('Nope')).toBe(false)
    expect(store.details?.label).toBe('Account a1')
    expect(store.error?.code).toBe('STORE_FAILED')
    // A failed refresh is kept for its account (beside its button, and on its row), not as the
    // screen's error, which the reload after main's "changed" event would clear.
    expect(await store.refresh()).toBe(false)
    expect(store.error).toBeUndefined()
    expect(useAccountsStore().refreshFailures.a1?.error.code).toBe('REFRESH_TOKEN_DEAD')
    expect(store.busy).toBeUndefined()
  })

  it('removes the account and clears the selection', async () => {
    api.answers.removeAccount = () => ok({ removed: true, undoUntil: Date.now() + 8000 })
    const store = useAccountDetailsStore()
    await store.select('a1')
    expect(await store.remove()).toBe(true)
    expect(store.selectedId).toBeUndefined()
    expect(store.details).toBeUndefined()
    expect(store.cache.a1).toBeUndefined()
  })

  it('does nothing without a selected account', async () => {
    const store = useAccountDetailsStore()
    expect(await store.refresh()).toBe(false)
    expect(await store.copy('raw')).toBeUndefined()
    expect(api.calls).toEqual([])
  })

  it('copies through main and returns when the clipboard clears', async () => {
    api.answers.copyToken = () => ok({ clearsAt: 1_700_000_030_000 })
    const store = useAccountDetailsStore()
    await store.select('a1')
    expect(await store.copy('curl')).toBe(1_700_000_030_000)
    expect(callsOf('copyToken')).toEqual([{ accountId: 'a1', format: 'curl' }])
    api.answers.copyToken = () => failure('KEYCHAIN_DENIED')
    expect(await store.copy('raw')).toBeUndefined()
    expect(store.error?.code).toBe('KEYCHAIN_DENIED')
  })

  it('returns a revealed token without keeping it in any store state', async () => {
    const token = 'revealed-value-for-display-only'
    api.answers.revealToken = () => ok({ token })
    const store = useAccountDetailsStore()
    await store.select('a1')
    expect(await store.reveal()).toBe(token)
    expect(JSON.stringify(pinia.state.value)).not.toContain(token)
  })

  it('keeps the list in step: a rename or refresh updates the row, a removal drops it', async () => {
    api.state.accounts = [summary('a1'), summary('a2')]
    api.answers.renameAccount = (request) =>
      ok(summary('a1', { label: (request as { label: string }).label }))
    api.answers.refreshAccount = () =>
      ok(summary('a1', { label: 'Work', accessTokenExpiresAt: 1_800_000_000_000 }))
    api.answers.removeAccount = () => ok({ removed: true, undoUntil: Date.now() + 8000 })
    const list = useAccountsStore()
    await list.load()
    const store = useAccountDetailsStore()
    await store.select('a1')

    await store.rename('Work')
    expect(list.accounts[0]?.label).toBe('Work')
    await store.refresh()
    expect(list.accounts[0]?.accessTokenExpiresAt).toBe(1_800_000_000_000)
    await store.remove()
    expect(list.accounts.map((account) => account.id)).toEqual(['a2'])
  })
})
