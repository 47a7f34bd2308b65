import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { tickMs, useClockStore, useNow } from '../../../src/renderer/src/stores/clock'

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 })
  setActivePinia(createPinia())
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('useClockStore', () => {
  it('runs one interval for many users and stops it when the last one leaves', () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval')
    const clearIntervalSpy = vi.spyOn(globalThis, 'clearInterval')
    const clock = useClockStore()
    expect(clock.isTicking()).toBe(false)

    const releases = [clock.acquire(), clock.acquire(), clock.acquire()]
    expect(setIntervalSpy).toHaveBeenCalledTimes(1)
    expect(clock.users).toBe(3)

    const start = clock.now
    vi.advanceTimersByTime(tickMs * 3)
    expect(clock.now).toBe(start + tickMs * 3)

    releases[0]?.()
    releases[1]?.()
    expect(clock.isTicking()).toBe(true)
    expect(clearIntervalSpy).not.toHaveBeenCalled()
    releases[2]?.()
    expect(clock.isTicking()).toBe(false)
    expect(clearIntervalSpy).toHaveBeenCalledTimes(1)

    const stopped = clock.now
    vi.advanceTimersByTime(tickMs * 5)
    expect(clock.now).toBe(stopped)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('counts a release once, however often it is called', () => {
    const clock = useClockStore()
    const first = clock.acquire()
    clock.acquire()
    first()
    first()
    expect(clock.users).toBe(1)
    expect(clock.isTicking()).toBe(true)
  })

  it('starts a fresh interval for users who come after it stopped', () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval')
    const clock = useClockStore()
    clock.acquire()()
    clock.acquire()
    expect(setIntervalSpy).toHaveBeenCalledTimes(2)
    expect(clock.isTicking()).toBe(true)
  })

  it('holds a set time in manual mode and ticks again on resume', () => {
    const clock = useClockStore()
    clock.acquire()
    clock.setNow(42_000)
    expect(clock.isTicking()).toBe(false)
    vi.advanceTimersByTime(tickMs * 10)
    expect(clock.now).toBe(42_000)

    clock.resume()
    expect(clock.isTicking()).toBe(true)
    expect(clock.now).toBe(Date.now())
  })

  it('lets useNow hold a lease for as long as its scope lives', () => {
    const clock = useClockStore()
    const scope = effectScope()
    const now = scope.run(() => useNow())
    expect(clock.users).toBe(1)
    vi.advanceTimersByTime(tickMs)
    expect(now?.value).toBe(clock.now)
    scope.stop()
    expect(clock.users).toBe(0)
    expect(clock.isTicking()).toBe(false)
  })
})
