/**
 * The ways a token can be copied: the raw token, a shell `export` line, an HTTP header, a curl call
 * against `/v1/users/me`, or a `.env` line.
 *
 * COZE_API_BASE: the official SDKs and the Coze CLI default to https://api.coze.com, so a token of
 * any other deployment (coze.cn, a custom one, the sandbox) is useless without its address. The
 * `export` and `dotenv` formats therefore add `COZE_API_BASE` exactly when the API base is not
 * https://api.coze.com: as a second assignment on the same `export` line (one line, so it still
 * pastes as one command) and as a second line of the `.env` snippet. `raw` and `header` carry no
 * address; `curl` names it in the URL.
 *
 * Quoting: Coze tokens are `[A-Za-z0-9_-]`, but a token is never trusted to be. Every format
 * refuses a token with whitespace, control or non-ASCII characters (a newline would smuggle a
 * second command into a shell or a second header into a request). The snippet formats accept only
 * the URL-safe and base64 alphabet `[A-Za-z0-9._~+/=-]` and single-quote a token that has anything
 * beyond `[A-Za-z0-9._-]`, which shells and `.env` readers take literally. Nothing ends with a
 * newline: a pasted command waits in the terminal until the person presses Enter.
 */
import type { TokenFormat } from '../../../shared/ipc-contract'
import { InvalidArgumentError, quoteInput } from '../errors'
import { normaliseBase, officialApiBases } from '../regions'

export type { TokenFormat }

export const tokenFormats: readonly TokenFormat[] = ['raw', 'export', 'header', 'curl', 'dotenv']

/** What needs no quoting in a POSIX shell word or a `.env` value. */
const plainToken = /^[A-Za-z0-9._-]+$/
/** What a snippet may contain at all: base64, base64url and JWT characters. */
const snippetToken = /^[A-Za-z0-9._~+/=-]+$/
/** Visible ASCII only: the raw format copies anything a person could have typed as a token. */
const rawToken = /^[\x21-\x7e]+$/
/** Characters a URL may keep unquoted in a shell word; IPv6 brackets are globs and need quotes. */
const plainUrl = /^[A-Za-z0-9._:/-]+$/

/** Long enough for any bearer token; a longer one is a mistake, not a token. */
const maxTokenLength = 16_384

/**
 * Formats `token` for the clipboard. `apiBase` is the account's API origin (the one its token
 * belongs to). Throws `InvalidArgumentError` for a token that cannot be formatted safely; the
 * message never quotes the token.
 */
export function formatToken(token: string, format: TokenFormat, apiBase: string): string {
  checkToken(token, format)
  if (format === 'raw') return token
  if (format === 'header') return `Authorization: Bearer ${token}`

  const base = normaliseBase(apiBase)
  const extraBase = base === officialApiBases.com ? undefined : base
  const value = plainToken.test(token) ? token : singleQuote(token)

  switch (format) {
    case 'export':
      return extraBase === undefined
        ? `export COZE_API_TOKEN=${value}`
        : `export COZE_API_TOKEN=${value} COZE_API_BASE=${shellWord(extraBase)}`
    case 'dotenv':
      return extraBase === undefined
        ? `COZE_API_TOKEN=${value}`
        : `COZE_API_TOKEN=${value}\nCOZE_API_BASE=${extraBase}`
    case 'curl': {
      const url = `${base}/v1/users/me`
      // curl reads [] in a URL as a range glob; -g makes it take an IPv6 literal as written.
      const glob = url.includes('[') ? ' -g' : ''
      return `curl -s${glob} ${shellWord(url)} -H ${singleQuote(`Authorization: Bearer ${token}`)}`
    }
    default:
      return unknownFormat(format)
  }
}

function checkToken(token: string, format: TokenFormat): void {
  if (!tokenFormats.includes(format)) unknownFormat(format)
  if (token.length === 0) {
    throw new InvalidArgumentError('There is no token to copy. Sign in again to get a new one.')
  }
  const allowed = format === 'raw' ? rawToken : snippetToken
  if (token.length > maxTokenLength || !allowed.test(token)) {
    throw new InvalidArgumentError(
      format === 'raw'
        ? 'This token contains spaces or characters a token never has, so it was not copied. Check the token, or sign in again.'
        : 'This token has characters that cannot be put safely into a command or a .env file, so it was not copied. Copy the raw token instead.',
      { params: { format } },
    )
  }
}

function unknownFormat(format: string): never {
  throw new InvalidArgumentError(
    `"${quoteInput(String(format))}" is not a format the app can copy.`,
  )
}

/** POSIX single quotes: everything inside is literal; a quote is closed, escaped and reopened. */
function singleQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

function shellWord(text: string): string {
  return plainUrl.test(text) ? text : singleQuote(text)
}
