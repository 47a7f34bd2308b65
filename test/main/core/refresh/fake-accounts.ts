import type { StoredAccount } from '../../../../src/main/core/accounts/account'
import type {
  AccountService,
  RefreshOptions,
} from '../../../../src/main/core/accounts/account-service'
import { AppError, NetworkError, RefreshTokenDeadError } from '../../../../src/main/core/errors'
import type { Clock } from '../../../../src/main/core/ports'

/** How one account's refresh ends: as AccountService would, status changes included. */
export type RefreshBehaviour = 'ok' | 'dead' | 'network' | 'internal'

export const minute = 60_000
export const hour = 60 * minute

/**
 * An in-memory stand-in for AccountService's `list` and `refresh`: it counts the refreshes running
 * at once (overall and per account), can hold any refresh until the test lets it go, and fails
 * the way the real service does (a dead refresh token marks the account "needs sign-in").
 */
export class FakeAccounts implements Pick<AccountService, 'list' | 'refresh'> {
  readonly store = new Map<string, StoredAccount>()
  readonly calls: string[] = []
  readonly behaviour = new Map<string, RefreshBehaviour>()
  /** Refreshes of these accounts wait until `release(id)`. */
  private readonly held = new Map<string, { promise: Promise<void>; release: () => void }>()
  private readonly runningPerAccount = new Map<string, number>()
  running = 0
  maxRunning = 0
  maxRunningPerAccount = 0
  lists = 0
  /** When set, list() takes its snapshot at once but answers only when this resolves. */
  listGate: Promise<void> | undefined
  /** When set, the next list() throws it (once). */
  listFailure: Error | undefined

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs = 15 * minute,
  ) {}

  /** Adds an account whose current token expires at `expiresAt`. */
  add(id: string, expiresAt: number, overrides: Partial<StoredAccount> = {}): StoredAccount {
    const now = this.clock.now()
    const account: StoredAccount = {
      id,
      label: `Account ${id}`,
      region: 'com',
      method: 'device',
      workspaces: [],
      workspacesKnown: true,
      status: 'active',
      tokenHint: 'czu_…abcd',
      accessTokenExpiresAt: expiresAt,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    }
    this.store.set(id, account)
    return account
  }

  get(id: string): StoredAccount {
    const account = this.store.get(id)
    if (!account) throw new Error(`no account ${id}`)
    return account
  }

  update(id: string, changes: Partial<StoredAccount>): void {
    this.store.set(id, { ...this.get(id), ...changes })
  }

  callsOf(id: string): number {
    return this.calls.filter((call) => call === id).length
  }

  hold(id: string): void {
    let release = (): void => {}
    const promise = new Promise<void>((resolve) => (release = resolve))
    this.held.set(id, { promise, release })
  }

  release(id: string): void {
    this.held.get(id)?.release()
    this.held.delete(id)
  }

  isRunning(id: string): boolean {
    return (this.runningPerAccount.get(id) ?? 0) > 0
  }

  async list(): Promise<StoredAccount[]> {
    this.lists += 1
    changed()
    if (this.listFailure) {
      const failure = this.listFailure
      this.listFailure = undefined
      throw failure
    }
    const snapshot = [...this.store.values()].map((account) => structuredClone(account))
    if (this.listGate) await this.listGate
    return snapshot
  }

  /** Honours the scheduler's throttle around the whole (pretend) exchange, as the service does. */
  refresh(id: string, options: RefreshOptions = {}): Promise<StoredAccount> {
    const throttle = options.throttle ?? ((exchange) => exchange())
    return throttle(() => this.refreshNow(id))
  }

  private async refreshNow(id: string): Promise<StoredAccount> {
    this.calls.push(id)
    this.running += 1
    this.maxRunning = Math.max(this.maxRunning, this.running)
    const mine = (this.runningPerAccount.get(id) ?? 0) + 1
    this.runningPerAccount.set(id, mine)
    this.maxRunningPerAccount = Math.max(this.maxRunningPerAccount, mine)
    changed()
    try {
      // A real macrotask, so refreshes really overlap as network calls do.
      await new Promise<void>((resolve) => setImmediate(resolve))
      await this.held.get(id)?.promise
      const account = this.store.get(id)
      if (!account) throw new AppError('NOT_FOUND', 'This account no longer exists.')
      const now = this.clock.now()
      switch (this.behaviour.get(id) ?? 'ok') {
        case 'dead':
          this.update(id, {
            status: 'needs-sign-in',
            lastRefresh: { at: now, ok: false, code: 'REFRESH_TOKEN_DEAD' },
          })
          throw new RefreshTokenDeadError({})
        case 'network':
          this.update(id, { lastRefresh: { at: now, ok: false, code: 'NETWORK' } })
          throw new NetworkError('api.coze.com')
        case 'internal':
          throw new Error('something unexpected')
        case 'ok':
          break
      }
      const updated: StoredAccount = {
        ...account,
        status: 'active',
        accessTokenExpiresAt: now + this.lifetimeMs,
        lastRefresh: { at: now, ok: true },
        updatedAt: now,
      }
      this.store.set(id, updated)
      return structuredClone(updated)
    } finally {
      this.running -= 1
      this.runningPerAccount.set(id, (this.runningPerAccount.get(id) ?? 1) - 1)
      changed()
    }
  }
}

const watchers = new Set<() => void>()

/**
 * Tells `until` that state it may be waiting on has changed. FakeAccounts and SleepGate call it
 * on every change a test waits for; a test calls it where its own state changes (or passes it
 * as a test clock's onSleepStart).
 */
export function changed(): void {
  for (const watcher of [...watchers]) watcher()
}

/**
 * Resolves once `condition` holds, checking it again on every changed(): the scheduler's progress
 * moves it on, not a timer. The timeout only turns a condition that never comes into a failed
 * test that names it.
 */
export function until(
  condition: () => boolean,
  what = 'condition',
  timeoutMs = 5_000,
): Promise<void> {
  if (condition()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      watchers.delete(watcher)
      clearTimeout(timer)
    }
    const watcher = (): void => {
      if (!condition()) return
      stop()
      resolve()
    }
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`timed out waiting for ${what}`))
    }, timeoutMs)
    watchers.add(watcher)
  })
}

/**
 * Sleeps that park until the test lets them go, for driving the scheduler's own loop one check at
 * a time: `parked` counts the sleeps waiting, `wake()` lets the oldest one finish.
 */
export class SleepGate {
  private readonly waiting: (() => void)[] = []

  get parked(): number {
    return this.waiting.length
  }

  readonly onSleep = (): Promise<void> =>
    new Promise<void>((resolve) => {
      this.waiting.push(resolve)
      changed()
    })

  wake(): void {
    const next = this.waiting.shift()
    if (!next) throw new Error('no sleep is parked')
    next()
    changed()
  }
}
