import type { ErrorCode, Result } from '../../../src/shared/errors'
import type {
  AccountDetails,
  AccountSummary,
  ProfileSummary,
} from '../../../src/shared/ipc-contract'

/** A promise the test settles by hand, to look at a store while a call is still in flight. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

/**
 * The fake API's answers are synchronous; its operations are async functions, so an answer that
 * returns a promise is awaited just the same. The cast only widens the answer's type.
 */
export function later<T>(pending: Deferred<Result<T>>): (request: unknown) => Result<T> {
  return (() => pending.promise) as unknown as (request: unknown) => Result<T>
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function failure(code: ErrorCode, message = `Failed: ${code}.`): Result<never> {
  return { ok: false, error: { code, message } }
}

export function summary(id: string, overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id,
    label: `Account ${id}`,
    region: 'cn',
    method: 'pkce',
    status: 'active',
    accessTokenExpiresAt: 1_700_000_900_000,
    tokenHint: 'czu_…9f2a',
    workspaceCount: 1,
    ...overrides,
  }
}

export function details(id: string, overrides: Partial<AccountDetails> = {}): AccountDetails {
  return {
    ...summary(id),
    workspaces: [{ id: 'w1', name: 'Personal', iconUrl: '', role: 'owner', type: 'personal' }],
    workspacesKnown: true,
    createdAt: 1_700_000_000_000,
    ...overrides,
  }
}

export function profile(id: string, overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    id,
    name: `App ${id}`,
    region: 'cn',
    clientType: 'pkce',
    clientId: `client-${id}`,
    redirectUri: 'http://127.0.0.1:8080/callback',
    bundled: false,
    hasClientSecret: false,
    hasPrivateKey: false,
    ...overrides,
  }
}
