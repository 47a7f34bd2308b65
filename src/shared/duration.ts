/**
 * The one duration formatter, for every side. Three styles, because a span of time is read in
 * three places:
 * - `detail` (the window): the two largest units that matter, "3 d 4 h", "2 h 5 min", "14 min",
 *   "4 min 5 s"; seconds only under ten minutes, where they still change what a person does.
 * - `glance` (the tray's menu): one unit, or hours and minutes, rounded down: "45 s", "12 min",
 *   "3 h 5 min", "2 d". A menu is read at a glance, and a second's precision would only flicker.
 * - `sentence` (English messages in main, such as time-outs): words, "5 minutes", "30 seconds",
 *   "1 second", "250 ms".
 * Negative spans are formatted by their size; the caller says "ago".
 */
import type { Locale } from './i18n'

const second = 1000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour

const units: Record<Locale, { d: string; h: string; min: string; s: string }> = {
  en: { d: 'd', h: 'h', min: 'min', s: 's' },
  'zh-CN': { d: '天', h: '小时', min: '分钟', s: '秒' },
}

export type DurationStyle = 'detail' | 'glance' | 'sentence'

function twoUnits(first: number, firstUnit: string, rest: number, restUnit: string): string {
  return rest > 0 ? `${first} ${firstUnit} ${rest} ${restUnit}` : `${first} ${firstUnit}`
}

function detail(size: number, locale: Locale): string {
  const u = units[locale]
  if (size >= day)
    return twoUnits(Math.floor(size / day), u.d, Math.floor((size % day) / hour), u.h)
  if (size >= hour) {
    return twoUnits(Math.floor(size / hour), u.h, Math.floor((size % hour) / minute), u.min)
  }
  if (size >= 10 * minute) return `${Math.floor(size / minute)} ${u.min}`
  if (size >= minute) {
    return twoUnits(Math.floor(size / minute), u.min, Math.floor((size % minute) / second), u.s)
  }
  return `${Math.floor(size / second)} ${u.s}`
}

function glance(size: number, locale: Locale): string {
  const u = units[locale]
  if (size >= day) return `${Math.floor(size / day)} ${u.d}`
  if (size >= hour) {
    return twoUnits(Math.floor(size / hour), u.h, Math.floor((size % hour) / minute), u.min)
  }
  if (size >= minute) return `${Math.floor(size / minute)} ${u.min}`
  return `${Math.floor(size / second)} ${u.s}`
}

function sentence(size: number): string {
  if (size < second) return `${Math.round(size)} ms`
  const seconds = Math.ceil(size / second)
  if (seconds % 60 === 0) {
    const minutes = seconds / 60
    return minutes === 1 ? '1 minute' : `${minutes} minutes`
  }
  return seconds === 1 ? '1 second' : `${seconds} seconds`
}

export function formatDuration(ms: number, locale: Locale, style: DurationStyle): string {
  const size = Math.abs(ms)
  switch (style) {
    case 'detail':
      return detail(size, locale)
    case 'glance':
      return glance(size, locale)
    case 'sentence':
      // Main's messages are English; the window translates by error code, never these words.
      return sentence(size)
  }
}
