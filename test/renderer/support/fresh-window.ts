// Renderer test files share one worker and its window (vitest.config.ts runs them without
// isolation, which halves their time). Each file starts from a window with no app behind it: no
// preload API, no bridge secret in the tab's storage, no key in the address, nothing mounted, and
// the window's language English (a file that switched it to Chinese must not leave it so).
import { installApi } from '../../../src/renderer/src/api/bridge'
import { setLocale, useI18n } from '../../../src/renderer/src/i18n'

if (typeof window !== 'undefined') {
  delete (window as { cozeCompanion?: unknown }).cozeCompanion
  window.sessionStorage.clear()
  window.localStorage.clear()
  window.history.replaceState(null, '', '/')
  document.body.innerHTML = ''
  // Only where there is a window: setting the language also sets the document's `lang`.
  setLocale('en')
}
installApi(undefined)
// Without a window there is no document to carry the language, but the chosen one is still shared.
useI18n().locale.value = 'en'
