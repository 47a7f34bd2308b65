// Fetches the Electron binary that the installed electron package expects, printing one progress
// line, then lets the package's own installer unpack it. Run by `npm start` as a child process, so
// that its time limit can end it whatever state the download is in.
//
// The download is the package's own downloader (@electron/get), verified against the checksums the
// package ships; the installer then finds the file in the download cache and only unpacks it.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const fromElectron = createRequire(join(electronDir, 'package.json'))
const { version } = fromElectron('./package.json')
const { downloadArtifact } = await import(pathToFileURL(fromElectron.resolve('@electron/get')).href)

const interactive = Boolean(process.stdout.isTTY)
let lastShown = -1
function showProgress({ transferred, total, percent }) {
  const step = Math.floor(percent * 100)
  // A terminal gets one line redrawn in place; a log gets a line every 10 %.
  if (interactive ? step === lastShown : Math.floor(step / 10) === Math.floor(lastShown / 10))
    return
  lastShown = step
  const megabytes = (bytes) => (bytes / 1_048_576).toFixed(0)
  const size = total
    ? `${megabytes(transferred)} of ${megabytes(total)} MB`
    : `${megabytes(transferred)} MB`
  const line = `Fetching Electron ${version}: ${step}% (${size})`
  if (interactive) process.stdout.write(`\r${line}`)
  else console.log(line)
}

console.log(
  `Fetching Electron ${version} for ${process.platform}-${process.arch} (first start only)…`,
)
try {
  await downloadArtifact({
    version,
    artifactName: 'electron',
    platform: process.platform,
    arch: process.arch,
    checksums: fromElectron('./checksums.json'),
    downloadOptions: { quiet: true, getProgressCallback: showProgress },
  })
} catch (error) {
  if (interactive && lastShown >= 0) process.stdout.write('\n')
  // One line for the parent: the first line of the cause, never a stack.
  const code = error instanceof Error ? error.cause?.code : undefined
  const cause = code
    ? `Electron's download server could not be reached (${code})`
    : error instanceof Error
      ? error.message
      : String(error)
  console.error(`fetch-electron: ${String(cause).split('\n')[0]}`)
  process.exit(1)
}
if (interactive) process.stdout.write('\n')
const unpack = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
})
if (unpack.status !== 0) {
  console.error(`fetch-electron: unpacking failed: ${(unpack.stderr ?? '').trim().split('\n')[0]}`)
  process.exit(1)
}
console.log('Electron is ready.')
