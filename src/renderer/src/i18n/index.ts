import { computed, ref } from 'vue'
import type { ComputedRef, Ref } from 'vue'
import type { Locale } from '../../../shared/i18n'
import { fillTemplate, localeFromLanguages, translator } from '../../../shared/i18n'
import type { Catalogue, MessageKey } from './messages'
import { en, zhCN } from './messages'

export type { Locale }
export { supportedLocales } from '../../../shared/i18n'

const text = translator<MessageKey>({ en, 'zh-CN': zhCN } satisfies Record<Locale, Catalogue>)

/** Chinese for any `zh*` system language, English otherwise (the shared rule). */
export const detectLocale = localeFromLanguages

/** Fills a template's `{name}` placeholders (the shared rule). */
export const format = fillTemplate

const current: Ref<Locale> = ref('en')

export interface I18n {
  locale: Ref<Locale>
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  isChinese: ComputedRef<boolean>
}

export function useI18n(): I18n {
  return {
    locale: current,
    t: (key, params) => text(current.value, key, params),
    isChinese: computed(() => current.value === 'zh-CN'),
  }
}

export function setLocale(locale: Locale): void {
  current.value = locale
  document.documentElement.lang = locale
}
