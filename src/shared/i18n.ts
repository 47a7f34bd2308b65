/**
 * The one i18n mechanism of every side (the window, the tray, the notifications and the loopback
 * pages): the languages, how one is chosen, and how a catalogue's `{name}` templates are filled.
 * Each side keeps its own catalogue; the rules for using one live here.
 */
export type Locale = 'en' | 'zh-CN'

export const supportedLocales: readonly Locale[] = ['en', 'zh-CN']

export type TemplateParams = Readonly<Record<string, string | number>>

/** `{name}` replaced by `params.name`; an unknown name stays as written, so a gap is visible. */
export function fillTemplate(template: string, params: TemplateParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  )
}

/** One language tag as a supported locale: any Chinese as zh-CN, any English (and `*`) as en. */
function localeOfTag(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase()
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN'
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_') || lower === '*') {
    return 'en'
  }
  return undefined
}

/**
 * The locale for a system's or a browser's ranked languages (`navigator.languages`, Electron's
 * `app.getLocale()`): the first supported one, English when none is.
 */
export function localeFromLanguages(languages: readonly string[]): Locale {
  for (const language of languages) {
    const locale = localeOfTag(language)
    if (locale) return locale
  }
  return 'en'
}

/**
 * The locale for an HTTP `Accept-Language` header: the supported language the browser ranks
 * highest by its q-values, the first one on a tie, and English when it names neither.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (header === undefined) return 'en'
  let best: { locale: Locale; q: number } | undefined
  // A real header has a handful of entries; a hostile one is not worth reading to the end.
  for (const entry of header.split(',').slice(0, 50)) {
    const [rawTag = '', ...parameters] = entry.split(';')
    let q = 1
    for (const parameter of parameters) {
      const [name = '', value = ''] = parameter.split('=').map((part) => part.trim())
      if (name.toLowerCase() !== 'q') continue
      q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value) ? Number(value) : 0
    }
    if (q <= 0) continue
    const locale = localeOfTag(rawTag)
    if (locale !== undefined && (best === undefined || q > best.q)) best = { locale, q }
  }
  return best?.locale ?? 'en'
}

/** A lookup in one side's catalogues: the text of `key` in `locale`, its template filled. */
export function translator<Key extends string>(
  catalogues: Readonly<Record<Locale, Readonly<Record<Key, string>>>>,
): (locale: Locale, key: Key, params?: TemplateParams) => string {
  return (locale, key, params) => fillTemplate((catalogues[locale] ?? catalogues.en)[key], params)
}
