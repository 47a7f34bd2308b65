import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ErrorPayload } from '../../../shared/errors'
import type { AccountSummary } from '../../../shared/ipc-contract'
import { OperationError, unwrap, useApi } from '../api/bridge'

export const useAccountsStore = defineStore('accounts', () => {
  const accounts = ref<AccountSummary[]>([])
  const loaded = ref(false)
  const error = ref<ErrorPayload>()
  let unsubscribe: (() => void) | undefined

  const count = computed(() => accounts.value.length)

  async function load(): Promise<void> {
    try {
      accounts.value = unwrap(await useApi().listAccounts())
      error.value = undefined
    } catch (caught) {
      error.value =
        caught instanceof OperationError
          ? caught.payload
          : { code: 'BRIDGE_UNAVAILABLE', message: String(caught) }
    } finally {
      loaded.value = true
    }
  }

  /** Reloads whenever main says the accounts changed; returns the way to stop listening. */
  function follow(): () => void {
    unsubscribe ??= useApi().on.accountsChanged(() => void load())
    return () => {
      unsubscribe?.()
      unsubscribe = undefined
    }
  }

  return { accounts, loaded, error, count, load, follow }
})
