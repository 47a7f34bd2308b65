// `npm test`: every check the project has, in one run, ending with one plain summary line
// ("N passed, N failed, N skipped") that sums the type checks, lint, the build, Vitest (the
// default run and the stress run) and Playwright. It exits non-zero when anything failed.
//
// The keychain tests need a Secret Service. Unless the caller already provides one (CI does, and
// says so with COZE_TEST_KEYRING_READY=1), the run moves itself into a private D-Bus session with
// a throw-away, unlocked gnome-keyring, so that tests never touch the keyring of the person
// running them.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const reportDir = '.test-reports'

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

if (process.env.COZE_TEST_KEYRING_READY !== '1') {
  if (hasCommand('dbus-run-session') && hasCommand('gnome-keyring-daemon')) {
    const keyringHome = mkdtempSync(join(tmpdir(), 'coze-test-keyring-'))
    // scripts/with-test-keyring.sh keeps an unlocked gnome-keyring on that bus for the whole run.
    const inner = ['bash', 'scripts/with-test-keyring.sh', 'node', 'scripts/run-all-tests.mjs']
    const run = spawnSync('dbus-run-session', ['--', ...inner], {
      stdio: 'inherit',
      env: { ...process.env, XDG_DATA_HOME: keyringHome, COZE_TEST_KEYRING_READY: '1' },
    })
    rmSync(keyringHome, { recursive: true, force: true })
    process.exit(run.status ?? 1)
  }
  console.log(
    'note: dbus-run-session or gnome-keyring-daemon is missing, so the keychain tests use whatever Secret Service this session has (if any).',
  )
}

rmSync(reportDir, { recursive: true, force: true })
mkdirSync(reportDir, { recursive: true })

const totals = { passed: 0, failed: 0, skipped: 0 }
const lines = []

function step(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  const ok = result.status === 0
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return ok
}

function countCheck(ok) {
  if (ok) totals.passed += 1
  else totals.failed += 1
}

countCheck(
  step('typecheck (main, preload, shared, tests)', 'npx', [
    'tsc',
    '--noEmit',
    '-p',
    'tsconfig.node.json',
  ]),
)
countCheck(step('typecheck (renderer)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.web.json']))
countCheck(step('eslint', 'npx', ['eslint', '--max-warnings', '0', '.']))
countCheck(step('prettier', 'npx', ['prettier', '--check', '.']))
const built = step('build', 'npx', ['electron-vite', 'build'])
countCheck(built)

/**
 * Runs Vitest with a JSON report beside the usual output and adds its tests to the totals. A
 * failed run whose report names no failed test (a file that did not load) counts as one failure.
 */
function vitestStep(name, extraArgs, reportFile) {
  const report = join(reportDir, reportFile)
  const ok = step(name, 'npx', [
    'vitest',
    'run',
    ...extraArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
  ])
  if (!existsSync(report)) {
    totals.failed += 1
    return
  }
  const counts = JSON.parse(readFileSync(report, 'utf8'))
  totals.passed += counts.numPassedTests
  totals.failed += counts.numFailedTests
  totals.skipped += counts.numPendingTests + counts.numTodoTests
  if (!ok && counts.numFailedTests === 0) totals.failed += 1
}

/**
 * The end-of-run scan of every file the stores wrote during a Vitest run (secret-scan.ts). Each
 * run writes secret-scan.json; it is kept as `keepAs`, since the next run writes its own.
 */
function secretScanStep(label, keepAs) {
  const scanReport = join(reportDir, 'secret-scan.json')
  if (existsSync(scanReport)) {
    const kept = join(reportDir, keepAs)
    renameSync(scanReport, kept)
    const scan = JSON.parse(readFileSync(kept, 'utf8'))
    const clean = scan.leaks.length === 0 && scan.filesScanned > 0
    lines.push(
      `${clean ? 'ok  ' : 'FAIL'} secret scan of ${label} (${scan.filesScanned} files, ${scan.leaks.length} leaks${clean ? '' : `: see ${kept}`})`,
    )
    countCheck(clean)
  } else {
    lines.push(`FAIL secret scan of ${label} (no report)`)
    countCheck(false)
  }
}

vitestStep('vitest', [], 'vitest.json')
secretScanStep('store files', 'secret-scan-vitest.json')
// The long crash-test loops (vitest.stress.config.ts), left out of the run above to keep it short.
vitestStep(
  'vitest stress (npm run test:stress)',
  ['--config', 'vitest.stress.config.ts'],
  'vitest-stress.json',
)
secretScanStep('store files of the stress run', 'secret-scan-stress.json')

if (built) {
  const playwrightReport = join(reportDir, 'playwright.json')
  const playwrightOk = step('playwright', 'npx', ['playwright', 'test'])
  if (existsSync(playwrightReport)) {
    const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'))
    totals.passed += stats.expected + stats.flaky
    totals.failed += stats.unexpected
    totals.skipped += stats.skipped
    if (!playwrightOk && stats.unexpected === 0) totals.failed += 1
  } else {
    totals.failed += 1
  }
} else {
  lines.push('FAIL playwright (not run: the build failed)')
  totals.failed += 1
}

const summary = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`
writeFileSync(join(reportDir, 'summary.txt'), `${summary}\n`)
console.log(`\n${lines.join('\n')}\n`)
console.log(summary)
process.exit(totals.failed === 0 ? 0 : 1)
