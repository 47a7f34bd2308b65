/**
 * The small interfaces through which the core reaches the outside world. Electron, the browser
 * host and the tests each supply their own implementations; the core never asks which.
 */

import type { ConfirmationRequest } from '../../shared/confirmation'

/** Wall-clock time and waiting. Tests pass a clock they can move. */
export interface Clock {
  /** Unix milliseconds. */
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/** Opens a URL in the user's browser (Electron: `shell.openExternal`; tests: a recorder). */
export interface BrowserLauncher {
  open(url: string): Promise<void>
}

export interface ClipboardPort {
  writeText(text: string): Promise<void>
  readText(): Promise<string>
}

/** The subset of `fetch` the core uses, so tests and the proxy setting can supply their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** A keytar-shaped secret store: every backend (safeStorage, OS keychain, memory) fits it. */
export interface SecretVault {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<{ account: string; password: string }[]>
}

/**
 * What the host asks the person: files to read or write and confirmations. Main keeps the files'
 * contents; the window only ever sees a name.
 */
export interface HostDialogs {
  /**
   * Asks the person to pick a file; resolves its path, or null when cancelled. `typedPath` is what
   * the page sent (the browser host, which has no native dialog, uses it; Electron only preselects it
   * in its own dialog, so the person still confirms).
   */
  chooseFile(
    purpose: 'private-key' | 'profile' | 'import',
    typedPath?: string,
  ): Promise<string | null>
  /** Asks where to save an export; resolves the path, or null when cancelled. */
  chooseSaveFile(suggestedName: string): Promise<string | null>
  /** Asks the person to confirm showing a token on screen. */
  confirmReveal(accountLabel: string): Promise<boolean>
  /**
   * Asks the person, in a dialog the window cannot answer for them, to agree to weakening a
   * protection; resolves true when they did. A host without such a dialog (the browser host)
   * leaves it out, and main asks through the page with a one-time token instead.
   */
  confirmWeakening?(request: ConfirmationRequest): Promise<boolean>
}
