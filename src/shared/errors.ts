import type { ConfirmationChallenge } from './confirmation'

/**
 * Stable error codes. They cross the IPC boundary as plain strings, so the renderer can pick a
 * translated message and a next step for each one. Never rename a code: add a new one instead.
 */
export const errorCodes = [
  // The bridge and the IPC layer.
  'INVALID_ARGUMENT',
  'UNKNOWN_OPERATION',
  'FORBIDDEN_SENDER',
  'UNAUTHORIZED',
  'BRIDGE_UNAVAILABLE',
  'INTERNAL',
  // A change that weakens a protection waits for the person's confirmation (browser host).
  'CONFIRMATION_REQUIRED',
  // The desktop's clipboard tool (browser host): missing, failing or not answering.
  'CLIPBOARD_FAILED',
  // Talking to Coze.
  'NETWORK',
  'TIMEOUT',
  'CANCELLED',
  'SERVER_ERROR',
  'INVALID_RESPONSE',
  'INSECURE_URL',
  // An address the app will not open in the system browser (not a region's sign-in page).
  'EXTERNAL_URL_REFUSED',
  'REQUEST_REFUSED',
  'PERMISSION_DENIED',
  'RATE_LIMITED',
  // Sign-in flows.
  'STATE_MISMATCH',
  'PORT_IN_USE',
  'BROWSER_LAUNCH_FAILED',
  'ACCESS_DENIED',
  'DEVICE_CODE_EXPIRED',
  'INVALID_CLIENT',
  'INVALID_GRANT',
  'INVALID_TOKEN',
  'WRONG_REGION',
  'INVALID_PEM',
  'REFRESH_TOKEN_DEAD',
  'NOT_REFRESHABLE',
  'NOT_FOUND',
  // The secret store and the metadata store.
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_DENIED',
  'KEYCHAIN_TIMEOUT',
  'KEYCHAIN_FAILED',
  'SECRET_UNREADABLE',
  'ENCRYPTION_UNAVAILABLE',
  'SAFE_STORAGE_UNAVAILABLE',
  'VAULT_FILE_FAILED',
  'STORE_FAILED',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/**
 * Why main refused something a person typed, pasted or chose: `params.reason` of an
 * INVALID_ARGUMENT. The window shows a translated text for each; main's English sentence only goes
 * into the folded details. Shared, so main can only send reasons the window knows. Never rename a
 * reason: add a new one instead.
 */
export const invalidArgumentReasons = [
  // A pasted token and its expiry.
  'token-empty',
  'token-has-spaces',
  'token-not-coze',
  'token-bad-characters',
  'token-expiry-past',
  'token-expiry-invalid',
  // Names and other typed text.
  'label-length',
  'profile-name-length',
  'text-too-long',
  // An app profile.
  'client-id-invalid',
  'client-secret-missing',
  'public-key-id-missing',
  'public-key-id-spaces',
  'private-key-missing',
  'jwt-lifetime-range',
  'custom-needs-api-base',
  'api-base-invalid',
  'web-base-invalid',
  'profile-bundled',
  // The redirect URI, and receiving the sign-in on it.
  'redirect-uri-missing',
  'redirect-uri-invalid',
  'redirect-uri-spaces',
  'redirect-uri-not-http',
  'redirect-uri-not-loopback',
  'redirect-uri-credentials',
  'redirect-uri-fragment',
  'redirect-uri-port',
  'loopback-ipv6-unavailable',
  'loopback-port-forbidden',
  // An app's configuration file (coze_oauth_config.json).
  'config-not-json',
  'config-not-object',
  'config-field-not-text',
  'config-client-type',
  'config-client-id-missing',
  // Settings.
  'proxy-url-invalid',
  'proxy-url-scheme',
  'clipboard-seconds-range',
  // Exporting and importing accounts.
  'passphrase-too-short',
  'passphrase-required',
  'passphrase-wrong',
  'import-not-export',
  'import-newer-version',
  'import-unknown-encryption',
  // Files chosen through main.
  'file-unreadable',
  'file-too-large',
  'file-choice-expired',
  // A token offered from the clipboard.
  'clipboard-changed',
] as const

export type InvalidArgumentReason = (typeof invalidArgumentReasons)[number]

/**
 * The fields `text-too-long` may name in `params.field` (the window shows each in its language).
 */
export const textFields = [
  'name',
  'label',
  'clientId',
  'clientSecret',
  'redirectUri',
  'publicKeyId',
  'sessionName',
  'workspaceId',
  'accountId',
  'apiBase',
  'webBase',
  'proxyUrl',
  'passphrase',
  'path',
] as const

export type TextField = (typeof textFields)[number]

/** Why main refused a signing key: `params.reason` of an INVALID_PEM (see main's oauth/pem.ts). */
export const pemReasons = [
  'empty',
  'too-large',
  'not-pem',
  'json-without-key',
  'truncated',
  'damaged',
  'public-key',
  'certificate',
  'ec-key',
  'ed25519-key',
  'unsupported-key',
  'encrypted',
  'too-short',
  'multiple-keys',
] as const

export type PemReason = (typeof pemReasons)[number]

/** What a failed operation tells the renderer: never a secret, always a stable code. */
export interface ErrorPayload {
  code: ErrorCode
  /** An English sentence that says what went wrong and what to do next. */
  message: string
  /** The server's `X-Tt-Logid`, for a support ticket. */
  logId?: string
  /** Non-secret facts that a translated message may use, such as a port number or a region. */
  params?: Record<string, string | number>
  /** CONFIRMATION_REQUIRED only: what to confirm, and the token to send back once agreed. */
  confirmation?: ConfirmationChallenge
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value)
}

export function isInvalidArgumentReason(value: unknown): value is InvalidArgumentReason {
  return typeof value === 'string' && (invalidArgumentReasons as readonly string[]).includes(value)
}

export function isPemReason(value: unknown): value is PemReason {
  return typeof value === 'string' && (pemReasons as readonly string[]).includes(value)
}
