import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { UpdateStatus, Unsubscribe } from '../../../shared/ipc-contract'
import { unwrap, useApi } from '../api/bridge'

/**
 * The app's own update, as main reports it. The window only shows a ready update and passes on
 * the person's "restart"; main decides everything else (whether to check, what is an update).
 */
export const useUpdatesStore = defineStore('updates', () => {
  const status = ref<UpdateStatus>()
  /** The restart was asked for but main had nothing ready (it is checked again later). */
  const notReady = ref(false)
  let unsubscribe: Unsubscribe | undefined

  async function load(): Promise<void> {
    unsubscribe ??= useApi().on.updateStatusChanged((next) => {
      status.value = next
      notReady.value = false
    })
    try {
      status.value = unwrap(await useApi().getUpdateStatus())
    } catch {
      // No banner is the honest fallback: the update, if any, is still announced by the event.
    }
  }

  async function restart(): Promise<void> {
    try {
      const { restarting } = unwrap(await useApi().restartToUpdate())
      notReady.value = !restarting
    } catch {
      notReady.value = true
    }
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }
  onScopeDispose(stop)

  return { status, notReady, load, restart, stop }
})
