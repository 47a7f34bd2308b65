import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { ErrorPayload } from '../../../shared/errors'
import type { StorageStatus, Unsubscribe } from '../../../shared/ipc-contract'
import { unwrap, useApi } from '../api/bridge'
import { toErrorPayload } from './error-payload'

export interface StorageWarning {
  /** Memory: secrets are gone on quit. Plain text: readable by anything that reads the disk. */
  kind: 'memory' | 'plaintext'
  /** Main's English sentence, if it sent one; the window translates by `kind`. */
  message?: string
}

export const useStorageStore = defineStore('storage', () => {
  const status = ref<StorageStatus>()
  const loaded = ref(false)
  const error = ref<ErrorPayload>()
  let unsubscribe: Unsubscribe | undefined

  const warning = computed<StorageWarning | undefined>(() => {
    const secrets = status.value?.secrets
    if (!secrets || (secrets.kind !== 'memory' && secrets.kind !== 'plaintext')) return undefined
    return secrets.warning === undefined
      ? { kind: secrets.kind }
      : { kind: secrets.kind, message: secrets.warning }
  })

  /** Anything the person should look at: a weak store, a problem, a repair, lost tokens. */
  const needsAttention = computed<boolean>(() => {
    if (error.value) return true
    const current = status.value
    if (!current) return false
    return (
      warning.value !== undefined ||
      current.secrets.problem !== undefined ||
      current.recovery !== undefined ||
      current.accountsNeedingSignIn > 0
    )
  })

  async function load(): Promise<void> {
    try {
      // A sign-in or a removal changes how many accounts need signing in again.
      unsubscribe ??= useApi().on.accountsChanged(() => void load())
      status.value = unwrap(await useApi().getStorageStatus())
      error.value = undefined
    } catch (caught) {
      error.value = toErrorPayload(caught)
    } finally {
      loaded.value = true
    }
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }
  onScopeDispose(stop)

  return { status, loaded, error, warning, needsAttention, load, stop }
})
