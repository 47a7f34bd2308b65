// Renderer test files share one worker and its window (vitest.config.ts runs them without
// isolation, which halves their time). Each file starts from a window with no app behind it: no
// preload API, no bridge secret in the tab's storage, no key in the address, nothing mounted.
import { installApi } from '../../../src/renderer/src/api/bridge'

if (typeof window !== 'undefined') {
  delete (window as { cozeCompanion?: unknown }).cozeCompanion
  window.sessionStorage.clear()
  window.localStorage.clear()
  window.history.replaceState(null, '', '/')
  document.body.innerHTML = ''
}
installApi(undefined)
