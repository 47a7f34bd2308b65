import type { ErrorCode } from '../../../shared/errors'
import type { StoredAccount } from '../accounts/account'

/**
 * "This account needs a sign-in." English title and body for a shell that shows them as they are;
 * `kind`, `code` and `label` let a shell that speaks another language word its own.
 */
export interface NeedsSignInNotification {
  kind: 'needs-sign-in'
  accountId: string
  /** The account's name as the user sees it in the window (never a token). */
  label: string
  /** Why the refresh stopped working, when known (REFRESH_TOKEN_DEAD, INVALID_CLIENT…). */
  code?: ErrorCode
  title: string
  body: string
}

export type RefreshNotification = NeedsSignInNotification

/**
 * Where the background refresh tells the user something. The Electron shell shows a system
 * notification; the browser host and the tests record them. `notify` must not throw (the scheduler
 * catches and logs it anyway) and must not block: it is called from the refresh path.
 */
export interface Notifier {
  notify(notification: RefreshNotification): void
}

/** Keeps every notification in memory, for the browser host and the tests. */
export class RecordingNotifier implements Notifier {
  readonly notifications: RefreshNotification[] = []

  constructor(private readonly onNotify?: (notification: RefreshNotification) => void) {}

  notify(notification: RefreshNotification): void {
    this.notifications.push(notification)
    this.onNotify?.(notification)
  }
}

/** The words for an account whose refresh will not work again until the user signs in. */
export function needsSignInNotification(
  account: Pick<StoredAccount, 'id' | 'label' | 'method'>,
  code?: ErrorCode,
): NeedsSignInNotification {
  // A JWT account has no refresh token to lose: what Coze stopped accepting is the app's key.
  const body =
    account.method === 'jwt'
      ? `Coze no longer accepts the app key of "${account.label}". Check the app on the Coze console, then sign in again.`
      : `"${account.label}" can no longer be refreshed (its authorization was revoked or has expired). Sign in again to keep using it.`
  return {
    kind: 'needs-sign-in',
    accountId: account.id,
    label: account.label,
    ...(code !== undefined ? { code } : {}),
    title: 'Sign-in needed',
    body,
  }
}
