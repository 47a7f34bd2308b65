import type { Locale } from '../i18n'

const second = 1000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour

const units: Record<Locale, { d: string; h: string; min: string; s: string; sep: string }> = {
  en: { d: ' d', h: ' h', min: ' min', s: ' s', sep: ' ' },
  'zh-CN': { d: ' 天', h: ' 小时', min: ' 分钟', s: ' 秒', sep: ' ' },
}

/**
 * A span of time in the two largest units that matter, for "expires in …": "3 d 4 h",
 * "2 h 5 min", "14 min", "40 s". Seconds show only under ten minutes, where they still change
 * what a person does. Negative spans are formatted by their size; the caller says "ago".
 */
export function formatDuration(ms: number, locale: Locale): string {
  const u = units[locale]
  const size = Math.abs(ms)
  if (size >= day) {
    const days = Math.floor(size / day)
    const hours = Math.floor((size % day) / hour)
    return hours > 0 ? `${days}${u.d}${u.sep}${hours}${u.h}` : `${days}${u.d}`
  }
  if (size >= hour) {
    const hours = Math.floor(size / hour)
    const minutes = Math.floor((size % hour) / minute)
    return minutes > 0 ? `${hours}${u.h}${u.sep}${minutes}${u.min}` : `${hours}${u.h}`
  }
  if (size >= 10 * minute) return `${Math.floor(size / minute)}${u.min}`
  if (size >= minute) {
    const minutes = Math.floor(size / minute)
    const seconds = Math.floor((size % minute) / second)
    return seconds > 0 ? `${minutes}${u.min}${u.sep}${seconds}${u.s}` : `${minutes}${u.min}`
  }
  return `${Math.floor(size / second)}${u.s}`
}

/** A countdown as a clock, "4:05" or "1:02:03", never below "0:00". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / second))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes)
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`
}

/** A moment as the person's locale writes a date and time. */
export function formatDateTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms)
}
