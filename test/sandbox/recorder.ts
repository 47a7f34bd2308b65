import type { IncomingHttpHeaders } from 'node:http'
import { parseAuthorization } from './http-util'
import type { RecordedRequest } from './types'

interface Waiter {
  predicate: (request: RecordedRequest) => boolean
  count: number
  resolve: (request: RecordedRequest) => void
}

export function redactHeaders(headers: IncomingHttpHeaders): {
  headers: Record<string, string>
  authorization: RecordedRequest['authorization']
} {
  const out: Record<string, string> = {}
  let authorization: RecordedRequest['authorization'] = null
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    if (name === 'authorization') {
      const parsed = parseAuthorization(text)
      authorization = parsed ? { scheme: parsed.scheme, length: parsed.credential.length } : null
      out[name] = parsed ? `${parsed.scheme} [redacted:${parsed.credential.length}]` : ''
    } else if (name === 'cookie') {
      out[name] = `[redacted:${text.length}]`
    } else {
      out[name] = text
    }
  }
  return { headers: out, authorization }
}

/** Requests are shared by both regions so that tests see one ordered log. */
export class RequestRecorder {
  readonly requests: RecordedRequest[] = []
  private waiters: Waiter[] = []
  /** Waiting for a request still in progress (see `waitForSeen`). */
  private seenWaiters: Omit<Waiter, 'count'>[] = []
  private seq = 0
  /** Dropped requests finish with status null, so "finished" cannot be read from the status. */
  private readonly finished = new WeakSet<RecordedRequest>()

  nextSeq(): number {
    this.seq += 1
    return this.seq
  }

  add(request: RecordedRequest): void {
    this.requests.push(request)
    this.seen(request)
  }

  /**
   * Tells the waiters of `waitForSeen` about a request that is new or has changed while it is
   * still being served (the server calls it once it has given the request a fault).
   */
  seen(request: RecordedRequest): void {
    this.seenWaiters = this.seenWaiters.filter((waiter) => {
      if (!waiter.predicate(request)) return true
      waiter.resolve(request)
      return false
    })
  }

  /**
   * Resolves with the first request that matches, finished or not: one whose body is still
   * arriving, or one a latency fault holds, is in progress then.
   */
  waitForSeen(predicate: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const hit = this.requests.find(predicate)
    if (hit) return Promise.resolve(hit)
    return new Promise((resolve) => this.seenWaiters.push({ predicate, resolve }))
  }

  complete(request: RecordedRequest, status: number | null): void {
    request.status = status
    this.finished.add(request)
    this.waiters = this.waiters.filter((waiter) => {
      const hit = this.nthMatch(waiter.predicate, waiter.count)
      if (!hit) return true
      waiter.resolve(hit)
      return false
    })
  }

  /** Resolves with the count-th finished request matching the predicate (already-seen ones count). */
  waitFor(predicate: (request: RecordedRequest) => boolean, count = 1): Promise<RecordedRequest> {
    const hit = this.nthMatch(predicate, count)
    if (hit) return Promise.resolve(hit)
    return new Promise((resolve) => this.waiters.push({ predicate, count, resolve }))
  }

  private nthMatch(
    predicate: (request: RecordedRequest) => boolean,
    count: number,
  ): RecordedRequest | undefined {
    let seen = 0
    for (const request of this.requests) {
      if (!this.finished.has(request)) continue
      if (!predicate(request)) continue
      seen += 1
      if (seen >= count) return request
    }
    return undefined
  }
}
