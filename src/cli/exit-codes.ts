import type { ErrorPayload } from '../shared/errors'

/**
 * The exit codes of `coze-auth`, one per kind of state a script may want to tell apart (a person
 * must sign in, unlock the keychain, start the app…). Stable: never renumber, only add.
 */
export const exitCodes = {
  ok: 0,
  /** Anything not listed below. */
  failed: 1,
  /** The command line itself is wrong: an unknown option, a missing argument, a PAT on argv. */
  usage: 2,
  /** The account needs a person to sign in again (its refresh token died, or it cannot renew). */
  needsSignIn: 3,
  /** No account matches the name, id or user@region given. */
  unknownAccount: 4,
  /** More than one account matches: the candidates are listed. */
  ambiguousAccount: 5,
  /** The OS keychain is locked, missing or refused access. */
  keychain: 6,
  /** The secrets are in the desktop app's safeStorage, which only the running app can read. */
  desktopOnlySecrets: 7,
  /** Coze (or the demo's stand-in) could not be reached, or answered with an error. */
  network: 8,
  /** Refused: the token was not approved in the app, or Coze refused the credentials. */
  refused: 9,
  /** The data folder is in use by another process that does not answer on the socket. */
  busy: 10,
  /** Something given was refused: a key file missing or not a key, a token that is not one. */
  badInput: 11,
  /** The app's socket is unsafe (another owner, or open to others), so it was not used. */
  unsafeSocket: 12,
  /** Interrupted (Ctrl+C). */
  interrupted: 130,
} as const

export type ExitKind = keyof typeof exitCodes

/** The kind of a failure the app (or the core) reported. */
export function exitKindOf(error: ErrorPayload): ExitKind {
  const reason = error.params?.reason
  switch (error.code) {
    case 'REFRESH_TOKEN_DEAD':
    case 'INVALID_GRANT':
    case 'INVALID_TOKEN':
    case 'NOT_REFRESHABLE':
      return 'needsSignIn'
    case 'NOT_FOUND':
      return 'unknownAccount'
    case 'KEYCHAIN_LOCKED':
    case 'KEYCHAIN_UNAVAILABLE':
    case 'KEYCHAIN_DENIED':
    case 'KEYCHAIN_TIMEOUT':
    case 'KEYCHAIN_FAILED':
      return 'keychain'
    case 'SAFE_STORAGE_UNAVAILABLE':
    case 'ENCRYPTION_UNAVAILABLE':
      return 'desktopOnlySecrets'
    case 'NETWORK':
    case 'TIMEOUT':
    case 'SERVER_ERROR':
    case 'INVALID_RESPONSE':
    case 'RATE_LIMITED':
      return 'network'
    case 'PERMISSION_DENIED':
    case 'ACCESS_DENIED':
    case 'INVALID_CLIENT':
    case 'REQUEST_REFUSED':
    case 'WRONG_REGION':
      return 'refused'
    case 'INVALID_ARGUMENT':
    case 'INVALID_PEM':
      return 'badInput'
    case 'CANCELLED':
      return 'interrupted'
    case 'STORE_FAILED':
      return reason === 'data-dir-locked' ? 'busy' : 'failed'
    default:
      return 'failed'
  }
}
