import { performance } from 'node:perf_hooks'

export interface Summary {
  medianMs: number
  p95Ms: number
  runs: number
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const pick = (fraction: number): number => {
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))
    return Math.round((sorted[index] ?? Number.NaN) * 1000) / 1000
  }
  return { medianMs: pick(0.5), p95Ms: pick(0.95), runs: sorted.length }
}

export async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/**
 * Runs two variants of the same work alternately (so drift in machine load hits both alike) and
 * returns both summaries. `prepare` runs untimed before each timed call.
 */
export async function compare<T>(
  runs: number,
  prepare: () => Promise<T>,
  ours: (input: T) => Promise<unknown>,
  raw: (input: T) => Promise<unknown>,
): Promise<{ ours: Summary; raw: Summary; ratio: number }> {
  const oursSamples: number[] = []
  const rawSamples: number[] = []
  // Warm-up: connection pools, JIT and lazy imports are not what is being measured.
  for (let i = 0; i < 3; i += 1) {
    await ours(await prepare())
    await raw(await prepare())
  }
  for (let i = 0; i < runs; i += 1) {
    const first = i % 2 === 0
    const a = await prepare()
    const b = await prepare()
    if (first) {
      oursSamples.push(await time(() => ours(a)))
      rawSamples.push(await time(() => raw(b)))
    } else {
      rawSamples.push(await time(() => raw(b)))
      oursSamples.push(await time(() => ours(a)))
    }
  }
  const oursSummary = summarise(oursSamples)
  const rawSummary = summarise(rawSamples)
  return {
    ours: oursSummary,
    raw: rawSummary,
    ratio: Math.round((oursSummary.medianMs / rawSummary.medianMs) * 100) / 100,
  }
}
