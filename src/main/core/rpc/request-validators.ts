import type { OperationName, RequestOf } from '../../../shared/ipc-contract'
import type { JsonSchema } from '../../../shared/json-schema'
import { noArgument, pastedTextLimit, requestSchemas } from '../../../shared/schemas'
import { InvalidArgumentError } from '../errors'
import { checkAgainst } from '../schema-check'
import { minimumPassphraseLength } from '../vault/transfer'
import type { RequestValidators } from './dispatcher'

/*
 * Every request is checked against its schema in src/shared/schemas.ts, the same one its type is
 * read off. A value of the wrong type or shape can only come from a bug (the window never sends
 * one), so it is refused with a plain sentence; a value a person typed (a name too long, a
 * lifetime out of range) is refused with a reason from `invalidArgumentReasons`, which the window
 * turns into a text in the person's language (see schema-check.ts). What a schema cannot say (a
 * blank token, a proxy's scheme, a passphrase's minimum) is checked after it, with its reason.
 */

/**
 * A copy of what arrived, as plain data: a field set to undefined is a field left out (structured
 * clone keeps it, JSON does not), and so is an empty optional text the window sends for a box left
 * blank. Anything but a plain object is refused here: Ajv does not look at prototypes.
 */
function plainCopy(raw: unknown, schema: JsonSchema, blankIsAbsent: boolean): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || schema.type !== 'object') {
    return raw
  }
  const what = schema.title ?? 'The argument'
  if (Object.getPrototypeOf(raw) !== Object.prototype && Object.getPrototypeOf(raw) !== null) {
    throw new InvalidArgumentError(`${what} must be plain data.`)
  }
  const required = new Set(schema.required ?? [])
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue
    if (blankIsAbsent && value === '' && !required.has(key) && schema.properties?.[key]) continue
    const property = schema.properties?.[key]
    copy[key] = property ? plainCopy(value, property, blankIsAbsent) : value
  }
  return copy
}

/**
 * The request checked against the operation's schema. `blankIsAbsent`: the operation's optional
 * texts come from form fields, where an empty box means "none".
 */
function checked<K extends OperationName>(
  operation: K,
  raw: unknown,
  blankIsAbsent = false,
): RequestOf<K> {
  const schema: JsonSchema = requestSchemas[operation]
  if (schema === noArgument) {
    checkAgainst(noArgument, raw ?? null)
    return undefined as RequestOf<K>
  }
  return checkAgainst(schema, plainCopy(raw, schema, blankIsAbsent)) as RequestOf<K>
}

/**
 * The proxy the person typed: the same rules as `checkProxyUrl`, which the handler still applies
 * (it also writes the address out in full), with a reason for each refusal.
 */
function checkTypedProxy(proxy: string): void {
  const trimmed = proxy.trim()
  if (trimmed === '') return
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new InvalidArgumentError(
      'The proxy must be an address such as http://proxy.example:8080.',
      { reason: 'proxy-url-invalid' },
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('Only http:// and https:// proxies are supported.', {
      reason: 'proxy-url-scheme',
    })
  }
}

/** The same reasons the token check gives later, said before anything else is looked at. */
function checkPastedToken(token: string): void {
  if (token.trim() === '') {
    throw new InvalidArgumentError('Paste a token first.', { reason: 'token-empty' })
  }
  if (token.length > pastedTextLimit) {
    throw new InvalidArgumentError(
      'This does not look like a Coze token. Copy it again from the Coze console.',
      { reason: 'token-not-coze' },
    )
  }
}

/** One validator per operation: what the renderer sends is checked before any handler runs. */
export const requestValidators: RequestValidators = {
  getAppInfo: (raw) => checked('getAppInfo', raw),
  getUpdateStatus: (raw) => checked('getUpdateStatus', raw),
  restartToUpdate: (raw) => checked('restartToUpdate', raw),
  getStorageStatus: (raw) => checked('getStorageStatus', raw),
  listAccounts: (raw) => checked('listAccounts', raw),
  getAccount: (raw) => checked('getAccount', raw),
  signIn: (raw) => checked('signIn', raw),
  cancelSignIn: (raw) => checked('cancelSignIn', raw),
  addPastedToken: (raw) => {
    const request = checked('addPastedToken', raw, true)
    checkPastedToken(request.token)
    return request
  },
  peekClipboardToken: (raw) => checked('peekClipboardToken', raw),
  addClipboardToken: (raw) => checked('addClipboardToken', raw, true),
  refreshAccount: (raw) => checked('refreshAccount', raw),
  refreshAllAccounts: (raw) => checked('refreshAllAccounts', raw),
  getAccountActivity: (raw) => checked('getAccountActivity', raw),
  refreshWorkspaces: (raw) => checked('refreshWorkspaces', raw),
  renameAccount: (raw) => checked('renameAccount', raw),
  undoRemoveAccount: (raw) => checked('undoRemoveAccount', raw),
  removeAccount: (raw) => checked('removeAccount', raw),
  copyToken: (raw) => checked('copyToken', raw),
  revealToken: (raw) => checked('revealToken', raw),
  chooseFile: (raw) => checked('chooseFile', raw),
  listProfiles: (raw) => checked('listProfiles', raw),
  addProfile: (raw) => checked('addProfile', raw, true),
  updateProfile: (raw) => checked('updateProfile', raw, true),
  removeProfile: (raw) => checked('removeProfile', raw),
  importProfileFile: (raw) => checked('importProfileFile', raw),
  previewJwt: (raw) => checked('previewJwt', raw),
  getSettings: (raw) => checked('getSettings', raw),
  getProxyStatus: (raw) => checked('getProxyStatus', raw),
  updateSettings: (raw) => {
    const patch = checked('updateSettings', raw)
    if (typeof patch.proxyUrl === 'string') checkTypedProxy(patch.proxyUrl)
    return patch
  },
  exportAccounts: (raw) => {
    const request = checked('exportAccounts', raw ?? {})
    const { passphrase } = request
    if (passphrase !== undefined && passphrase.length < minimumPassphraseLength) {
      throw new InvalidArgumentError(
        `Choose a passphrase of at least ${minimumPassphraseLength} characters: the export holds your tokens.`,
        { reason: 'passphrase-too-short', params: { min: minimumPassphraseLength } },
      )
    }
    return request
  },
  importAccounts: (raw) => checked('importAccounts', raw),
  answerCommandLineApproval: (raw) => checked('answerCommandLineApproval', raw),
}
