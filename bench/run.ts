/**
 * `npm run bench`: speed figures with their targets. A benchmark, not a test: it prints numbers
 * and whether each meets its target, and always exits 0 unless it crashes.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { startSandbox } from '../test/sandbox'
import { benchAuthFlows } from './auth-flows.bench-part'
import { benchJwtSigning } from './jwt-sign.bench-part'
import { benchMetadataStore } from './metadata-store.bench-part'
import { benchVault } from './vault.bench-part'
import { summarise } from './measure'

interface Line {
  name: string
  value: string
  target: string
  met: boolean
}

const lines: Line[] = []
const report: Record<string, unknown> = {}

async function sandboxStartStop(): Promise<void> {
  // The first start in a process pays for loading modules; tests pay it once per file too.
  await (await startSandbox()).stop()
  const samples: number[] = []
  for (let i = 0; i < 50; i += 1) {
    const started = performance.now()
    const sandbox = await startSandbox()
    await sandbox.stop()
    samples.push(performance.now() - started)
  }
  const summary = summarise(samples)
  report.sandboxStartStop = summary
  lines.push({
    name: 'sandbox start + stop',
    value: `median ${summary.medianMs} ms, p95 ${summary.p95Ms} ms`,
    target: '< 100 ms',
    met: summary.p95Ms < 100,
  })
}

async function main(): Promise<void> {
  console.log('Running benchmarks (about a minute)…')
  await sandboxStartStop()

  const signing = await benchJwtSigning(500)
  report.jwtSigning = signing
  lines.push({
    name: 'JWT signing (RS256, 2048-bit)',
    value: `median ${signing.medianMs} ms, p95 ${signing.p95Ms} ms`,
    target: 'median ≤ 1 ms',
    met: signing.medianMs <= 1,
  })

  const flows = await benchAuthFlows(30)
  report.authFlows = flows
  for (const flow of flows) {
    lines.push({
      name: `${flow.flow}: app ÷ raw fetch`,
      value: `${flow.ratio} (app ${flow.ours.medianMs} ms, raw ${flow.raw.medianMs} ms, medians)`,
      target: '≤ 1.2',
      met: flow.ratio <= 1.2,
    })
  }

  const metadata = await benchMetadataStore(1000)
  report.metadataStore = metadata
  lines.push({
    name: 'account list alone, 1,000 accounts: open',
    value: `median ${metadata.openMedianMs} ms (${Math.round(metadata.fileBytes / 1024)} KiB)`,
    target: '≤ 300 ms',
    met: metadata.openMedianMs <= 300,
  })
  lines.push({
    name: 'account list alone, 1,000 accounts: save one',
    value: `median ${metadata.saveMedianMs} ms`,
    target: '≤ 20 ms',
    met: metadata.saveMedianMs <= 20,
  })

  const vault = await benchVault(1000)
  report.vault = vault
  lines.push({
    name: `vault (account list + ${vault.backend}), 1,000 accounts: open`,
    value: `median ${vault.open.medianMs} ms, p95 ${vault.open.p95Ms} ms`,
    target: '≤ 300 ms',
    met: vault.open.medianMs <= 300,
  })
  lines.push({
    name: 'vault, 1,000 accounts: save one (token pair + record)',
    value: `median ${vault.save.medianMs} ms, p95 ${vault.save.p95Ms} ms`,
    target: '≤ 20 ms',
    met: vault.save.medianMs <= 20,
  })

  const width = Math.max(...lines.map((line) => line.name.length))
  console.log('')
  for (const line of lines) {
    console.log(
      `${line.met ? 'ok  ' : 'MISS'} ${line.name.padEnd(width)}  ${line.value}  (target ${line.target})`,
    )
  }
  mkdirSync('.test-reports', { recursive: true })
  writeFileSync('.test-reports/bench.json', `${JSON.stringify(report, null, 2)}\n`)
  console.log('\nDetails: .test-reports/bench.json')
}

await main()
