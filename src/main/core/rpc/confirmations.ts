/**
 * Confirming, in main, a change that weakens a protection (see src/shared/confirmation.ts).
 *
 * With a native dialog (the desktop app) main asks the person itself, and nothing the window sends
 * can skip the question. Without one (the browser host) main answers CONFIRMATION_REQUIRED with a
 * one-time token bound to the operation and to a digest of its exact parameters; the page asks the
 * person and sends the same operation again with the token. A token is good for two minutes and
 * once; an unknown, expired, used or mismatched one only earns a new question, never the change.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type {
  ConfirmableOperation,
  ConfirmationChallenge,
  ConfirmationRequest,
} from '../../../shared/confirmation'
import { CancelledError, ConfirmationRequiredError } from '../errors'
import type { Clock } from '../ports'

/** How long a token waits for the person to answer (and the page to send it back). */
export const confirmationLifetimeMs = 2 * 60 * 1000

/**
 * Tokens waiting at most at once. A person answers one question at a time; a page that asks for
 * thousands only pushes its own oldest ones out, and main's memory stays small.
 */
export const maxPendingConfirmations = 16

interface Pending {
  secretDigest: Buffer
  paramsDigest: Buffer
  expiresAt: number
}

export interface ConfirmationTokensOptions {
  clock: Pick<Clock, 'now'>
  lifetimeMs?: number
  maxPending?: number
}

/** Issues and redeems the browser host's one-time confirmation tokens. */
export class ConfirmationTokens {
  readonly #clock: Pick<Clock, 'now'>
  readonly #lifetimeMs: number
  readonly #maxPending: number
  readonly #pending = new Map<string, Pending>()

  constructor(options: ConfirmationTokensOptions) {
    this.#clock = options.clock
    this.#lifetimeMs = options.lifetimeMs ?? confirmationLifetimeMs
    this.#maxPending = options.maxPending ?? maxPendingConfirmations
  }

  /** A new question with its token, good once for exactly this operation and these parameters. */
  issue(request: ConfirmationRequest, params: unknown): ConfirmationChallenge {
    const now = this.#clock.now()
    for (const [id, pending] of this.#pending) {
      if (pending.expiresAt <= now) this.#pending.delete(id)
    }
    while (this.#pending.size >= this.#maxPending) {
      const oldest = this.#pending.keys().next().value
      if (oldest === undefined) break
      this.#pending.delete(oldest)
    }
    // The id finds the entry; only the secret half proves the token came from main.
    const id = randomBytes(12).toString('base64url')
    const secret = randomBytes(32).toString('base64url')
    const expiresAt = now + this.#lifetimeMs
    this.#pending.set(id, {
      secretDigest: sha256(secret),
      paramsDigest: paramsDigest(request.operation, params),
      expiresAt,
    })
    return {
      operation: request.operation,
      weakenings: structuredClone(request.weakenings),
      token: `${id}.${secret}`,
      expiresAt,
    }
  }

  /**
   * True once, for a token main issued for this operation with these very parameters, before it
   * expired. Whatever the outcome, a token that names a pending entry is used up: a wrong guess
   * costs the guesser the token it tried to reuse.
   */
  redeem(operation: ConfirmableOperation, params: unknown, token: unknown): boolean {
    if (typeof token !== 'string' || token.length > 200) return false
    const dot = token.indexOf('.')
    if (dot <= 0) return false
    const id = token.slice(0, dot)
    const pending = this.#pending.get(id)
    if (!pending) return false
    this.#pending.delete(id)
    if (this.#clock.now() >= pending.expiresAt) return false
    // Both digests are 32 bytes, so the comparisons take the same time whatever the input.
    const secretMatches = timingSafeEqual(pending.secretDigest, sha256(token.slice(dot + 1)))
    const paramsMatch = timingSafeEqual(pending.paramsDigest, paramsDigest(operation, params))
    return secretMatches && paramsMatch
  }

  /** How many tokens wait for an answer (for tests and the memory bound). */
  get pendingCount(): number {
    return this.#pending.size
  }
}

/** Asks the person natively; resolves true when they agreed. */
export type NativeConfirm = (request: ConfirmationRequest) => Promise<boolean>

export interface WeakeningGate {
  /**
   * Resolves when the person has confirmed every weakening in `request` (at once when there is
   * none); otherwise throws CancelledError (they declined in the native dialog) or
   * ConfirmationRequiredError (the page must ask, then send `params` again with the token).
   */
  require(request: ConfirmationRequest, params: unknown, token: string | undefined): Promise<void>
}

export function createWeakeningGate(options: {
  clock: Pick<Clock, 'now'>
  /** The host's native dialog; without one, the token round trip through the page. */
  confirmNatively?: NativeConfirm
}): WeakeningGate & { tokens: ConfirmationTokens } {
  const tokens = new ConfirmationTokens({ clock: options.clock })
  const { confirmNatively } = options
  return {
    tokens,
    async require(request, params, token) {
      if (request.weakenings.length === 0) return
      if (confirmNatively) {
        // A token from the window counts for nothing here: only the person's click does.
        if (await confirmNatively(structuredClone(request))) return
        throw new CancelledError('The change was not confirmed, so nothing was changed.')
      }
      if (token !== undefined && tokens.redeem(request.operation, params, token)) return
      throw new ConfirmationRequiredError(tokens.issue(request, params))
    },
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/** The operation and its parameters as one digest: keys sorted, so field order does not matter. */
export function paramsDigest(operation: ConfirmableOperation, params: unknown): Buffer {
  return sha256(`${operation}\n${canonicalJson(params)}`)
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`
}
