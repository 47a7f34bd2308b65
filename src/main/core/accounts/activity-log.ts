import type { ActivityEntry } from '../../../shared/ipc-contract'

/** The most entries kept per account: enough for a support ticket, small enough to never matter. */
export const activityLimit = 50

/**
 * What happened to each account (sign-ins, refreshes and their failures), newest first, for the
 * window's Activity list and "Copy for support". A ring per account in main's memory: the account
 * record, rewritten on every refresh, stays as small as it is, and nothing here is a secret (a
 * code, an HTTP status, Coze's log ID, a duration), so nothing here needs the vault.
 *
 * It lives as long as the process: after a restart the list starts again, which is what a
 * timeline of "what just happened" needs, and keeps the data folder free of a growing log.
 */
export class ActivityLog {
  private readonly entries = new Map<string, ActivityEntry[]>()

  constructor(private readonly limit = activityLimit) {}

  record(accountId: string, entry: ActivityEntry): void {
    const list = this.entries.get(accountId) ?? []
    list.unshift(entry)
    if (list.length > this.limit) list.length = this.limit
    this.entries.set(accountId, list)
  }

  /** Newest first; copies, so a caller cannot change the log. */
  list(accountId: string): ActivityEntry[] {
    return (this.entries.get(accountId) ?? []).map((entry) => ({ ...entry }))
  }

  forget(accountId: string): void {
    this.entries.delete(accountId)
  }
}
