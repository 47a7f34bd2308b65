import type { CompanionApi } from '../shared/ipc-contract'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host, where the HTTP bridge stands in. */
    cozeCompanion?: CompanionApi
  }
}

export {}
