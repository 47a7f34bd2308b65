import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { ErrorPayload } from '../../../shared/errors'
import type { AppSettings, SettingsPatchInput, Unsubscribe } from '../../../shared/ipc-contract'
import { unwrap, useApi } from '../api/bridge'
import type { Locale } from '../i18n'
import { detectLocale } from '../i18n'
import { toErrorPayload } from './error-payload'

function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  if (navigator.languages.length > 0) return navigator.languages
  return navigator.language ? [navigator.language] : []
}

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<AppSettings>()
  const loaded = ref(false)
  // A count, not a flag: two changes made in quick succession are both in flight at once.
  const pendingUpdates = ref(0)
  const saving = computed(() => pendingUpdates.value > 0)
  const error = ref<ErrorPayload>()
  // navigator.languages is not reactive: keep a copy and renew it when the system says so.
  const languages = ref<readonly string[]>(systemLanguages())
  let unsubscribe: Unsubscribe | undefined

  /** What "follow the system" means right now, for the settings screen to say so. */
  const systemLocale = computed<Locale>(() => detectLocale(languages.value))

  const effectiveLocale = computed<Locale>(() => {
    const language = settings.value?.language ?? 'system'
    return language === 'system' ? systemLocale.value : language
  })

  function onLanguageChange(): void {
    languages.value = systemLanguages()
  }
  if (typeof window !== 'undefined') window.addEventListener('languagechange', onLanguageChange)

  /** Takes every change main announces, including ones made from another window or the tray. */
  function follow(): void {
    unsubscribe ??= useApi().on.settingsChanged((next) => {
      settings.value = next
    })
  }

  async function load(): Promise<void> {
    try {
      follow()
      settings.value = unwrap(await useApi().getSettings())
      error.value = undefined
    } catch (caught) {
      error.value = toErrorPayload(caught)
    } finally {
      loaded.value = true
    }
  }

  /**
   * Sends only the changed fields; main answers with the settings as stored. False when it was
   * refused (`error` says why) or the person declined main's question (`error` stays empty).
   */
  async function update(patch: SettingsPatchInput): Promise<boolean> {
    pendingUpdates.value += 1
    try {
      settings.value = unwrap(await useApi().updateSettings(patch))
      error.value = undefined
      return true
    } catch (caught) {
      const payload = toErrorPayload(caught)
      // "No" to weakening a protection is an answer, not a failure to report.
      error.value = payload.code === 'CANCELLED' ? undefined : payload
      return false
    } finally {
      pendingUpdates.value -= 1
    }
  }

  /** Stops following main's changes (the next `load()` follows again). */
  function stop(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }
  onScopeDispose(() => {
    stop()
    if (typeof window !== 'undefined') {
      window.removeEventListener('languagechange', onLanguageChange)
    }
  })

  return { settings, loaded, saving, error, systemLocale, effectiveLocale, load, update, stop }
})
