import { computed, ref } from 'vue'
import type { ComputedRef, Ref } from 'vue'
import type { Catalogue, MessageKey } from './messages'
import { en, zhCN } from './messages'

export type Locale = 'en' | 'zh-CN'

export const supportedLocales: readonly Locale[] = ['en', 'zh-CN']

const catalogues: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN }

/** Chinese for any `zh*` system language, English otherwise. */
export function detectLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    if (/^zh\b/i.test(language)) return 'zh-CN'
    if (/^en\b/i.test(language)) return 'en'
  }
  return 'en'
}

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  )
}

const current: Ref<Locale> = ref('en')

export interface I18n {
  locale: Ref<Locale>
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  isChinese: ComputedRef<boolean>
}

export function useI18n(): I18n {
  return {
    locale: current,
    t: (key, params) => format(catalogues[current.value][key], params),
    isChinese: computed(() => current.value === 'zh-CN'),
  }
}

export function setLocale(locale: Locale): void {
  current.value = locale
  document.documentElement.lang = locale
}
