/**
 * Copies secrets to the clipboard and takes them away again: after N seconds the clipboard is
 * cleared, but only if it still holds exactly what the app put there (the person may have copied
 * something of their own since, which is theirs to keep).
 *
 * Every clipboard operation of the service runs one at a time: a clear reads the clipboard, compares
 * and clears as one step, so it can never wipe a token this app wrote a moment later. Another
 * program writing in between the read and the clear cannot be excluded; the window is a few
 * milliseconds.
 *
 * The service keeps a SHA-256 digest of the copied text for the comparison, not the text itself, so
 * the secret does not linger in its memory for the length of the wait. Nothing here logs the text.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { AppError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { Clock } from '../ports'

/** The clipboard as the service needs it. Electron, the browser host and the tests supply one. */
export interface SecureClipboard {
  /**
   * Puts `text` on the clipboard as plain text; where the platform allows, also marks it concealed
   * and keeps it out of clipboard history, cloud sync and clipboard managers.
   */
  writeSecret(text: string): Promise<void>
  readText(): Promise<string>
  clear(): Promise<void>
}

export interface ClipboardServiceOptions {
  clipboard: SecureClipboard
  clock: Clock
  /** Read at every copy, so a changed setting applies to the next copy; 0 never clears. */
  clearAfterSeconds: () => number
  logger?: Logger
}

export interface CopyResult {
  /** Unix ms at which the clipboard will be cleared (if unchanged); null when it never is. */
  clearsAt: number | null
}

/** Used when the setting is unreadable, negative or not a number: clearing is the safe side. */
export const defaultClearAfterSeconds = 30
/** Longer waits are shortened to this: a timer cannot wait much longer than 24 days anyway. */
export const maxClearAfterSeconds = 86_400

interface PendingClear {
  controller: AbortController
  digest: string
}

/**
 * A Coze token the person copied (not this app), as the window may hear of it: its kind and an
 * opaque name for exactly that text, never the text. The name is a keyed hash with a key drawn
 * per run, so it says nothing about the token and is of no use outside this run.
 */
export interface ClipboardTokenOffer {
  kind: 'pat' | 'sat'
  id: string
}

/** How many of the app's own copies are remembered (by digest), so they are never offered back. */
const ownCopiesRemembered = 20
/** No Coze token is longer (the same bound as a pasted token). */
const offerMaxLength = 4096

export class ClipboardService {
  private readonly clipboard: SecureClipboard
  private readonly clock: Clock
  private readonly clearAfterSeconds: () => number
  private readonly logger: Logger
  /** The tail of the one-at-a-time chain of clipboard operations. */
  private queue: Promise<void> = Promise.resolve()
  private pending: PendingClear | undefined
  private disposed = false
  /** Digests of what this app copied lately: a token it put there is not the person's to add. */
  private readonly ownCopies: string[] = []
  private readonly offerKey = randomBytes(32)

  constructor(options: ClipboardServiceOptions) {
    this.clipboard = options.clipboard
    this.clock = options.clock
    this.clearAfterSeconds = options.clearAfterSeconds
    this.logger = options.logger ?? silentLogger
  }

  /**
   * Writes `text` and schedules its clearing. A newer copy replaces the pending clear: only the
   * latest copy is cleared. When the write fails, the previous copy's clear stays scheduled (its
   * text may still be on the clipboard) and the error is thrown.
   */
  async copy(text: string): Promise<CopyResult> {
    this.assertOpen()
    const digest = digestOf(text)
    return this.exclusive(async () => {
      this.assertOpen()
      await this.clipboard.writeSecret(text)
      this.ownCopies.push(digest)
      if (this.ownCopies.length > ownCopiesRemembered) this.ownCopies.shift()
      this.cancelPending()
      const delayMs = this.delayMs()
      if (delayMs === null) {
        this.logger.log('info', 'clipboard: copied; it will not be cleared (setting is 0)')
        return { clearsAt: null }
      }
      const controller = new AbortController()
      const clearsAt = this.clock.now() + delayMs
      this.pending = { controller, digest }
      this.clock.sleep(delayMs, controller.signal).then(
        () => {
          void this.exclusive(async () => {
            // A newer copy or dispose() took over while this clear waited for its turn.
            if (this.pending?.controller !== controller) return
            this.pending = undefined
            await this.clearIfUnchanged(digest)
          }).catch((error: unknown) => this.logFailure('clear', error))
        },
        (error: unknown) => {
          // Aborted means a newer copy or dispose() cancelled this clear; anything else is a fault.
          if (!controller.signal.aborted) this.logFailure('wait before clearing', error)
        },
      )
      this.logger.log('info', 'clipboard: copied', { clearsInSeconds: delayMs / 1000 })
      return { clearsAt }
    })
  }

  /**
   * Whether the clipboard holds a personal or service access token the person copied (from the
   * Coze console, say): its kind and opaque name, or null. A copy this app made is not offered.
   * The text is read here, in main, and goes no further.
   */
  async peekToken(): Promise<ClipboardTokenOffer | null> {
    this.assertOpen()
    return this.exclusive(async () => {
      const token = tokenIn(await this.clipboard.readText())
      if (!token || this.ownCopies.includes(digestOf(token.text))) return null
      return { kind: token.kind, id: this.offerId(token.text) }
    })
  }

  /**
   * The token an offer named, if the clipboard still holds exactly it; null when it changed. For
   * main to add it as an account, then `clearToken` it.
   */
  async takeToken(offerId: string): Promise<string | null> {
    this.assertOpen()
    return this.exclusive(async () => {
      const token = tokenIn(await this.clipboard.readText())
      if (!token || this.offerId(token.text) !== offerId) return null
      return token.text
    })
  }

  /**
   * Clears the clipboard once a token taken from it has been added, if it still holds that token
   * (anything the person copied since is theirs to keep).
   */
  async clearToken(token: string): Promise<void> {
    this.assertOpen()
    await this.exclusive(async () => {
      const held = tokenIn(await this.clipboard.readText())
      if (held?.text !== token) {
        this.logger.log('info', 'clipboard: left alone, it changed since the token was taken')
        return
      }
      await this.clipboard.clear()
      this.logger.log('info', 'clipboard: cleared after adding its token')
    })
  }

  private offerId(text: string): string {
    return createHmac('sha256', this.offerKey).update(text, 'utf8').digest('hex').slice(0, 32)
  }

  /**
   * Cancels the pending clear and refuses further copies. With `clearPending` (for quitting the
   * app), the clipboard is instead cleared now if it still holds the copy that was waiting to be
   * cleared; a copy made with the setting at 0 is left, as the person asked.
   */
  async dispose(options: { clearPending?: boolean } = {}): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await this.exclusive(async () => {
      const pending = this.pending
      this.cancelPending()
      if (options.clearPending && pending) await this.clearIfUnchanged(pending.digest)
    }).catch((error: unknown) => this.logFailure('clear on dispose', error))
  }

  private async clearIfUnchanged(digest: string): Promise<void> {
    const current = await this.clipboard.readText()
    if (digestOf(current) !== digest) {
      this.logger.log('info', 'clipboard: left alone, it changed since the copy')
      return
    }
    await this.clipboard.clear()
    this.logger.log('info', 'clipboard: cleared')
  }

  private cancelPending(): void {
    this.pending?.controller.abort(new Error('clipboard clear cancelled'))
    this.pending = undefined
  }

  private delayMs(): number | null {
    let seconds: number
    try {
      seconds = this.clearAfterSeconds()
    } catch {
      seconds = defaultClearAfterSeconds
    }
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      seconds = defaultClearAfterSeconds
    }
    if (seconds === 0) return null
    return Math.max(1, Math.round(Math.min(seconds, maxClearAfterSeconds) * 1000))
  }

  /** Runs `task` after every operation queued before it; a failure does not block the next. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  private assertOpen(): void {
    if (this.disposed) {
      throw new AppError('INTERNAL', 'The clipboard is no longer available: the app is closing.')
    }
  }

  private logFailure(what: string, error: unknown): void {
    // The error's name only: a platform message could in principle quote clipboard contents.
    this.logger.log('warn', `clipboard: ${what} failed`, {
      error: error instanceof Error ? error.name : typeof error,
    })
  }
}

/**
 * A personal (pat_) or service (sat_) access token, alone on the clipboard but for surrounding
 * white space (a copy from a web page often carries a line break): anything else is not offered.
 */
function tokenIn(raw: string): { kind: 'pat' | 'sat'; text: string } | undefined {
  const text = raw.trim()
  if (text.length > offerMaxLength || !/^(pat|sat)_[A-Za-z0-9._~+/=-]+$/.test(text))
    return undefined
  return { kind: text.startsWith('pat_') ? 'pat' : 'sat', text }
}

function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
