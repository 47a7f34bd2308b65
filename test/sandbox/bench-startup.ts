import { performance } from 'node:perf_hooks'
import { startSandbox } from './index'

/**
 * Start+stop cost of a sandbox, the price every test file pays. Key generation is started but not
 * awaited, exactly as in a test that never uses JWT. Keys are made once per process (see keys.ts),
 * so their cost is measured once, cold, before the loop.
 */

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)] ?? Number.NaN
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 50)
  const coldStart = performance.now()
  const first = await startSandbox()
  const coldListening = performance.now() - coldStart
  await first.describe()
  const coldKeys = performance.now() - coldStart
  await first.stop()
  const total: number[] = []
  const starts: number[] = []
  const stops: number[] = []
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now()
    const sandbox = await startSandbox()
    const t1 = performance.now()
    await sandbox.stop()
    const t2 = performance.now()
    starts.push(t1 - t0)
    stops.push(t2 - t1)
    total.push(t2 - t0)
  }
  const row = (name: string, values: number[]): string => {
    const sorted = [...values].sort((a, b) => a - b)
    const median = percentile(sorted, 50).toFixed(2)
    const p95 = percentile(sorted, 95).toFixed(2)
    const max = (sorted[sorted.length - 1] ?? Number.NaN).toFixed(2)
    return `${name.padEnd(12)} median ${median} ms   p95 ${p95} ms   max ${max} ms`
  }
  console.log(`sandbox start/stop over ${runs} runs (node ${process.version})`)
  console.log(row('start', starts))
  console.log(row('stop', stops))
  console.log(row('start+stop', total))
  console.log(`first start in this process (module load, JIT): ${coldListening.toFixed(1)} ms`)
  console.log(`first start + describe() (4 RSA-2048 keys, cold): ${coldKeys.toFixed(1)} ms`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
