import { generateKeyPairSync } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { signAppJwt } from '../src/main/core/oauth/jwt-flow'

/** Untimed rounds first, so that jose's key import and the JIT are not counted. */
const warmupIterations = 20

/**
 * How long signing one app JWT takes (RS256, 2048-bit key generated once, a fresh jti each
 * time); the network exchange is not included. Target: median ≤ 1 ms.
 */
export async function benchJwtSigning(
  iterations = 500,
): Promise<{ medianMs: number; p95Ms: number }> {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError('iterations must be a positive whole number')
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const options = {
    privateKey,
    keyId: 'bench-key-id',
    clientId: '48213570192837465012345678903456.app.coze',
    audience: 'api.coze.com',
    now: Date.now(),
  }
  for (let i = 0; i < warmupIterations; i += 1) await signAppJwt(options)

  const samples: number[] = []
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now()
    await signAppJwt(options)
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  return { medianMs: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95) }
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))
  return Math.round((sorted[index] ?? 0) * 1000) / 1000
}
