import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ErrorPayload } from '../../../shared/errors'
import type { AccountSummary, ResponseOf } from '../../../shared/ipc-contract'
import { unwrap, useApi } from '../api/bridge'
import { payloadOfCode, toErrorPayload } from './error-payload'

export type RefreshAllResult = ResponseOf<'refreshAllAccounts'>

/**
 * A refresh that failed, as far as the window has seen it. `dismissed`: the person closed its
 * notice beside the Refresh button; the account stays marked as failed until a refresh succeeds.
 */
export interface RefreshFailure {
  error: ErrorPayload
  dismissed: boolean
  /** The access token's expiry when it failed: a later one means main renewed it since. */
  expiresAt?: number
}

export const useAccountsStore = defineStore('accounts', () => {
  const accounts = ref<AccountSummary[]>([])
  const loaded = ref(false)
  const error = ref<ErrorPayload>()
  const refreshingAll = ref(false)
  const refreshAllResult = ref<RefreshAllResult>()
  const refreshAllError = ref<ErrorPayload>()
  /**
   * The last copy made straight from the list (Ctrl/⌘+C on a row); `refused`: the account's
   * token no longer works, so nothing was copied.
   */
  const quickCopy = ref<
    { label: string; clearsAt: number | null } | { error: ErrorPayload } | { refused: string }
  >()
  /*
   * Accounts whose last refresh failed, by id. The summaries main lists carry no refresh outcome,
   * so the list learns it from what the window saw: a refresh here, Refresh All, or an account's
   * details (their lastRefresh). Kept apart from `accounts` so a reload does not forget it; the
   * next successful refresh clears it.
   */
  const refreshFailures = ref<Record<string, RefreshFailure>>({})
  /**
   * The account removed last, while main still lets it be undone (until `undoUntil`, Unix ms):
   * the toast's "Undo" sends it back. Only the last one: a second removal replaces the offer.
   */
  const removal = ref<{ accountId: string; label: string; undoUntil: number }>()
  const undoError = ref<ErrorPayload>()
  let unsubscribe: (() => void) | undefined
  // Main sends "changed" once per change: loads can overlap, and only the newest may land.
  let latestLoad = 0

  const count = computed(() => accounts.value.length)

  async function load(): Promise<void> {
    const mine = ++latestLoad
    try {
      const listed = unwrap(await useApi().listAccounts())
      if (mine !== latestLoad) return
      accounts.value = listed
      forgetRenewedFailures()
      error.value = undefined
    } catch (caught) {
      if (mine !== latestLoad) return
      error.value = toErrorPayload(caught)
    } finally {
      if (mine === latestLoad) loaded.value = true
    }
  }

  /*
   * Main's "changed" events come in bursts: with 1,000 accounts its renewals arrive about once a
   * second, and Refresh All sends one per account. One reload runs at a time; events during it
   * only mark the list stale, and a single reload after it picks up all of them at once.
   */
  let stale = false
  let reloading = false

  async function reloadWhileStale(): Promise<void> {
    try {
      while (stale) {
        stale = false
        await load()
      }
    } finally {
      // Cleared in the same step as the last check, so no event can fall between the two.
      reloading = false
    }
  }

  function markStale(): void {
    stale = true
    if (reloading) return
    reloading = true
    void reloadWhileStale()
  }

  /** Reloads whenever main says the accounts changed; returns the way to stop listening. */
  function follow(): () => void {
    unsubscribe ??= useApi().on.accountsChanged(markStale)
    return () => {
      unsubscribe?.()
      unsubscribe = undefined
    }
  }

  /**
   * Puts what an action answered (a refresh, a rename) into the list at once, so the row agrees
   * with the detail without waiting for main's "changed" event and the reload it causes. An
   * account the list does not have yet is left to that reload, which brings it in its place.
   */
  function update(summary: AccountSummary): void {
    const at = accounts.value.findIndex((account) => account.id === summary.id)
    if (at >= 0) accounts.value[at] = summary
  }

  /** Takes a removed account out of the list at once (the reload that follows agrees). */
  function drop(accountId: string): void {
    const at = accounts.value.findIndex((account) => account.id === accountId)
    if (at >= 0) accounts.value.splice(at, 1)
    delete refreshFailures.value[accountId]
  }

  /**
   * Records how a refresh of one account ended: its error, or undefined when it succeeded.
   * `shown: false` records a failure the person did not cause here (main's own renewal, seen in
   * the account's details): the row is marked, but no notice pops up beside the button.
   */
  function noteRefreshOutcome(
    accountId: string,
    error: ErrorPayload | undefined,
    options: { shown?: boolean } = {},
  ): void {
    if (!error) {
      delete refreshFailures.value[accountId]
      return
    }
    const failure: RefreshFailure = { error, dismissed: options.shown === false }
    const expiresAt = accounts.value.find(
      (account) => account.id === accountId,
    )?.accessTokenExpiresAt
    if (expiresAt !== undefined) failure.expiresAt = expiresAt
    refreshFailures.value[accountId] = failure
  }

  /*
   * Main renews tokens on its own, and says only "changed": a token that now expires later than
   * when its refresh failed was renewed since, so its row is no longer marked as failed.
   */
  function forgetRenewedFailures(): void {
    for (const [accountId, failure] of Object.entries(refreshFailures.value)) {
      const account = accounts.value.find((candidate) => candidate.id === accountId)
      const renewed =
        failure.expiresAt !== undefined &&
        account?.accessTokenExpiresAt !== undefined &&
        account.accessTokenExpiresAt > failure.expiresAt
      if (!account || renewed) delete refreshFailures.value[accountId]
    }
  }

  /** The person closed the notice; the account stays marked until a refresh succeeds. */
  function dismissRefreshFailure(accountId: string): void {
    const failure = refreshFailures.value[accountId]
    if (failure) failure.dismissed = true
  }

  /** Refreshes every account main can refresh; the answer says which ones failed. */
  async function refreshAll(): Promise<RefreshAllResult | undefined> {
    if (refreshingAll.value) return undefined
    refreshingAll.value = true
    refreshAllError.value = undefined
    refreshAllResult.value = undefined
    try {
      const results = unwrap(await useApi().refreshAllAccounts())
      refreshAllResult.value = results
      for (const result of results) {
        // Main answers only the code: the plain words come from the texts every error uses.
        noteRefreshOutcome(result.accountId, result.ok ? undefined : payloadOfCode(result.code))
      }
      // New expiries (and statuses) for all of them: one reload rather than one per account.
      await load()
      return results
    } catch (caught) {
      refreshAllError.value = toErrorPayload(caught)
      return undefined
    } finally {
      refreshingAll.value = false
    }
  }

  /** Copies one account's raw token without opening it: main copies (and refreshes it if due). */
  async function copyRawToken(accountId: string): Promise<void> {
    const label = accounts.value.find((account) => account.id === accountId)?.label ?? ''
    quickCopy.value = undefined
    try {
      const { clearsAt } = unwrap(await useApi().copyToken({ accountId, format: 'raw' }))
      quickCopy.value = { label, clearsAt }
    } catch (caught) {
      quickCopy.value = { error: toErrorPayload(caught) }
    }
  }

  /** Takes a removed account out of the list and remembers it for "Undo". */
  function noteRemoved(accountId: string, undoUntil: number): void {
    const label = accounts.value.find((account) => account.id === accountId)?.label ?? ''
    drop(accountId)
    removal.value = { accountId, label, undoUntil }
    undoError.value = undefined
  }

  /** Asks main for the account back; its summary, or undefined (too late: `undoError` says so). */
  async function undoRemoval(): Promise<AccountSummary | undefined> {
    const pending = removal.value
    if (!pending) return undefined
    try {
      const restored = unwrap(await useApi().undoRemoveAccount({ accountId: pending.accountId }))
      removal.value = undefined
      undoError.value = undefined
      if (!accounts.value.some((account) => account.id === restored.id)) {
        accounts.value.push(restored)
      }
      return restored
    } catch (caught) {
      removal.value = undefined
      undoError.value = toErrorPayload(caught)
      return undefined
    }
  }

  function forgetRemoval(): void {
    removal.value = undefined
    undoError.value = undefined
  }

  return {
    accounts,
    removal,
    undoError,
    noteRemoved,
    undoRemoval,
    forgetRemoval,
    quickCopy,
    copyRawToken,
    loaded,
    error,
    count,
    refreshingAll,
    refreshAllResult,
    refreshAllError,
    refreshFailures,
    noteRefreshOutcome,
    dismissRefreshFailure,
    load,
    follow,
    update,
    drop,
    refreshAll,
  }
})
