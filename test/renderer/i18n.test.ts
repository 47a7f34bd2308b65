import { describe, expect, it } from 'vitest'
import { detectLocale, format } from '../../src/renderer/src/i18n'
import { en, zhCN } from '../../src/renderer/src/i18n/messages'

describe('i18n', () => {
  it('has the same keys and placeholders in Chinese as in English', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort())
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort()
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]))
    }
  })

  it.each([
    [['zh-CN', 'en'], 'zh-CN'],
    [['zh-TW'], 'zh-CN'],
    [['en-GB', 'zh-CN'], 'en'],
    [['fr-FR', 'zh'], 'zh-CN'],
    [['fr-FR'], 'en'],
    [[], 'en'],
  ])('detects %j as %s', (languages, locale) => {
    expect(detectLocale(languages)).toBe(locale)
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{count} accounts, {missing}', { count: 3 })).toBe('3 accounts, {missing}')
  })
})
