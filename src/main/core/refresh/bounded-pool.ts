/**
 * At most `limit` tasks at once; the rest wait in order. The scheduler's checks and "Refresh all"
 * share one pool, so together they never run more refreshes than the bound.
 */
export class BoundedPool {
  private running = 0
  private readonly waiting: { start: () => void; cancel: (reason: unknown) => void }[] = []

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError('A pool needs a whole number of slots, at least 1.')
    }
  }

  /** How many tasks hold a slot right now. */
  get active(): number {
    return this.running
  }

  /** How many tasks wait for a slot. */
  get queued(): number {
    return this.waiting.length
  }

  /** Runs `task` when a slot is free; rejects with the reason if `cancelWaiting` comes first. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await task()
    } finally {
      this.release()
    }
  }

  /** Fails every task that has not started yet; running ones finish. */
  cancelWaiting(reason: unknown): void {
    for (const waiter of this.waiting.splice(0)) waiter.cancel(reason)
  }

  private acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.running += 1
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({
        // The slot passes straight from the finishing task to the next, so `running` never dips
        // and a newcomer cannot overtake the queue.
        start: () => resolve(),
        cancel: reject,
      })
    })
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next) next.start()
    else this.running -= 1
  }
}
