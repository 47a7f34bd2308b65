import { describe, expect, it } from 'vitest'
import { detectLocale, format } from '../../src/renderer/src/i18n'
import { errorTexts } from '../../src/renderer/src/i18n/errors'
import { catalogueParts, en, zhCN } from '../../src/renderer/src/i18n/messages'

describe('i18n', () => {
  it('has the same keys and placeholders in Chinese as in English', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort())
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort()
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]))
    }
  })

  it('gives every key to one screen only', () => {
    // The screens' catalogues are spread into one object, where a repeated key would silently
    // replace another screen's text.
    const owners = new Map<string, string>()
    for (const [part, catalogue] of Object.entries(catalogueParts)) {
      for (const key of Object.keys(catalogue)) {
        expect(owners.get(key), `${key} is in ${owners.get(key)} and ${part}`).toBeUndefined()
        owners.set(key, part)
      }
    }
    expect(owners.size).toBe(Object.keys(en).length)
  })

  it('leaves no Chinese text empty or in English', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key].trim(), key).not.toBe('')
      // A copied English sentence is a forgotten translation; short tokens like "PKCE" may match.
      if (en[key].split(' ').length > 3) expect(zhCN[key], key).not.toBe(en[key])
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

  it('calls the code of a sign-in on another device by one name in Chinese', () => {
    // The card, its status lines and the errors about it all say 设备码, never a second word
    // for the same code.
    const texts = [
      ...Object.values(zhCN),
      ...Object.values(errorTexts['zh-CN']).flatMap((text) => [text.title, text.next]),
    ]
    expect(texts.filter((text) => text.includes('设备码')).length).toBeGreaterThan(10)
    expect(texts.filter((text) => /验证码|用户码/.test(text))).toEqual([])
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{count} accounts, {missing}', { count: 3 })).toBe('3 accounts, {missing}')
  })
})
