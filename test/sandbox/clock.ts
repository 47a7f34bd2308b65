import { performance } from 'node:perf_hooks'

export interface SandboxClock {
  /** Unix ms. */
  now(): number
  advance(seconds: number): void
  set(unixMs: number): void
  readonly frozen: boolean
}

/**
 * A ticking clock by default (a person using the CLI expects a 15-minute token to expire after 15
 * real minutes); tests move it with advance()/set(). performance.now() is used so that tests that
 * fake Date do not stop or move the sandbox behind its back.
 */
export function createClock(startMs: number, frozen = false): SandboxClock {
  let base = startMs
  let anchor = performance.now()
  const elapsed = (): number => (frozen ? 0 : performance.now() - anchor)
  return {
    frozen,
    now: () => Math.floor(base + elapsed()),
    advance(seconds: number): void {
      if (!Number.isFinite(seconds)) throw new RangeError('clock.advance needs a finite number')
      base += seconds * 1000
    },
    set(unixMs: number): void {
      if (!Number.isFinite(unixMs)) throw new RangeError('clock.set needs a finite number')
      base = unixMs
      anchor = performance.now()
    },
  }
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000)
}
