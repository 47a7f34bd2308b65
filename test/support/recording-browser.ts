import type { BrowserLauncher } from '../../src/main/core/ports'

export interface RecordingBrowserOptions {
  /**
   * Plays the user's browser: called with every URL opened. It runs in the background, like a
   * real browser, so `open()` does not wait for it; `settled()` does.
   */
  onOpen?: (url: string) => void | Promise<void>
  /** When set, `open()` rejects with this error, as a launcher with no browser would. */
  failWith?: Error
}

/** A BrowserLauncher that records what it was asked to open instead of opening anything. */
export class RecordingBrowser implements BrowserLauncher {
  readonly urls: string[] = []
  /** What `onOpen` threw, if anything, so a test can fail on it instead of losing it. */
  readonly errors: unknown[] = []
  private readonly running: Promise<void>[] = []

  constructor(private readonly options: RecordingBrowserOptions = {}) {}

  open(url: string): Promise<void> {
    this.urls.push(url)
    if (this.options.failWith) return Promise.reject(this.options.failWith)
    const onOpen = this.options.onOpen
    if (onOpen) {
      this.running.push(
        (async () => {
          try {
            await onOpen(url)
          } catch (error) {
            this.errors.push(error)
          }
        })(),
      )
    }
    return Promise.resolve()
  }

  /** Waits until every `onOpen` call has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.running)
  }
}
