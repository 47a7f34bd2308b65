import { describe, expect, it } from 'vitest'
import { BoundedPool } from '../../../../src/main/core/refresh/bounded-pool'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

describe('BoundedPool', () => {
  it('runs at most `limit` tasks at once, the rest in order', async () => {
    const pool = new BoundedPool(2)
    const gates = [0, 1, 2, 3, 4].map(() => deferred())
    const started: number[] = []
    const runs = gates.map((gate, i) =>
      pool.run(async () => {
        started.push(i)
        await gate.promise
        return i
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect([pool.active, pool.queued]).toEqual([2, 3])
    gates[1]?.resolve()
    await runs[1]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    for (const gate of gates) gate.resolve()
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4])
    expect([pool.active, pool.queued]).toEqual([0, 0])
  })

  it('frees the slot of a task that fails', async () => {
    const pool = new BoundedPool(1)
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(pool.run(async () => 'next')).resolves.toBe('next')
  })

  it('cancels the waiting tasks and lets the running one finish', async () => {
    const pool = new BoundedPool(1)
    const gate = deferred()
    let ranSecond = false
    const first = pool.run(() => gate.promise.then(() => 'first'))
    const second = pool.run(async () => {
      ranSecond = true
    })
    pool.cancelWaiting(new Error('stopping'))
    await expect(second).rejects.toThrow('stopping')
    expect(pool.queued).toBe(0)
    gate.resolve()
    await expect(first).resolves.toBe('first')
    expect(ranSecond).toBe(false)
    expect(pool.active).toBe(0)
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses %d slots', (limit) => {
    expect(() => new BoundedPool(limit)).toThrow(RangeError)
  })
})
