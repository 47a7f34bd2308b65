import type { HttpClient } from '../http/http-client'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { Clock } from '../ports'

/** What main accepts as an avatar: small, quick, and one of the plain raster formats. */
export const avatarLimits = {
  maxBytes: 256 * 1024,
  timeoutMs: 10_000,
  /** A picture that could not be had is tried again after this long, not on every listing. */
  retryAfterMs: 10 * 60_000,
  /** Pictures kept; the oldest goes first (a person has a handful of accounts). */
  maxEntries: 64,
} as const

type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'

/**
 * The format the bytes really are, by their signature. The server's Content-Type must agree: an
 * HTML page or an SVG (which can carry script) labelled image/png is refused, and no SVG is
 * accepted at all.
 */
function sniff(bytes: Uint8Array): ImageType | undefined {
  const starts = (...signature: number[]): boolean =>
    signature.every((byte, index) => bytes[index] === byte)
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39)) {
    return bytes[5] === 0x61 ? 'image/gif' : undefined
  }
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.slice(from, to))
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return undefined
}

const acceptedTypes = new Set<string>([
  'image/png',
  'image/jpeg',
  'image/jpg',
  'image/gif',
  'image/webp',
])

type Entry =
  | { state: 'loading'; waiters: Set<string>; done: Promise<string | undefined> }
  | { state: 'ready'; dataUrl: string }
  | { state: 'failed'; at: number }

export interface AvatarCacheOptions {
  http: HttpClient
  clock: Clock
  /** Called once a picture is in, with the waiters that asked for it while it was loading. */
  onLoaded?: (waiters: string[]) => void
  logger?: Logger
  /** Default `avatarLimits.timeoutMs`. */
  timeoutMs?: number
}

/**
 * The account pictures, fetched by main and handed to the window as `data:` URLs, so that the
 * window's Content-Security-Policy allows no remote image at all. A picture that is too large,
 * not a PNG, JPEG, GIF or WebP, or not there (an error page, a timeout) is left out, and the
 * window shows the initials. Each address is fetched once; a failure is retried only after
 * `retryAfterMs`.
 */
export class AvatarCache {
  private readonly entries = new Map<string, Entry>()
  private readonly logger: Logger

  constructor(private readonly options: AvatarCacheOptions) {
    this.logger = options.logger ?? silentLogger
  }

  /**
   * The picture when it is in; otherwise `undefined`, and it is fetched in the background (once
   * per address): `onLoaded` then names `waiter`, so the caller can show it.
   */
  peek(url: string, waiter: string): string | undefined {
    const entry = this.entries.get(url)
    if (entry?.state === 'ready') return entry.dataUrl
    if (entry?.state === 'loading') entry.waiters.add(waiter)
    else if (!this.failedRecently(entry)) void this.start(url, waiter)
    return undefined
  }

  /** Waits for the picture: its data: URL, or `undefined` when there is none to be had. */
  async load(url: string): Promise<string | undefined> {
    const entry = this.entries.get(url)
    if (entry?.state === 'ready') return entry.dataUrl
    if (entry?.state === 'loading') return entry.done
    if (this.failedRecently(entry)) return undefined
    return this.start(url)
  }

  private failedRecently(entry: Entry | undefined): boolean {
    return (
      entry?.state === 'failed' && this.options.clock.now() - entry.at < avatarLimits.retryAfterMs
    )
  }

  private start(url: string, waiter?: string): Promise<string | undefined> {
    const waiters = new Set(waiter === undefined ? [] : [waiter])
    const done = this.fetch(url).then((dataUrl) => {
      this.remember(
        url,
        dataUrl === undefined
          ? { state: 'failed', at: this.options.clock.now() }
          : { state: 'ready', dataUrl },
      )
      // A failure changes nothing on screen: the initials stay.
      if (dataUrl !== undefined && waiters.size > 0) this.options.onLoaded?.([...waiters])
      return dataUrl
    })
    this.entries.set(url, { state: 'loading', waiters, done })
    return done
  }

  private remember(url: string, entry: Entry): void {
    this.entries.delete(url)
    this.entries.set(url, entry)
    while (this.entries.size > avatarLimits.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  private async fetch(url: string): Promise<string | undefined> {
    try {
      const answer = await this.options.http.getBytes({
        url,
        accept: 'image/png, image/jpeg, image/gif, image/webp',
        maxBytes: avatarLimits.maxBytes,
        timeoutMs: this.options.timeoutMs ?? avatarLimits.timeoutMs,
      })
      const type = sniff(answer.bytes)
      const declared = answer.contentType === 'image/jpg' ? 'image/jpeg' : answer.contentType
      if (answer.status !== 200 || !acceptedTypes.has(answer.contentType) || type !== declared) {
        this.logger.log('info', 'Avatar left out: not a picture the window may show', {
          status: answer.status,
          contentType: answer.contentType.slice(0, 64),
        })
        return undefined
      }
      return `data:${type};base64,${Buffer.from(answer.bytes).toString('base64')}`
    } catch (error) {
      // The address is not logged: it names the user.
      this.logger.log('info', 'Avatar left out: it could not be fetched', {
        error: error instanceof Error ? error.name : typeof error,
      })
      return undefined
    }
  }
}
