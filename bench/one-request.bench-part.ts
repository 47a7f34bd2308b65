import { performance } from 'node:perf_hooks'
import { HttpClient } from '../src/main/core/http/http-client'
import { startSandbox } from '../test/sandbox'
import type { Summary } from './measure'
import { summarise } from './measure'

export interface OneRequestResult {
  /** Wall time per request. */
  ours: Summary
  raw: Summary
  /** ours ÷ raw, of the wall-time medians: the figure with the target, as the flows' are. */
  ratio: number
  /** The median of the per-round wall-time ratios (each round's pair back to back). */
  medianRoundRatio: number
  /**
   * ours ÷ raw of the process's CPU time per request (client and sandbox alike, as both sides
   * talk to the same sandbox in this process): what the client costs, much less moved than wall
   * time by other work on a shared machine.
   */
  cpuRatio: number
  rounds: number
  requestsPerRound: number
}

interface RoundTimes {
  wallMs: number
  cpuMs: number
}

/**
 * One request through HttpClient.send next to a raw `fetch` of the same request (same method,
 * URL, headers, body read and parsed), against the sandbox on loopback. The two alternate in
 * short rounds, the order flipping every round, so that the machine's load (it is shared) hits
 * both alike. A single loopback request takes well under a millisecond, so a round is several
 * requests long to keep the timer's resolution and one-off pauses out of the figure.
 */
export async function benchOneRequest(
  rounds = 400,
  requestsPerRound = 10,
): Promise<OneRequestResult> {
  const sandbox = await startSandbox()
  try {
    const url = `${sandbox.regions.com.apiBase}/v1/users/me`
    const token = sandbox.regions.com.pat
    const userAgent = 'coze-auth-companion'
    const http = new HttpClient({ fetch: (input, init) => fetch(input, init), userAgent })
    const ours = async (): Promise<unknown> =>
      (await http.send({ method: 'GET', url, bearer: token })).body
    const raw = async (): Promise<unknown> => {
      const response = await fetch(url, {
        method: 'GET',
        headers: {
          accept: 'application/json',
          'user-agent': userAgent,
          authorization: `Bearer ${token}`,
        },
        redirect: 'error',
      })
      return JSON.parse(await response.text()) as unknown
    }
    const round = async (work: () => Promise<unknown>): Promise<RoundTimes> => {
      const started = performance.now()
      const cpu = process.cpuUsage()
      for (let i = 0; i < requestsPerRound; i += 1) await work()
      const used = process.cpuUsage(cpu)
      return {
        wallMs: (performance.now() - started) / requestsPerRound,
        cpuMs: (used.user + used.system) / 1000 / requestsPerRound,
      }
    }

    // Warm-up: the connection pool, the JIT and lazy imports are not what is measured.
    for (let i = 0; i < 200; i += 1) {
      await ours()
      await raw()
    }
    const oursTimes: RoundTimes[] = []
    const rawTimes: RoundTimes[] = []
    for (let i = 0; i < rounds; i += 1) {
      if (i % 2 === 0) {
        oursTimes.push(await round(ours))
        rawTimes.push(await round(raw))
      } else {
        rawTimes.push(await round(raw))
        oursTimes.push(await round(ours))
      }
    }
    const ratios = oursTimes
      .map((times, i) => times.wallMs / (rawTimes[i]?.wallMs ?? Number.NaN))
      .sort((x, y) => x - y)
    const oursWall = summarise(oursTimes.map((times) => times.wallMs))
    const rawWall = summarise(rawTimes.map((times) => times.wallMs))
    const oursCpu = summarise(oursTimes.map((times) => times.cpuMs))
    const rawCpu = summarise(rawTimes.map((times) => times.cpuMs))
    const rounded = (value: number): number => Math.round(value * 1000) / 1000
    return {
      ours: oursWall,
      raw: rawWall,
      ratio: rounded(oursWall.medianMs / rawWall.medianMs),
      medianRoundRatio: rounded(ratios[Math.floor(ratios.length / 2)] ?? Number.NaN),
      cpuRatio: rounded(oursCpu.medianMs / rawCpu.medianMs),
      rounds,
      requestsPerRound,
    }
  } finally {
    await sandbox.stop()
  }
}
