// `npm start`: the app, on every machine.
//
// - The desktop app where the Electron binary is present, or can be fetched now (first start:
//   the electron package downloads it, with a progress line and a time limit).
// - Otherwise the same app in the browser: one line says why, then the browser host starts and the
//   system browser is opened on it where there is a desktop.
//
// `npm start -- --browser` goes straight to the browser; `npm start -- --desktop` refuses, with the
// reason, instead of falling back. Other arguments go to the browser host (--port, --data-dir,
// --profiles). It runs until Ctrl+C and stops cleanly.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fetchElectronBinary, findElectronBinary } from './electron-binary.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const forceBrowser = args.includes('--browser')
const forceDesktop = args.includes('--desktop')
// `npm run demo`: the browser host with the local stand-in for Coze (scripts/demo.ts).
const demo = args.includes('--demo')
const hostArgs = args.filter((arg) => !['--browser', '--desktop', '--demo'].includes(arg))

if (forceBrowser && forceDesktop) {
  console.error('Choose one: --browser or --desktop.')
  process.exit(2)
}

/** Runs a child in the foreground, passes Ctrl+C and SIGTERM on, and exits as it exits. */
function runInForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root, env })
  // In a terminal Ctrl+C reaches the whole process group; from a parent process only this one.
  // Either way the child gets the signal once and stops itself.
  const forward = (signal) => () => {
    if (child.exitCode === null) child.kill(signal)
  }
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  child.once('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`)
    process.exit(1)
  })
  child.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 0 : 1)))
}

function build() {
  // Tests of this script run against the build `npm test` made, which other tests are reading.
  if (process.env.COZE_START_NO_BUILD === '1') return
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'],
    { stdio: 'inherit', cwd: root },
  )
  if (result.status !== 0) {
    console.error('The build failed (see above).')
    process.exit(result.status ?? 1)
  }
}

function startBrowserHost() {
  build()
  runInForeground(process.execPath, [
    '--import',
    'tsx',
    join(root, demo ? 'scripts/demo.ts' : 'src/browser-host/cli.ts'),
    '--open',
    ...hostArgs,
  ])
}

if (demo && forceDesktop) {
  console.error('The demo runs in the browser host; leave out --desktop.')
  process.exit(2)
}

if (forceBrowser || demo) {
  startBrowserHost()
} else {
  let binary = findElectronBinary()
  if ('missing' in binary) {
    const fetched = await fetchElectronBinary({ retryNow: forceDesktop })
    binary = 'path' in fetched ? fetched : { missing: `${binary.missing}, and ${fetched.missing}` }
  }
  if ('path' in binary) {
    build()
    runInForeground(binary.path, ['.'])
  } else if (forceDesktop) {
    console.error(`Cannot start the desktop app: ${binary.missing}.`)
    process.exit(1)
  } else {
    console.log(
      `No Electron binary could be had (${binary.missing}), so the same app now runs in your browser.`,
    )
    startBrowserHost()
  }
}
