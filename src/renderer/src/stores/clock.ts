import { defineStore } from 'pinia'
import { computed, getCurrentScope, onScopeDispose, ref } from 'vue'
import type { ComputedRef } from 'vue'

export const tickMs = 1000

/**
 * One tick for every countdown in the window. Components never start their own timers: each one
 * holds a lease (`acquire()`), and the single interval runs only while at least one lease is held,
 * so an idle window (or one showing no expiry) does no work every second.
 */
export const useClockStore = defineStore('clock', () => {
  const now = ref(Date.now())
  const users = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined
  // Tests freeze time with setNow(); real ticks would then overwrite the value they set.
  let manual = false

  function tick(): void {
    now.value = Date.now()
  }

  function startTimer(): void {
    if (timer !== undefined || manual || users.value === 0) return
    tick()
    timer = setInterval(tick, tickMs)
  }

  function stopTimer(): void {
    if (timer === undefined) return
    clearInterval(timer)
    timer = undefined
  }

  /** Registers one user of the clock; the returned function releases it (once). */
  function acquire(): () => void {
    users.value += 1
    startTimer()
    let released = false
    return () => {
      if (released) return
      released = true
      users.value -= 1
      if (users.value === 0) stopTimer()
    }
  }

  /** Freezes the clock at `ms` (manual mode): for tests and for a paused display. */
  function setNow(ms: number): void {
    manual = true
    stopTimer()
    now.value = ms
  }

  /** Leaves manual mode: real time again, ticking if anyone is using the clock. */
  function resume(): void {
    manual = false
    tick()
    startTimer()
  }

  function isTicking(): boolean {
    return timer !== undefined
  }

  // A disposed store (tests, hot reload) must not leave its interval behind.
  onScopeDispose(stopTimer)

  // Getters, not the refs: only the clock itself moves time.
  return {
    now: computed(() => now.value),
    users: computed(() => users.value),
    acquire,
    setNow,
    resume,
    isTicking,
  }
})

/**
 * The shared `now` for a component or composable: holds a lease for as long as the calling scope
 * lives. Outside a scope the lease is never released, so call it from `setup()` (or hold a lease
 * with `useClockStore().acquire()` yourself).
 */
export function useNow(): ComputedRef<number> {
  const clock = useClockStore()
  const release = clock.acquire()
  if (getCurrentScope()) onScopeDispose(release)
  return computed(() => clock.now)
}
