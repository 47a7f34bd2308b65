import { describe, expect, it } from 'vitest'
import { formatDuration } from '../../src/shared/duration'
import {
  fillTemplate,
  localeFromAcceptLanguage,
  localeFromLanguages,
  translator,
} from '../../src/shared/i18n'

describe('the shared i18n rules', () => {
  it('fill templates and leave unknown names visible', () => {
    expect(fillTemplate('{n} of {total}', { n: 2, total: 5 })).toBe('2 of 5')
    expect(fillTemplate('{missing} here', {})).toBe('{missing} here')
    expect(fillTemplate('{toString}', {})).toBe('{toString}')
  })

  it('choose a locale from ranked languages, Chinese for any zh tag', () => {
    expect(localeFromLanguages(['zh-TW', 'en'])).toBe('zh-CN')
    expect(localeFromLanguages(['zh_CN'])).toBe('zh-CN')
    expect(localeFromLanguages(['fr-FR', 'en-GB', 'zh'])).toBe('en')
    expect(localeFromLanguages(['de'])).toBe('en')
    expect(localeFromLanguages([])).toBe('en')
  })

  it('choose a locale from Accept-Language by its q-values', () => {
    expect(localeFromAcceptLanguage('en;q=0.4, zh-CN;q=0.9')).toBe('zh-CN')
    expect(localeFromAcceptLanguage('fr, *;q=0.1')).toBe('en')
    expect(localeFromAcceptLanguage('zh;q=0')).toBe('en')
    expect(localeFromAcceptLanguage(undefined)).toBe('en')
  })

  it('look texts up in the chosen catalogue', () => {
    const text = translator({ en: { hi: 'Hi {name}' }, 'zh-CN': { hi: '你好，{name}' } })
    expect(text('en', 'hi', { name: 'Ada' })).toBe('Hi Ada')
    expect(text('zh-CN', 'hi', { name: 'Ada' })).toBe('你好，Ada')
  })
})

describe('the one duration formatter', () => {
  const second = 1000
  const minute = 60 * second
  const hour = 60 * minute
  const day = 24 * hour

  it('has a detailed style for the window', () => {
    expect(formatDuration(4 * minute + 5 * second, 'en', 'detail')).toBe('4 min 5 s')
    expect(formatDuration(3 * day + 4 * hour, 'zh-CN', 'detail')).toBe('3 天 4 小时')
  })

  it('has a glance style for the tray', () => {
    expect(formatDuration(4 * minute + 5 * second, 'en', 'glance')).toBe('4 min')
    expect(formatDuration(2 * day + 23 * hour, 'en', 'glance')).toBe('2 d')
  })

  it('has a sentence style for English messages', () => {
    expect(formatDuration(5 * minute, 'en', 'sentence')).toBe('5 minutes')
    expect(formatDuration(minute, 'en', 'sentence')).toBe('1 minute')
    expect(formatDuration(90 * second, 'en', 'sentence')).toBe('90 seconds')
    expect(formatDuration(second, 'en', 'sentence')).toBe('1 second')
    expect(formatDuration(250, 'en', 'sentence')).toBe('250 ms')
  })
})
