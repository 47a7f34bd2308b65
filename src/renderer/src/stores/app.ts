import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ErrorPayload } from '../../../shared/errors'
import type { AppInfo } from '../../../shared/ipc-contract'
import { OperationError, unwrap, useApi } from '../api/bridge'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo>()
  const error = ref<ErrorPayload>()

  async function load(): Promise<void> {
    try {
      info.value = unwrap(await useApi().getAppInfo())
      error.value = undefined
    } catch (caught) {
      error.value =
        caught instanceof OperationError
          ? caught.payload
          : { code: 'BRIDGE_UNAVAILABLE', message: String(caught) }
    }
  }

  return { info, error, load }
})
