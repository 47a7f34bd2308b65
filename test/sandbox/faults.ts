import type { FaultKind, FaultSpec, FaultTarget, RegionName, SandboxFaults } from './types'

interface QueuedFault {
  kind: FaultKind
  remaining: number
  ms: number
  path: string | RegExp | null
  status: number | null
}

export interface TakenFault {
  kind: FaultKind
  ms: number
  status: number | null
}

interface Counters {
  queue: QueuedFault[]
  slowDown: number
  denyConsent: number
}

function counters(): Counters {
  return { queue: [], slowDown: 0, denyConsent: 0 }
}

function checkCount(value: number, what: string): number {
  if (Number.isNaN(value) || value < 0) throw new RangeError(`${what} must be >= 0`)
  return value
}

function matches(path: string | RegExp | null, requestPath: string): boolean {
  if (path === null) return true
  if (typeof path === 'string') return requestPath.startsWith(path)
  path.lastIndex = 0
  return path.test(requestPath)
}

export interface FaultController extends SandboxFaults {
  /** Consumes one queued fault matching the request, region-specific queue first. */
  take(region: RegionName, path: string): TakenFault | null
  takeSlowDown(region: RegionName): boolean
  takeDenyConsent(region: RegionName): boolean
}

export function createFaults(): FaultController {
  const byTarget: Record<FaultTarget, Counters> = {
    com: counters(),
    cn: counters(),
    all: counters(),
  }

  const takeFrom = (state: Counters, path: string): TakenFault | null => {
    const index = state.queue.findIndex((fault) => matches(fault.path, path))
    const fault = state.queue[index]
    if (!fault) return null
    fault.remaining -= 1
    if (fault.remaining <= 0) state.queue.splice(index, 1)
    return { kind: fault.kind, ms: fault.ms, status: fault.status }
  }

  const takeCounter = (region: RegionName, key: 'slowDown' | 'denyConsent'): boolean => {
    for (const state of [byTarget[region], byTarget.all]) {
      if (state[key] > 0) {
        state[key] -= 1
        return true
      }
    }
    return false
  }

  return {
    next(target: FaultTarget, spec: FaultSpec): void {
      const count = checkCount(spec.count ?? 1, 'fault count')
      if (count === 0) return
      byTarget[target].queue.push({
        kind: spec.kind,
        remaining: count,
        ms: checkCount(spec.ms ?? 1000, 'fault latency'),
        path: spec.path ?? null,
        status: spec.status ?? null,
      })
    },
    slowDown(target: FaultTarget, polls: number): void {
      byTarget[target].slowDown += checkCount(polls, 'slowDown polls')
    },
    denyConsent(target: FaultTarget, times: number): void {
      byTarget[target].denyConsent += checkCount(times, 'denyConsent times')
    },
    clear(): void {
      for (const state of Object.values(byTarget)) {
        state.queue.length = 0
        state.slowDown = 0
        state.denyConsent = 0
      }
    },
    take(region: RegionName, path: string): TakenFault | null {
      return takeFrom(byTarget[region], path) ?? takeFrom(byTarget.all, path)
    },
    takeSlowDown: (region) => takeCounter(region, 'slowDown'),
    takeDenyConsent: (region) => takeCounter(region, 'denyConsent'),
  }
}
