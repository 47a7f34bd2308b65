import { AppError } from '../errors'
import type { Logger, LogLevel } from '../logger'
import type { BrowserLauncher } from '../ports'

/**
 * What the browser and device sign-ins share: opening the system browser, passing progress to
 * the window, and naming an error in a log without quoting its message.
 */

/**
 * The system browser could not be opened. The launcher's own error is not kept as the cause: a
 * `spawn` error carries `spawnargs`, that is the URL (the state; with plain PKCE the verifier).
 * Only its class name and error code, checked to look like one, travel as params.
 */
export class BrowserLaunchError extends AppError {
  constructor(failure?: unknown) {
    super(
      'BROWSER_LAUNCH_FAILED',
      'The app could not open your web browser. Make sure a default browser is set, then start the sign-in again; if it still does not open, copy the sign-in link the app shows and open it in your browser by hand.',
      { params: launchFailureParams(failure) },
    )
  }
}

function launchFailureParams(failure: unknown): Record<string, string | number> {
  const params: Record<string, string | number> = {}
  if (!(failure instanceof Error)) return params
  if (/^[A-Za-z][\w.-]{0,63}$/.test(failure.name)) params.name = failure.name
  const code: unknown = (failure as { code?: unknown }).code
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) params.code = code
  else if (typeof code === 'number' && Number.isSafeInteger(code)) params.code = code
  return params
}

/**
 * Opens `url` in the system browser. Resolves when the launcher does; a launcher that throws or
 * rejects is logged (the kind of failure only: its message may quote the URL) and turned into a
 * BrowserLaunchError without a cause.
 */
async function openBrowser(
  browser: BrowserLauncher,
  url: string,
  logger: Logger,
  onFailure: { level: LogLevel; message: string },
): Promise<void> {
  try {
    await browser.open(url)
  } catch (error) {
    const failure = new BrowserLaunchError(error)
    logger.log(onFailure.level, onFailure.message, {
      error: errorName(error),
      ...(failure.params?.code !== undefined ? { errorCode: failure.params.code } : {}),
    })
    throw failure
  }
}

/**
 * Opens `url` without waiting for the browser: a launcher may resolve only when the browser is
 * done, or hang on a first-run dialog, while the sign-in must go on. Whether it opened is passed
 * to `onOutcome` (so the window can ask the person to open the address themselves), unless the
 * sign-in has ended by then: call the returned function when it ends.
 */
export function openBrowserInBackground(
  browser: BrowserLauncher,
  url: string,
  logger: Logger,
  failureMessage: string,
  onOutcome: (stage: 'browser-opened' | 'browser-open-failed') => void,
): () => void {
  let ended = false
  openBrowser(browser, url, logger, { level: 'warn', message: failureMessage }).then(
    () => {
      if (!ended) onOutcome('browser-opened')
    },
    () => {
      if (!ended) onOutcome('browser-open-failed')
    },
  )
  return () => {
    ended = true
  }
}

/**
 * Passes one progress event to the caller. A broken progress display must not cost the person
 * their sign-in, so what the callback throws is logged (by name) and otherwise ignored.
 */
export function report<P extends { stage: string }>(
  onProgress: ((progress: P) => void) | undefined,
  progress: P,
  logger: Logger,
  /** The log message's prefix, e.g. `sign-in` or `Device sign-in`. */
  flow: string,
): void {
  try {
    onProgress?.(progress)
  } catch (error) {
    logger.log('warn', `${flow}: the progress callback threw`, {
      stage: progress.stage,
      error: errorName(error),
    })
  }
}

/** The class or code of an error, never its message: a foreign message may quote anything. */
export function errorName(error: unknown): string {
  if (error instanceof AppError) return error.code
  if (error instanceof Error) return error.name
  return typeof error
}
