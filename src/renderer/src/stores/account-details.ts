import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { ErrorPayload } from '../../../shared/errors'
import type {
  AccountDetails,
  AccountSummary,
  TokenFormat,
  Unsubscribe,
} from '../../../shared/ipc-contract'
import { unwrap, useApi } from '../api/bridge'
import { useAccountsStore } from './accounts'
import { payloadOfCode, toErrorPayload } from './error-payload'

/** Going back to a recently opened account shows it at once; more than this is not worth keeping. */
export const detailsCacheSize = 8

export type AccountAction =
  'load' | 'refresh' | 'workspaces' | 'rename' | 'remove' | 'copy' | 'reveal'

export const useAccountDetailsStore = defineStore('account-details', () => {
  const selectedId = ref<string>()
  // Most recently used last; a plain record so it stays reactive and serialisable.
  const cache = ref<Record<string, AccountDetails>>({})
  const order: string[] = []
  const loading = ref(false)
  /*
   * The actions running, per account and per action (a count: two copies may overlap). Keyed by
   * account so that refreshing A neither shows "Refreshing…" on B nor blocks B's own Refresh, and
   * A's end cannot clear what B is doing.
   */
  const running = ref<Record<string, Partial<Record<AccountAction, number>>>>({})
  const error = ref<ErrorPayload>()
  // A slow answer for an id must not overwrite a newer one (or a removal) for the same id.
  const generation = new Map<string, number>()
  let unsubscribe: Unsubscribe | undefined

  const details = computed<AccountDetails | undefined>(() =>
    selectedId.value === undefined ? undefined : cache.value[selectedId.value],
  )

  /** Whether `action` is running for this account (by default the selected one). */
  function isBusy(action: AccountAction, accountId = selectedId.value): boolean {
    if (accountId === undefined) return false
    return (running.value[accountId]?.[action] ?? 0) > 0
  }

  /** An action running for the selected account (the latest started), if any. */
  const busy = computed<AccountAction | undefined>(() => {
    const id = selectedId.value
    const actions = id === undefined ? undefined : running.value[id]
    // Only running actions are kept, in the order they started.
    return actions ? (Object.keys(actions) as AccountAction[]).at(-1) : undefined
  })

  function markRunning(accountId: string, action: AccountAction, change: 1 | -1): void {
    const actions = (running.value[accountId] ??= {})
    const count = (actions[action] ?? 0) + change
    if (count > 0) actions[action] = count
    else delete actions[action]
    if (Object.keys(actions).length === 0) delete running.value[accountId]
  }

  function remember(account: AccountDetails): void {
    cache.value[account.id] = account
    const at = order.indexOf(account.id)
    if (at >= 0) order.splice(at, 1)
    order.push(account.id)
    while (order.length > detailsCacheSize) {
      // The selected account is on screen: never evict it from under the view.
      const victim = order.findIndex((id) => id !== selectedId.value)
      if (victim < 0) break
      const [evicted] = order.splice(victim, 1)
      if (evicted !== undefined) delete cache.value[evicted]
    }
  }

  function forget(id: string): void {
    generation.set(id, (generation.get(id) ?? 0) + 1)
    delete cache.value[id]
    const at = order.indexOf(id)
    if (at >= 0) order.splice(at, 1)
  }

  /**
   * Merges a summary (what refresh and rename answer) into the cached details, and into the list,
   * so the row and the detail agree before main's "changed" event brings the reload.
   */
  function mergeSummary(summary: AccountSummary): void {
    const cached = cache.value[summary.id]
    if (cached) cache.value[summary.id] = { ...cached, ...summary }
    useAccountsStore().update(summary)
  }

  /** What the details say about the last refresh, for the list's row (its summary does not). */
  function noteLastRefresh(account: AccountDetails): void {
    const last = account.lastRefresh
    if (!last) return
    const accounts = useAccountsStore()
    if (last.ok) {
      accounts.noteRefreshOutcome(account.id, undefined)
      return
    }
    // A failure the window already knows about keeps its own words and its notice.
    if (accounts.refreshFailures[account.id]) return
    accounts.noteRefreshOutcome(account.id, payloadOfCode(last.code, last.logId), { shown: false })
  }

  function follow(): void {
    unsubscribe ??= useApi().on.accountsChanged(({ accountIds }) => {
      for (const id of accountIds) {
        if (id === selectedId.value) void load(id)
        // Not on screen: drop it rather than fetch it, the next select loads it fresh.
        else if (cache.value[id]) forget(id)
      }
    })
  }

  async function load(id: string): Promise<void> {
    const mine = (generation.get(id) ?? 0) + 1
    generation.set(id, mine)
    if (id === selectedId.value) loading.value = true
    try {
      const account = unwrap(await useApi().getAccount({ accountId: id }))
      if (generation.get(id) !== mine) return
      remember(account)
      noteLastRefresh(account)
      if (id === selectedId.value) error.value = undefined
    } catch (caught) {
      if (generation.get(id) !== mine) return
      const payload = toErrorPayload(caught)
      // Gone in main: a cached copy would show an account that no longer exists.
      if (payload.code === 'NOT_FOUND') forget(id)
      if (id === selectedId.value) error.value = payload
    } finally {
      if (id === selectedId.value && generation.get(id) === mine) loading.value = false
    }
  }

  /** Shows `id` (the cached copy at once, if any) and fetches it fresh; undefined clears it. */
  async function select(id: string | undefined): Promise<void> {
    selectedId.value = id
    error.value = undefined
    loading.value = false
    if (id === undefined) return
    follow()
    await load(id)
  }

  /**
   * Runs one action on the selected account. The id is taken when the action starts, so switching
   * accounts while it runs cannot apply the answer to the wrong one. A failure goes to `error`
   * (the screen's notice) unless `onFailure` keeps it somewhere of its own.
   */
  async function act<T>(
    action: AccountAction,
    run: (accountId: string) => Promise<T>,
    onFailure?: (accountId: string, failure: ErrorPayload) => void,
  ): Promise<T | undefined> {
    const id = selectedId.value
    if (id === undefined) return undefined
    markRunning(id, action, 1)
    error.value = undefined
    try {
      return await run(id)
    } catch (caught) {
      if (onFailure) onFailure(id, toErrorPayload(caught))
      else if (id === selectedId.value) error.value = toErrorPayload(caught)
      return undefined
    } finally {
      markRunning(id, action, -1)
    }
  }

  /*
   * A failed refresh is kept per account in the accounts store, not in `error`: it belongs beside
   * the Refresh button until the next successful refresh or a dismissal, and the reload main's
   * "changed" event brings (which clears `error`) must not take it away.
   */
  async function refresh(): Promise<boolean> {
    const accounts = useAccountsStore()
    const done = await act(
      'refresh',
      async (accountId) => {
        mergeSummary(unwrap(await useApi().refreshAccount({ accountId })))
        accounts.noteRefreshOutcome(accountId, undefined)
        return true
      },
      (accountId, failure) => accounts.noteRefreshOutcome(accountId, failure),
    )
    return done ?? false
  }

  async function refreshWorkspaces(): Promise<boolean> {
    const done = await act('workspaces', async (accountId) => {
      remember(unwrap(await useApi().refreshWorkspaces({ accountId })))
      return true
    })
    return done ?? false
  }

  async function rename(label: string): Promise<boolean> {
    const done = await act('rename', async (accountId) => {
      mergeSummary(unwrap(await useApi().renameAccount({ accountId, label })))
      return true
    })
    return done ?? false
  }

  async function remove(): Promise<boolean> {
    const done = await act('remove', async (accountId) => {
      const { undoUntil } = unwrap(await useApi().removeAccount({ accountId }))
      forget(accountId)
      useAccountsStore().noteRemoved(accountId, undoUntil)
      if (selectedId.value === accountId) selectedId.value = undefined
      return true
    })
    return done ?? false
  }

  /** Main copies the token; the answer says when the clipboard clears (null: never). */
  async function copy(format: TokenFormat): Promise<number | null | undefined> {
    return act('copy', async (accountId) => {
      return unwrap(await useApi().copyToken({ accountId, format })).clearsAt
    })
  }

  /**
   * The token, for the caller to show and then drop. It is returned, never kept in the store:
   * state is visible to devtools and outlives the dialog that asked for it.
   */
  async function reveal(): Promise<string | undefined> {
    return act('reveal', async (accountId) => {
      return unwrap(await useApi().revealToken({ accountId })).token
    })
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }
  onScopeDispose(stop)

  return {
    selectedId,
    cache,
    details,
    loading,
    busy,
    isBusy,
    error,
    select,
    refresh,
    refreshWorkspaces,
    rename,
    remove,
    copy,
    reveal,
    stop,
  }
})
