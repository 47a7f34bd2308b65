import type { ErrorCode } from '../../../../shared/errors'
import type { Locale } from '../../../../shared/i18n'
import { fillTemplate, localeFromAcceptLanguage, supportedLocales } from '../../../../shared/i18n'

/**
 * The pages the loopback server shows in the user's browser at the end of a sign-in. They are
 * self-contained (inline CSS, no script, no external resource), every piece of text is escaped,
 * and none of them ever shows a code or a token. They never claim the tab closes by itself:
 * without a script it cannot, and browsers refuse to let a page close a tab it did not open.
 */

export type PageLocale = Locale

export const pageLocales: readonly PageLocale[] = supportedLocales

/** Error codes that have a page of their own; any other code gets the general failure page. */
export type FailurePageCode =
  | 'ACCESS_DENIED'
  | 'REQUEST_REFUSED'
  | 'INVALID_GRANT'
  | 'INVALID_CLIENT'
  | 'SERVER_ERROR'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'INVALID_RESPONSE'
  | 'CANCELLED'

export type CallbackPage =
  | { kind: 'signed-in' }
  /** The sign-in failed; `serverCode` is the OAuth error Coze put in the redirect, if any. */
  | { kind: 'failed'; code: ErrorCode; serverCode?: string }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed' }
  | { kind: 'bad-host' }
  /** A second request for a sign-in whose answer already arrived (a reload, a second tab). */
  | { kind: 'already-answered' }
  /** The app stopped waiting (cancel or timeout) while the browser was still waiting for a page. */
  | { kind: 'no-longer-waiting' }
  /**
   * An answer whose state is wrong or missing (an old tab, or a page on another site): it was not
   * used and the app keeps waiting for the right one. Shown with the code STATE_MISMATCH.
   */
  | { kind: 'not-this-sign-in' }

interface PageText {
  title: string
  lines: string[]
}

interface Catalogue {
  appName: string
  errorCodeLabel: string
  signedIn: PageText
  notFound: PageText
  methodNotAllowed: PageText
  badHost: PageText
  alreadyAnswered: PageText
  noLongerWaiting: PageText
  notThisSignIn: PageText
  failures: Record<FailurePageCode, PageText>
  /** `{code}` is the app's error code. */
  failedOther: PageText
  /** Shown on the REQUEST_REFUSED page when Coze named its error; `{serverCode}` is that name. */
  serverSaid: string
}

const en: Catalogue = {
  appName: 'Coze Auth Companion',
  errorCodeLabel: 'Error code',
  signedIn: {
    title: 'You are signed in',
    lines: [
      '{app} received the authorization from Coze and finished signing you in.',
      'You can close this tab and go back to the app.',
    ],
  },
  notFound: {
    title: 'Nothing here',
    lines: [
      'This address only receives the sign-in answer from Coze.',
      'Go back to {app} to continue.',
    ],
  },
  methodNotAllowed: {
    title: 'Request not supported',
    lines: [
      'This address only accepts the answer Coze sends through your browser.',
      'Go back to {app} to continue.',
    ],
  },
  badHost: {
    title: 'Request refused',
    lines: [
      'This local address only answers your browser on this computer, addressed as 127.0.0.1 or localhost.',
      'Go back to {app} and start the sign-in again.',
    ],
  },
  alreadyAnswered: {
    title: 'Sign-in already received',
    lines: [
      '{app} has already received the answer for this sign-in.',
      'Go back to the app to see how it went. To sign in again, start a new sign-in there.',
    ],
  },
  noLongerWaiting: {
    title: 'This sign-in has ended',
    lines: [
      '{app} is no longer waiting for this sign-in: it was cancelled, or it took too long.',
      'Go back to the app and start the sign-in again.',
    ],
  },
  notThisSignIn: {
    title: 'This answer does not belong to the current sign-in',
    lines: [
      'The answer {app} received here does not match the sign-in it is waiting for. It may come from an older tab, an earlier attempt, or another website.',
      'For your safety the app did not use it, and it is still waiting. Go back to the app: finish signing in on the Coze page it opened, or cancel there and start again.',
    ],
  },
  failures: {
    ACCESS_DENIED: {
      title: 'Authorization declined',
      lines: [
        'You are not signed in, because the authorization was declined on Coze.',
        'To try again, go back to {app}, start the sign-in again and choose Authorize on the Coze page. If your workspace admin has to install the app first, ask them to.',
      ],
    },
    REQUEST_REFUSED: {
      title: 'Coze did not authorize the app',
      lines: [
        "Check the app's settings (client ID and redirect URI) on the Coze console, then go back to {app} and start the sign-in again.",
      ],
    },
    INVALID_GRANT: {
      title: 'The sign-in code was not accepted',
      lines: [
        'Coze said the sign-in code has expired or was already used.',
        'Go back to {app} and start the sign-in again.',
      ],
    },
    INVALID_CLIENT: {
      title: "Coze did not accept the app's credentials",
      lines: [
        'Check the client ID and client secret entered in {app} against the Coze console (OAuth apps), and that the app belongs to the region you chose.',
        'Then start the sign-in again.',
      ],
    },
    SERVER_ERROR: {
      title: 'Coze had a problem',
      lines: [
        'Coze could not finish the sign-in because of a problem on its side.',
        'Wait a minute, then go back to {app} and start the sign-in again.',
      ],
    },
    NETWORK: {
      title: 'The app could not reach Coze',
      lines: [
        '{app} could not reach Coze to finish the sign-in.',
        'Check your internet connection and the proxy setting in the app, then start the sign-in again.',
      ],
    },
    TIMEOUT: {
      title: 'The sign-in took too long',
      lines: [
        '{app} waited too long for the sign-in to finish and stopped.',
        'Go back to the app and start the sign-in again.',
      ],
    },
    INVALID_RESPONSE: {
      title: "Coze's answer was not understood",
      lines: [
        'The answer {app} received while finishing the sign-in was not what Coze sends. A proxy may be in the way, or the region or API address may be wrong.',
        'Check them in the app, then start the sign-in again.',
      ],
    },
    CANCELLED: {
      title: 'Sign-in cancelled',
      lines: ['The sign-in was cancelled in {app}.', 'To sign in, start again from the app.'],
    },
  },
  failedOther: {
    title: 'The sign-in did not finish',
    lines: [
      '{app} could not finish signing you in.',
      'Go back to the app to see what happened, then start the sign-in again.',
    ],
  },
  serverSaid: 'Coze sent back the error “{serverCode}” instead of an authorization.',
}

const zhCN: Catalogue = {
  appName: '扣子授权助手',
  errorCodeLabel: '错误代码',
  signedIn: {
    title: '登录成功',
    lines: ['{app}已收到扣子的授权，登录已完成。', '现在可以关闭此标签页，回到应用。'],
  },
  notFound: {
    title: '这里什么也没有',
    lines: ['此地址只用于接收扣子发回的登录结果。', '请回到{app}继续。'],
  },
  methodNotAllowed: {
    title: '不支持此请求',
    lines: ['此地址只接受扣子通过浏览器发回的登录结果。', '请回到{app}继续。'],
  },
  badHost: {
    title: '请求被拒绝',
    lines: [
      '此本地地址只响应本机浏览器通过 127.0.0.1 或 localhost 发来的请求。',
      '请回到{app}，重新开始登录。',
    ],
  },
  alreadyAnswered: {
    title: '已收到登录结果',
    lines: [
      '{app}已经收到本次登录的结果。',
      '请回到应用查看结果；如需重新登录，请在应用中重新开始。',
    ],
  },
  noLongerWaiting: {
    title: '本次登录已结束',
    lines: [
      '{app}已不再等待本次登录：登录已被取消，或等待时间过长。',
      '请回到应用，重新开始登录。',
    ],
  },
  notThisSignIn: {
    title: '此结果不属于当前登录',
    lines: [
      '{app}在此收到的结果与它正在等待的登录不匹配，可能来自旧的标签页、之前的尝试或其他网站。',
      '为了你的安全，应用没有使用它，仍在等待本次登录。请回到应用：在它打开的扣子页面上完成登录，或在应用中取消后重新开始。',
    ],
  },
  failures: {
    ACCESS_DENIED: {
      title: '授权已被拒绝',
      lines: [
        '由于在扣子页面上拒绝了授权，你尚未登录。',
        '如需重试，请回到{app}重新开始登录，并在扣子页面上选择“授权”。如果需要工作空间管理员先安装此应用，请联系管理员。',
      ],
    },
    REQUEST_REFUSED: {
      title: '扣子未授权此应用',
      lines: [
        '请在扣子控制台检查此应用的设置（客户端 ID 和重定向 URI），然后回到{app}重新开始登录。',
      ],
    },
    INVALID_GRANT: {
      title: '登录码未被接受',
      lines: ['扣子表示登录码已过期或已被使用。', '请回到{app}，重新开始登录。'],
    },
    INVALID_CLIENT: {
      title: '扣子未接受应用的凭据',
      lines: [
        '请在扣子控制台（OAuth 应用）核对{app}中填写的客户端 ID 和客户端密钥，并确认该应用属于所选区域。',
        '然后重新开始登录。',
      ],
    },
    SERVER_ERROR: {
      title: '扣子出现问题',
      lines: [
        '由于扣子服务端出现问题，登录未能完成。',
        '请稍等一分钟，然后回到{app}重新开始登录。',
      ],
    },
    NETWORK: {
      title: '应用无法连接扣子',
      lines: [
        '{app}无法连接扣子以完成登录。',
        '请检查网络连接和应用中的代理设置，然后重新开始登录。',
      ],
    },
    TIMEOUT: {
      title: '登录耗时过长',
      lines: ['{app}等待登录完成的时间过长，已停止等待。', '请回到应用，重新开始登录。'],
    },
    INVALID_RESPONSE: {
      title: '无法识别扣子的响应',
      lines: [
        '{app}在完成登录时收到的响应不是扣子的格式，可能有代理拦截，或区域、API 地址设置有误。',
        '请在应用中检查这些设置，然后重新开始登录。',
      ],
    },
    CANCELLED: {
      title: '登录已取消',
      lines: ['已在{app}中取消本次登录。', '如需登录，请在应用中重新开始。'],
    },
  },
  failedOther: {
    title: '登录未完成',
    lines: ['{app}未能完成登录。', '请回到应用查看原因，然后重新开始登录。'],
  },
  serverSaid: '扣子返回了错误“{serverCode}”，而不是授权。',
}

const catalogues: Record<PageLocale, Catalogue> = { en, 'zh-CN': zhCN }

/** Exposed for the tests, which check that both languages say everything. */
export function pageCatalogue(locale: PageLocale): Readonly<Catalogue> {
  return catalogues[locale]
}

const failurePageCodes = new Set<string>(Object.keys(en.failures))

function isFailurePageCode(code: string): code is FailurePageCode {
  return failurePageCodes.has(code)
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/**
 * Coze's OAuth error names are short snake_case words. Anything else in that query parameter is
 * not shown at all: whoever built the URL chose it, and the page must not become their notice board.
 */
export function displayableServerCode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  return /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : undefined
}

/**
 * The page language for a browser that sent this `Accept-Language` header, used when the caller
 * gave no locale (the shared rule: the supported language the browser ranks highest).
 */
export const pageLocaleFromAcceptLanguage = localeFromAcceptLanguage

type Tone = 'success' | 'error' | 'info'

function describePage(
  page: CallbackPage,
  text: Catalogue,
): { tone: Tone; content: PageText; code?: string } {
  switch (page.kind) {
    case 'signed-in':
      return { tone: 'success', content: text.signedIn }
    case 'not-found':
      return { tone: 'info', content: text.notFound }
    case 'method-not-allowed':
      return { tone: 'info', content: text.methodNotAllowed }
    case 'bad-host':
      return { tone: 'error', content: text.badHost }
    case 'already-answered':
      return { tone: 'info', content: text.alreadyAnswered }
    case 'no-longer-waiting':
      return { tone: 'info', content: text.noLongerWaiting }
    case 'not-this-sign-in':
      return { tone: 'error', content: text.notThisSignIn, code: 'STATE_MISMATCH' }
    case 'failed': {
      if (!isFailurePageCode(page.code)) {
        return { tone: 'error', content: text.failedOther, code: page.code }
      }
      const content = text.failures[page.code]
      const serverCode = displayableServerCode(page.serverCode)
      if (page.code === 'REQUEST_REFUSED' && serverCode !== undefined) {
        const said = fillTemplate(text.serverSaid, { serverCode })
        return {
          tone: 'error',
          content: { ...content, lines: [said, ...content.lines] },
          code: page.code,
        }
      }
      return { tone: 'error', content, code: page.code }
    }
  }
}

const styles = `
  :root { color-scheme: light dark; }
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
    background: #f4f5fb; color: #1c1f23; line-height: 1.55; }
  main { max-width: 34rem; margin: 12vh auto 2rem; padding: 2rem 2.25rem; background: #fff;
    border-radius: 14px; box-shadow: 0 2px 14px rgba(0, 0, 0, 0.08); }
  .badge { width: 2.75rem; height: 2.75rem; border-radius: 50%; display: flex; align-items: center;
    justify-content: center; font-size: 1.5rem; font-weight: 700; color: #fff; margin-bottom: 1rem; }
  .success .badge { background: #12a150; }
  .error .badge { background: #d92d20; }
  .info .badge { background: #4d53e8; }
  h1 { font-size: 1.35rem; margin: 0 0 0.75rem; }
  p { margin: 0.5rem 0; }
  .app { color: #4d53e8; font-weight: 600; font-size: 0.9rem; margin-bottom: 0.5rem; }
  .code { color: #6b6f76; font-size: 0.85rem; margin-top: 1.25rem; }
  @media (prefers-color-scheme: dark) {
    body { background: #17181c; color: #e8e9ed; }
    main { background: #24262c; box-shadow: none; }
    .code { color: #9da1a9; }
  }
`

const badges: Record<Tone, string> = { success: '✓', error: '!', info: 'i' }

/** The whole HTML document for a page, in the given language. */
export function renderCallbackPage(page: CallbackPage, locale: PageLocale = 'en'): string {
  const text = catalogues[locale] ?? en
  const { tone, content, code } = describePage(page, text)
  const values = { app: text.appName }
  const title = escapeHtml(fillTemplate(content.title, values))
  const paragraphs = content.lines.map((line) => `<p>${escapeHtml(fillTemplate(line, values))}</p>`)
  const codeLine =
    code === undefined
      ? ''
      : `<p class="code">${escapeHtml(text.errorCodeLabel)}: <span id="error-code">${escapeHtml(code)}</span></p>`
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${escapeHtml(text.appName)}</title>
<style>${styles}</style>
</head>
<body>
<main class="${tone}" data-page="${escapeHtml(page.kind)}">
<div class="badge" aria-hidden="true">${badges[tone]}</div>
<p class="app">${escapeHtml(text.appName)}</p>
<h1>${title}</h1>
${paragraphs.join('\n')}
${codeLine}
</main>
</body>
</html>
`
}
