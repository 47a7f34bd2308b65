/**
 * `coze-auth token` for a token that is still fresh, as a script runs it: whole processes, from
 * spawn to exit, through the running app's socket and opening the stores itself, next to
 * `node -e 0` on the same machine (alternated, so load drift hits all alike), with each one's
 * peak memory (reported at exit by a small preload given to all three, see `reportPeak`).
 */
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildCli, prepareSetup, repositoryRoot, runCli } from '../test/cli/cli-harness'
import type { CliSetup } from '../test/cli/cli-harness'
import { startSandbox } from '../test/sandbox'
import { secretServiceProblem } from '../test/support/secret-service'
import type { Summary } from './measure'
import { summarise } from './measure'

/*
 * The process's own peak: on Linux its VmHWM, the high-water mark of the memory it has had since
 * exec. Not getrusage's maxRSS there: Linux carries the forking parent's resident size over the
 * exec into it, so every child of a large bench process read as large as the bench itself.
 */
const reportPeak = `data:text/javascript,${encodeURIComponent(
  [
    "import { readFileSync } from 'node:fs'",
    "process.on('exit', () => {",
    '  let kib = process.resourceUsage().maxRSS',
    "  try { kib = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) } catch {}",
    "  process.stderr.write('peak-rss-kib=' + kib + '\\n')",
    '})',
  ].join('\n'),
)}`

export interface CliVariant {
  wall: Summary
  peakRssMiB: number
}

export interface CliBench {
  nodeAlone: CliVariant
  throughSocket: CliVariant
  ownStores?: CliVariant
  ownStoresSkipped?: string
}

interface Sample {
  ms: number
  peakKiB: number
}

function timedRun(args: string[], env: Record<string, string | undefined>): Promise<Sample> {
  const merged: NodeJS.ProcessEnv = { ...process.env }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name]
    else merged[name] = value
  }
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', reportPeak, ...args], {
    cwd: repositoryRoot,
    env: merged,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done, fail) => {
    child.once('close', (code) => {
      const ms = performance.now() - started
      if (code !== 0) {
        fail(new Error(`${args.join(' ')} exited ${code}: ${stderr}`))
        return
      }
      const peak = /peak-rss-kib=(\d+)/.exec(stderr)
      done({ ms, peakKiB: Number(peak?.[1] ?? Number.NaN) })
    })
  })
}

function variantOf(samples: Sample[]): CliVariant {
  const peaks = samples.map((sample) => sample.peakKiB).sort((a, b) => a - b)
  return {
    wall: summarise(samples.map((sample) => sample.ms)),
    peakRssMiB: Math.round(((peaks[peaks.length - 1] ?? Number.NaN) / 1024) * 10) / 10,
  }
}

async function signIn(setup: CliSetup, pat: string): Promise<void> {
  const login = await runCli(['login', '--pat', '--label', 'bench'], setup.env, pat)
  if (login.code !== 0) throw new Error(`coze-auth login failed: ${login.stderr}`)
}

export async function benchCli(runs = 20): Promise<CliBench> {
  buildCli()
  const sandbox = await startSandbox()
  const command = join(repositoryRoot, 'out/cli/coze-auth.js')
  const setups: { name: 'throughSocket' | 'ownStores'; setup: CliSetup }[] = []
  const result: Partial<CliBench> = {}
  try {
    const socket = await prepareSetup(sandbox, 'browser host')
    setups.push({ name: 'throughSocket', setup: socket })
    await signIn(socket, sandbox.regions.com.pat)
    const problem = await secretServiceProblem()
    if (problem === undefined) {
      const own = await prepareSetup(sandbox, 'own stores')
      mkdirSync(own.dataDir, { recursive: true })
      setups.push({ name: 'ownStores', setup: own })
      await signIn(own, sandbox.regions.com.pat)
    } else {
      result.ownStoresSkipped = `no Secret Service (${problem})`
    }
    const samples: Record<string, Sample[]> = { nodeAlone: [], throughSocket: [], ownStores: [] }
    // The first round warms the disk cache and is not counted.
    for (let run = 0; run <= runs; run += 1) {
      const node = await timedRun(['-e', '0'], {})
      if (run > 0) samples.nodeAlone?.push(node)
      for (const { name, setup } of setups) {
        const sample = await timedRun([command, 'token', 'bench'], setup.env)
        if (run > 0) samples[name]?.push(sample)
      }
    }
    result.nodeAlone = variantOf(samples.nodeAlone ?? [])
    result.throughSocket = variantOf(samples.throughSocket ?? [])
    if ((samples.ownStores ?? []).length > 0) result.ownStores = variantOf(samples.ownStores ?? [])
  } finally {
    for (const { setup } of setups) await setup.stop()
    await sandbox.stop()
  }
  return result as CliBench
}
