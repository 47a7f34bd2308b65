// `npm start`: builds and runs the desktop app, or says in one line why it cannot and what to do.
import { spawnSync } from 'node:child_process'
import { findElectronBinary } from './electron-binary.mjs'

const binary = findElectronBinary()
if ('missing' in binary) {
  console.error(
    `Cannot start the desktop app: ${binary.missing}. Get it with "npx install-electron" on a network that reaches Electron's downloads (or set ELECTRON_OVERRIDE_DIST_PATH), or run the same app in your browser with "npm run start:browser".`,
  )
  process.exit(1)
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync(binary.path, ['.'], { stdio: 'inherit' })
process.exit(run.status ?? 0)
