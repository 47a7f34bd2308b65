/**
 * `npm run start:browser` (and `npm start` where no Electron binary can be had): the app for a
 * person, in any browser, on this machine only.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { AppError } from '../main/core/errors'
import { createConsoleLogger } from '../main/core/logger'
import { createCommandClipboard } from './command-clipboard'
import type { BrowserHostApp } from './host-app'
import { repositoryRoot, startBrowserHostApp } from './host-app'
import { openWindowInSystemBrowser, stopOnSignals, terminalLogLevel } from './foreground'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    // Ready-made PKCE and device apps, as an organisation ships them with the desktop app.
    profiles: { type: 'string', default: resolve(repositoryRoot, 'build/profiles') },
    // Open the system browser on the address where there is a desktop (npm start asks for it).
    open: { type: 'boolean', default: false },
  },
})
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not "${values.port}".`)
  process.exit(2)
}
if (!existsSync(resolve(repositoryRoot, 'out/renderer/index.html'))) {
  console.error('The window is not built yet. Run "npm run build" first.')
  process.exit(1)
}

function describeStorage(app: BrowserHostApp): void {
  const secrets = app.persistent.report.secrets
  console.log(`Secrets are kept in: ${secrets.kind}${secrets.encrypted ? ' (encrypted)' : ''}.`)
  if (secrets.warning) console.log(`Warning: ${secrets.warning}`)
  for (const problem of app.persistent.report.bundledProfileProblems) {
    console.log(`Skipped the ready-made profile ${problem.file}: ${problem.reason}.`)
  }
}

try {
  const app = await startBrowserHostApp({
    port,
    // A person's browser host copies to the real clipboard; tests use a recording one.
    clipboard: createCommandClipboard(),
    logger: createConsoleLogger(terminalLogLevel()),
    ...(values['data-dir'] ? { dataDir: resolve(values['data-dir']) } : {}),
    bundledProfilesDir: resolve(values.profiles),
  })
  stopOnSignals(app)
  console.log('Coze Auth Companion is running in browser mode.')
  describeStorage(app)
  console.log(
    `Open this address (it contains a one-time key; keep it to yourself):\n\n  ${app.host.url}\n`,
  )
  if (values.open) {
    const outcome = await openWindowInSystemBrowser(app.host.issueLaunchUrl())
    if (outcome === 'opened') console.log('Your browser was opened on it.')
    if (outcome === 'failed') console.log('Your browser could not be opened: open the address.')
  }
  console.log('Press Ctrl+C to stop.')
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code
  if (error instanceof AppError) {
    console.error(error.message)
  } else if (code === 'EADDRINUSE') {
    console.error(
      `Port ${port} is already in use. Pick another with --port, or leave it out for a free one.`,
    )
  } else {
    console.error(`Could not start: ${(error as Error).message}`)
  }
  process.exit(1)
}
