import { describe, expect, it } from 'vitest'
import {
  initialInterval,
  maximumPollIntervalMs,
  maximumRetryDelayMs,
  minimumPollIntervalMs,
  nextInterval,
  retryDelay,
  slowDownStepMs,
} from '../../../../src/main/core/oauth/device-flow'
import type { PollPace } from '../../../../src/main/core/oauth/device-flow'

describe('device polling constants', () => {
  it('are the SDKs’ values', () => {
    expect([minimumPollIntervalMs, slowDownStepMs, maximumPollIntervalMs]).toEqual([
      5000, 5000, 30_000,
    ])
  })
})

describe('initialInterval (server interval in seconds → ms)', () => {
  it.each([
    [5, 5000],
    [1, 5000],
    [0, 5000],
    [-3, 5000],
    [4.9, 5000],
    [Number.NaN, 5000],
    [7, 7000],
    [12.5, 12_500],
    [30, 30_000],
    [31, 30_000],
    [3600, 30_000],
    [Number.POSITIVE_INFINITY, 5000],
  ])('%s s → %s ms', (seconds, expected) => {
    expect(initialInterval(seconds)).toBe(expected)
  })
})

describe('nextInterval', () => {
  it.each<[number, PollPace, number]>([
    [5000, 'pending', 5000],
    [5000, 'slow_down', 10_000],
    [10_000, 'slow_down', 15_000],
    [15_000, 'pending', 15_000],
    [25_000, 'slow_down', 30_000],
    [27_000, 'slow_down', 30_000],
    [30_000, 'slow_down', 30_000],
    [30_000, 'pending', 30_000],
    [7000, 'pending', 7000],
    [7000, 'slow_down', 12_000],
    // A current value that escaped the bounds is pulled back in, never passed on.
    [1000, 'pending', 5000],
    [0, 'slow_down', 10_000],
    [Number.NaN, 'pending', 5000],
    [90_000, 'pending', 30_000],
    [90_000, 'slow_down', 30_000],
  ])('%s ms after %s → %s ms', (current, outcome, expected) => {
    expect(nextInterval(current, outcome)).toBe(expected)
  })

  it('slow_down repeated climbs 5 s at a time and stays at 30 s', () => {
    const seen: number[] = []
    let interval = initialInterval(5)
    for (let i = 0; i < 8; i += 1) {
      interval = nextInterval(interval, 'slow_down')
      seen.push(interval)
    }
    expect(seen).toEqual([10_000, 15_000, 20_000, 25_000, 30_000, 30_000, 30_000, 30_000])
  })
})

describe('retryDelay (pause after failed polls in a row)', () => {
  it.each([
    [5000, 1, 5000],
    [5000, 2, 10_000],
    [5000, 3, 20_000],
    [5000, 4, 30_000],
    [5000, 50, 30_000],
    [10_000, 1, 10_000],
    [10_000, 2, 20_000],
    [10_000, 3, 30_000],
    [30_000, 1, 30_000],
    [30_000, 5, 30_000],
    // Never a poll faster than the minimum, whatever it is given.
    [1000, 1, 5000],
    [5000, 0, 5000],
    [5000, Number.NaN, 5000],
  ])('interval %s ms, failure %s → %s ms', (interval, failures, expected) => {
    expect(retryDelay(interval, failures)).toBe(expected)
  })

  it('grows, then holds at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((failures) => retryDelay(5000, failures))
    for (let i = 1; i < delays.length; i += 1) {
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] ?? 0)
    }
    expect(Math.max(...delays)).toBe(maximumRetryDelayMs)
  })
})
