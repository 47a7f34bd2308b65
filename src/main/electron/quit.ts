/**
 * How the app ends: it waits (a bounded time) for the services to dispose, so that a token still
 * on the clipboard is cleared and the stores are closed before the process goes, and a start that
 * failed ends with a message instead of a window that never appears.
 *
 * No Electron import: the composition root passes `app.exit` in, so this is testable in Node.
 */
import { AppError } from '../core/errors'
import type { Logger } from '../core/logger'
import { silentLogger } from '../core/logger'

/** Long enough to clear the clipboard and close the stores, short enough not to feel hung. */
export const defaultDisposeTimeoutMs = 3000

export type SettleOutcome = 'done' | 'timed-out' | 'failed'

/** Runs `task` and waits for it at most `timeoutMs`; never rejects. */
export async function settleWithin(
  task: () => Promise<unknown> | undefined,
  timeoutMs: number,
): Promise<SettleOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<SettleOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs)
  })
  // Started at once (the caller may be an event that must act before it returns); a synchronous
  // throw counts as a failure like a rejection.
  let started: Promise<unknown>
  try {
    started = Promise.resolve(task())
  } catch (error) {
    started = Promise.reject(error)
  }
  const run = started.then(
    (): SettleOutcome => 'done',
    (): SettleOutcome => 'failed',
  )
  try {
    return await Promise.race([run, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export interface QuitGuardOptions {
  /** Disposes whatever is running (nothing yet, when the app quits during its start). */
  dispose(): Promise<unknown> | undefined
  /** `app.exit`: ends the process without emitting `will-quit` again. */
  exit(code: number): void
  timeoutMs?: number
  logger?: Logger
}

/** The part of Electron's `will-quit` event the guard uses. */
export interface PreventableEvent {
  preventDefault(): void
}

/**
 * The `will-quit` listener. Electron does not wait for a promise started in `will-quit`, so the
 * first one is held back, the services are disposed, and the process ends with `app.exit(0)`.
 * A second `will-quit` while disposing (another `app.quit()`) is held back as well: the exit that
 * follows the dispose ends the app.
 */
export function createQuitGuard(options: QuitGuardOptions): (event: PreventableEvent) => void {
  const logger = options.logger ?? silentLogger
  const timeoutMs = options.timeoutMs ?? defaultDisposeTimeoutMs
  let state: 'running' | 'disposing' | 'exited' = 'running'

  return (event) => {
    // After `exit` the process is going anyway; preventing would only stand in its way.
    if (state === 'exited') return
    event.preventDefault()
    if (state === 'disposing') return
    state = 'disposing'
    void settleWithin(() => options.dispose(), timeoutMs).then((outcome) => {
      if (outcome !== 'done') {
        logger.log('warn', 'quit: the services did not dispose cleanly', { outcome, timeoutMs })
      }
      state = 'exited'
      options.exit(0)
    })
  }
}

/**
 * What the person reads when the app cannot start. An `AppError`'s message is written for people
 * and never holds a secret; any other error's message may quote anything, so it is not shown.
 */
export function startupFailureMessage(error: unknown): string {
  if (error instanceof AppError) return error.message
  return 'Something went wrong while starting. Restart the app; if it keeps happening, report it.'
}
