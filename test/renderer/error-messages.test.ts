import { describe, expect, it } from 'vitest'
import pemSource from '../../src/main/core/oauth/pem.ts?raw'
import type { ErrorLocale, ErrorText } from '../../src/renderer/src/i18n/errors'
import {
  describeError,
  errorTexts,
  errorTextsWithoutParams,
  fieldNames,
  invalidArgumentTexts,
  pemReasons,
  pemTexts,
  placeholdersOf,
} from '../../src/renderer/src/i18n/errors'
import type { ErrorCode, ErrorPayload, InvalidArgumentReason } from '../../src/shared/errors'
import { errorCodes, invalidArgumentReasons, textFields } from '../../src/shared/errors'

const locales: readonly ErrorLocale[] = ['en', 'zh-CN']
const han = /\p{Script=Han}/u
const leftover = /\{\w+\}/

const sorted = (text: string): string[] => [...new Set(placeholdersOf(text))].sort()

/** A value for every param any text may use, so that no placeholder has an excuse to stay. */
const fullParams: Record<string, string | number> = {
  host: 'api.coze.cn',
  port: 8080,
  seconds: 30,
  actualRegion: 'cn',
  chosenRegion: 'com',
  reason: 'encrypted',
  status: 500,
  serverCode: 'internal_error',
  serverMessage: 'upstream failed',
  field: 'redirectUri',
  max: 500,
  min: 10,
}

function payload(code: string, params?: Record<string, string | number>): ErrorPayload {
  const error = { code, message: 'English message from main.' } as ErrorPayload
  if (params !== undefined) error.params = params
  return error
}

function everyText(): [string, ErrorText, ErrorLocale][] {
  const texts: [string, ErrorText, ErrorLocale][] = []
  for (const locale of locales) {
    for (const code of errorCodes) texts.push([code, errorTexts[locale][code], locale])
    for (const [code, text] of Object.entries(errorTextsWithoutParams[locale])) {
      texts.push([`${code} (without params)`, text, locale])
    }
    for (const reason of pemReasons) {
      texts.push([`INVALID_PEM ${reason}`, pemTexts[locale][reason], locale])
    }
    for (const reason of invalidArgumentReasons) {
      texts.push([`INVALID_ARGUMENT ${reason}`, invalidArgumentTexts[locale][reason], locale])
    }
  }
  return texts
}

describe('error texts', () => {
  it.each(locales)('has a title and a next step for exactly every code in %s', (locale) => {
    expect(Object.keys(errorTexts[locale]).sort()).toEqual([...errorCodes].sort())
    for (const code of errorCodes) {
      const text = errorTexts[locale][code]
      expect(text.title.trim(), `${locale} ${code} title`).not.toBe('')
      expect(text.next.trim(), `${locale} ${code} next`).not.toBe('')
      expect(text.next, `${locale} ${code} next`).not.toBe(text.title)
    }
  })

  it('uses the same placeholders in Chinese as in English', () => {
    const pairs: [string, ErrorText | undefined, ErrorText | undefined][] = [
      ...errorCodes.map((code): [string, ErrorText, ErrorText] => [
        code,
        errorTexts.en[code],
        errorTexts['zh-CN'][code],
      ]),
      ...errorCodes.map((code): [string, ErrorText | undefined, ErrorText | undefined] => [
        `${code} (without params)`,
        errorTextsWithoutParams.en[code],
        errorTextsWithoutParams['zh-CN'][code],
      ]),
      ...pemReasons.map((reason): [string, ErrorText, ErrorText] => [
        reason,
        pemTexts.en[reason],
        pemTexts['zh-CN'][reason],
      ]),
      ...invalidArgumentReasons.map((reason): [string, ErrorText, ErrorText] => [
        reason,
        invalidArgumentTexts.en[reason],
        invalidArgumentTexts['zh-CN'][reason],
      ]),
    ]
    for (const [name, english, chinese] of pairs) {
      expect(chinese === undefined, `${name} exists in one language only`).toBe(
        english === undefined,
      )
      if (english === undefined || chinese === undefined) continue
      expect(sorted(chinese.title), `${name} title`).toEqual(sorted(english.title))
      expect(sorted(chinese.next), `${name} next`).toEqual(sorted(english.next))
    }
  })

  it('has a text without placeholders for every code whose text has some', () => {
    for (const locale of locales) {
      for (const code of errorCodes) {
        const text = errorTexts[locale][code]
        const plain = errorTextsWithoutParams[locale][code]
        if (sorted(text.title + text.next).length > 0) {
          expect(plain, `${locale} ${code}`).toBeDefined()
        }
        if (plain !== undefined) {
          expect(plain.title + plain.next, `${locale} ${code}`).not.toMatch(/[{}]/)
          expect(plain.title.trim() && plain.next.trim(), `${locale} ${code}`).not.toBe('')
        }
      }
    }
  })

  it('writes every Chinese text in Chinese and no English text in Chinese', () => {
    for (const [name, text, locale] of everyText()) {
      if (locale === 'zh-CN') {
        expect(text.title, `${name} title`).toMatch(han)
        expect(text.next, `${name} next`).toMatch(han)
      } else {
        expect(text.title + text.next, name).not.toMatch(han)
      }
    }
  })

  it('has no stray braces and no placeholder outside the known params', () => {
    const known = new Set(Object.keys(fullParams))
    for (const [name, text] of everyText()) {
      for (const field of [text.title, text.next]) {
        expect(field.replace(/\{\w+\}/g, ''), name).not.toMatch(/[{}]/)
        for (const placeholder of placeholdersOf(field)) {
          expect(known.has(placeholder), `${name}: {${placeholder}}`).toBe(true)
        }
      }
    }
  })
})

describe('describeError', () => {
  it('fills the port and the host', () => {
    const error = payload('PORT_IN_USE', { port: 5173, host: '127.0.0.1' })
    const english = describeError(error, 'en')
    expect(english.title).toBe('Port 5173 is already in use')
    expect(english.next).toContain('127.0.0.1:5173')
    const chinese = describeError(error, 'zh-CN')
    expect(chinese.title).toBe('端口 5173 已被占用')
    expect(chinese.next).toContain('127.0.0.1:5173')
  })

  it('fills the host and the seconds of a timeout', () => {
    const error = payload('TIMEOUT', { host: 'api.coze.com', seconds: 30 })
    expect(describeError(error, 'en').title).toBe('api.coze.com did not answer in time')
    expect(describeError(error, 'en').next).toContain('30 seconds')
    expect(describeError(error, 'zh-CN').title).toBe('api.coze.com 响应超时')
    expect(describeError(error, 'zh-CN').next).toContain('30 秒')
    expect(describeError(payload('NETWORK', { host: 'api.coze.cn' }), 'zh-CN').title).toBe(
      '无法连接 api.coze.cn',
    )
  })

  it.each([
    ['cn', 'com', 'en', 'This belongs to coze.cn, not coze.com', 'Switch the region to coze.cn'],
    ['com', 'custom', 'en', 'This belongs to coze.com, not a custom deployment', 'to coze.com'],
    ['custom', 'cn', 'en', 'This belongs to a custom deployment, not coze.cn', 'a custom deploy'],
    ['cn', 'com', 'zh-CN', '此凭据属于“coze.cn”，而不是“coze.com”', '切换为“coze.cn”'],
    ['custom', 'com', 'zh-CN', '此凭据属于“自定义部署”，而不是“coze.com”', '切换为“自定义部署”'],
  ] as const)(
    'names the regions %s and %s in %s',
    (actualRegion, chosenRegion, locale, title, next) => {
      const described = describeError(
        payload('WRONG_REGION', { actualRegion, chosenRegion }),
        locale,
      )
      expect(described.title).toBe(title)
      expect(described.next).toContain(next)
    },
  )

  it('shows the text without placeholders when a param did not come', () => {
    // The loopback server's sign-in timeout has seconds but no host.
    const signIn = describeError(payload('TIMEOUT', { seconds: 300 }), 'en')
    expect(signIn).toMatchObject(errorTextsWithoutParams.en.TIMEOUT ?? {})
    const region = describeError(payload('WRONG_REGION', { actualRegion: 'mars' }), 'zh-CN')
    expect(region).toMatchObject(errorTextsWithoutParams['zh-CN'].WRONG_REGION ?? {})
    expect(region.title).not.toContain('mars')
  })

  it.each(locales)('leaves no placeholder unfilled for any code in %s', (locale) => {
    for (const code of errorCodes) {
      for (const params of [fullParams, undefined, {}]) {
        const described = describeError(payload(code, params), locale)
        expect(described.title, `${code} ${JSON.stringify(params)}`).not.toMatch(leftover)
        expect(described.next, `${code} ${JSON.stringify(params)}`).not.toMatch(leftover)
        expect(described.title + described.next).not.toContain('{')
      }
    }
  })

  it('does not fill a placeholder twice when a value looks like one', () => {
    const described = describeError(payload('NETWORK', { host: '{port}' }), 'en')
    expect(described.title).toBe('Could not reach {port}')
  })

  it.each(locales)("uses main's message only for a code it does not know (%s)", (locale) => {
    const unknown = describeError(payload('QUANTUM_FLUX', { host: 'x' }), locale)
    expect(unknown.next).toBe('English message from main.')
    expect(unknown.title).toBe(locale === 'en' ? 'Something went wrong' : '出现了问题')
    expect(unknown.details.code).toBe('QUANTUM_FLUX')
    const known = describeError(payload('RATE_LIMITED'), locale)
    expect(known.title + known.next).not.toContain('English message from main.')
    expect(known).toMatchObject(errorTexts[locale].RATE_LIMITED)
  })

  it('keeps the code, the log ID and the server message in the details only', () => {
    const error: ErrorPayload = {
      code: 'SERVER_ERROR',
      message: 'Coze had a problem answering.',
      logId: '20240601123456ABCDEF',
      params: { status: 502, serverCode: 'bad_gateway', serverMessage: 'upstream timed out' },
    }
    const described = describeError(error, 'zh-CN')
    expect(described.details).toEqual({
      code: 'SERVER_ERROR',
      logId: '20240601123456ABCDEF',
      serverMessage: 'upstream timed out',
    })
    expect(described.title + described.next).not.toContain('upstream timed out')
    expect(described.title + described.next).not.toContain('20240601123456ABCDEF')
    expect(describeError(payload('INTERNAL'), 'en').details).toEqual({ code: 'INTERNAL' })
  })

  it('shows nothing that is not in the payload or the catalogue', () => {
    const secret = 'pat_0123456789abcdefSECRET'
    for (const locale of locales) {
      for (const code of errorCodes) {
        // Main never puts a secret in a known code's message; if it did, the window would not show it.
        const described = describeError(
          { code, message: `Failed with ${secret}`, params: fullParams },
          locale,
        )
        expect(JSON.stringify(described), `${locale} ${code}`).not.toContain(secret)
      }
    }
  })
})

describe('INVALID_PEM', () => {
  it('knows exactly the reasons src/main/core/oauth/pem.ts gives', () => {
    // The type is shared; this checks the list against what pem.ts really refuses with.
    expect(pemSource).toMatch(/export type PemProblem = PemReason\b/)
    const given = [...pemSource.matchAll(/refuse\(\s*'([\w-]+)'/g)].map((match) => match[1])
    const fromMain = [...new Set(given)].sort()
    expect(fromMain.length).toBeGreaterThan(10)
    expect([...pemReasons].sort()).toEqual(fromMain)
    for (const locale of locales) {
      expect(Object.keys(pemTexts[locale]).sort(), locale).toEqual(fromMain)
    }
  })

  it.each(locales)('gives each reason its own next step in %s', (locale) => {
    const generic = errorTexts[locale].INVALID_PEM
    for (const reason of pemReasons) {
      const described = describeError(payload('INVALID_PEM', { reason }), locale)
      expect(described, reason).toMatchObject(pemTexts[locale][reason])
      expect(described.next, reason).not.toBe(generic.next)
      expect(described.details.code).toBe('INVALID_PEM')
    }
    const titles = pemReasons.map((reason) => pemTexts[locale][reason].title)
    expect(new Set(titles).size).toBe(titles.length)
  })

  it.each([
    ['en', 'encrypted', 'openssl pkey'],
    ['zh-CN', 'encrypted', '密码'],
    ['en', 'too-short', '2048'],
    ['zh-CN', 'public-key', '公钥'],
    ['en', 'json-without-key', 'coze_oauth_config.json'],
  ] as const)('says what to do in %s for %s', (locale, reason, expected) => {
    expect(describeError(payload('INVALID_PEM', { reason }), locale).next).toContain(expected)
  })

  it.each([undefined, { reason: 'lunar-key' }, { reason: 'toString' }, { reason: 42 }])(
    'falls back to the general next step for reason %j',
    (params) => {
      for (const locale of locales) {
        const described = describeError(payload('INVALID_PEM', params), locale)
        expect(described).toMatchObject(errorTexts[locale].INVALID_PEM)
      }
    },
  )
})

describe('INVALID_ARGUMENT', () => {
  /** The params main sends with each reason that has placeholders. */
  const paramsFor = (reason: InvalidArgumentReason): Record<string, string | number> => {
    const params: Record<string, string | number> = { reason }
    const text = invalidArgumentTexts.en[reason]
    for (const name of placeholdersOf(text.title + text.next)) {
      params[name] = fullParams[name] ?? (name === 'port' ? 8080 : 'x')
    }
    return params
  }

  it.each(locales)('has a text for exactly every reason main can send, in %s', (locale) => {
    expect(Object.keys(invalidArgumentTexts[locale]).sort()).toEqual(
      [...invalidArgumentReasons].sort(),
    )
    const titles = invalidArgumentReasons.map(
      (reason) => invalidArgumentTexts[locale][reason].title,
    )
    expect(new Set(titles).size, 'two reasons with one title').toBe(titles.length)
  })

  it.each(locales)('shows the reason, never the English sentence, in %s', (locale) => {
    const general = errorTexts[locale].INVALID_ARGUMENT
    for (const reason of invalidArgumentReasons) {
      const described = describeError(payload('INVALID_ARGUMENT', paramsFor(reason)), locale)
      expect(described.title, reason).not.toBe(general.title)
      expect(described.title + described.next, reason).not.toMatch(leftover)
      expect(described.title + described.next, reason).not.toContain('English message from main')
      // Kept for a support ticket, folded away.
      expect(described.details).toMatchObject({
        code: 'INVALID_ARGUMENT',
        serverMessage: 'English message from main.',
      })
    }
  })

  it.each([
    ['en', 'proxy-url-scheme', 'Only http and https proxies are supported'],
    ['zh-CN', 'proxy-url-scheme', '只支持 http 和 https 代理'],
    ['zh-CN', 'token-has-spaces', '令牌中不应包含空格或换行'],
    ['en', 'redirect-uri-port', 'The redirect URI needs a port'],
  ] as const)('in %s says for %s: %s', (locale, reason, title) => {
    expect(describeError(payload('INVALID_ARGUMENT', { reason }), locale).title).toBe(title)
  })

  it("fills in the field, the limit and the port in the reader's language", () => {
    const tooLong = payload('INVALID_ARGUMENT', {
      reason: 'text-too-long',
      field: 'redirectUri',
      max: 500,
    })
    expect(describeError(tooLong, 'en').title).toBe('The redirect URI is too long')
    expect(describeError(tooLong, 'en').next).toContain('500 characters')
    expect(describeError(tooLong, 'zh-CN').title).toBe('“重定向 URI”过长')
    const passphrase = payload('INVALID_ARGUMENT', { reason: 'passphrase-too-short', min: 10 })
    expect(describeError(passphrase, 'zh-CN').next).toContain('至少 10 个字符')
    const port = payload('INVALID_ARGUMENT', { reason: 'loopback-port-forbidden', port: 80 })
    expect(describeError(port, 'en').title).toBe('The app may not use port 80')
  })

  it.each(locales)('names every field main may name, in %s', (locale) => {
    expect(Object.keys(fieldNames[locale]).sort()).toEqual([...textFields].sort())
  })

  it.each<Record<string, string | number> | undefined>([
    undefined,
    { reason: 'warp-drive' },
    { reason: 'toString' },
    { reason: 'text-too-long', field: 'spaceship', max: 5 },
    { reason: 'text-too-long', max: 5 },
    { reason: 'loopback-port-forbidden' },
  ])("falls back to the general text for %j, with main's sentence in the details", (params) => {
    for (const locale of locales) {
      const described = describeError(payload('INVALID_ARGUMENT', params), locale)
      expect(described).toMatchObject(errorTexts[locale].INVALID_ARGUMENT)
      expect(described.details.serverMessage).toBe('English message from main.')
    }
  })

  it("keeps a server message of its own in the details rather than main's sentence", () => {
    const described = describeError(
      payload('INVALID_ARGUMENT', { reason: 'token-empty', serverMessage: 'from Coze' }),
      'en',
    )
    expect(described.details.serverMessage).toBe('from Coze')
  })
})

// Keeps the compiler honest: a reason main may send without a text does not type-check.
const _reasons: Record<ErrorLocale, Record<InvalidArgumentReason, ErrorText>> = invalidArgumentTexts
void _reasons

// Keeps the compiler honest: a code missing from one language does not type-check.
const _complete: Record<ErrorLocale, Record<ErrorCode, ErrorText>> = errorTexts
void _complete
