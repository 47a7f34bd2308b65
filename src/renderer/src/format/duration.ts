import { formatDuration as formatSharedDuration } from '../../../shared/duration'
import type { Locale } from '../i18n'

const second = 1000

/** "expires in …" in the window: the shared formatter's detailed style ("3 d 4 h", "4 min 5 s"). */
export function formatDuration(ms: number, locale: Locale): string {
  return formatSharedDuration(ms, locale, 'detail')
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
