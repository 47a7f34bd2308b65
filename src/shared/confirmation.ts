/**
 * Confirming a change that weakens a protection. Main decides what needs confirming and asks the
 * person itself: the desktop app with a native dialog, the browser host (which has none) by
 * refusing the operation with CONFIRMATION_REQUIRED and a one-time token, which the page sends
 * back with the very same operation once the person has agreed. The window only words the
 * question; it never decides that no question is needed.
 */
import type { AppSettings, SettingsPatchInput } from './ipc-contract'

/** Each protection a change can weaken. Never rename one: add a new one instead. */
export const weakeningKinds = [
  /** Copied tokens stay on the clipboard until something else replaces them. */
  'clipboard-clearing-off',
  /** Secrets may be written unencrypted where no encrypted store works. */
  'plaintext-secrets-allowed',
  /** Secrets move from the OS keychain to the app's own encrypted file (safeStorage). */
  'secret-storage-switched',
  /** An export that holds every account's tokens and keys (encrypted with a passphrase). */
  'export-with-tokens',
] as const

export type WeakeningKind = (typeof weakeningKinds)[number]

/** The operations that can weaken a protection, and the request field that carries a token. */
export const confirmableOperations = ['updateSettings', 'exportAccounts'] as const

export type ConfirmableOperation = (typeof confirmableOperations)[number]

/** The request field in which the page sends a confirmation token back. */
export const confirmationTokenField = 'confirmationToken'

/** One protection that is about to be weakened, with the non-secret facts its text may quote. */
export interface Weakening {
  kind: WeakeningKind
  /** For a translated text: `seconds` (the clearing delay now), `from` and `to` (stores). */
  params?: Record<string, string | number>
}

/** What main asks the person to confirm: what one operation would weaken. */
export interface ConfirmationRequest {
  operation: ConfirmableOperation
  weakenings: Weakening[]
}

/**
 * What a CONFIRMATION_REQUIRED error carries (browser host only): the question, and the token
 * that lets the same operation, with the same parameters, through once before `expiresAt`.
 */
export interface ConfirmationChallenge extends ConfirmationRequest {
  token: string
  /** Milliseconds since the epoch, by main's clock. */
  expiresAt: number
}

export function isWeakeningKind(value: unknown): value is WeakeningKind {
  return typeof value === 'string' && (weakeningKinds as readonly string[]).includes(value)
}

export function isConfirmableOperation(value: unknown): value is ConfirmableOperation {
  return typeof value === 'string' && (confirmableOperations as readonly string[]).includes(value)
}

/** A challenge as it arrives in the window: checked, since the window words only what it knows. */
export function isConfirmationChallenge(value: unknown): value is ConfirmationChallenge {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    isConfirmableOperation(record.operation) &&
    typeof record.token === 'string' &&
    typeof record.expiresAt === 'number' &&
    Array.isArray(record.weakenings) &&
    record.weakenings.length > 0 &&
    record.weakenings.every(
      (weakening: unknown) =>
        typeof weakening === 'object' &&
        weakening !== null &&
        isWeakeningKind((weakening as Record<string, unknown>).kind),
    )
  )
}

/**
 * What a settings change would weaken, measured against the settings now (main asks, and the window's tests play main with it): turning a protection
 * back on, or setting what is already set, asks nothing.
 */
export function settingsWeakenings(current: AppSettings, patch: SettingsPatchInput): Weakening[] {
  const weakenings: Weakening[] = []
  if (patch.clipboardClearSeconds === 0 && current.clipboardClearSeconds !== 0) {
    weakenings.push({
      kind: 'clipboard-clearing-off',
      params: { seconds: current.clipboardClearSeconds },
    })
  }
  if (patch.allowPlaintextSecrets === true && !current.allowPlaintextSecrets) {
    weakenings.push({ kind: 'plaintext-secrets-allowed' })
  }
  // The keychain keeps each secret behind the OS's own access control; the app's encrypted file
  // is readable by anything that runs as this user and can ask for its key.
  if (patch.secretStorage === 'safe-storage' && current.secretStorage === 'keychain') {
    weakenings.push({
      kind: 'secret-storage-switched',
      params: { from: 'keychain', to: 'safe-storage' },
    })
  }
  return weakenings
}
