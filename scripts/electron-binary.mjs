// Finds the Electron executable without triggering the wrapper's lazy download, and fetches it
// (within a time limit) when `npm start` asks for it.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary() {
  const require = createRequire(import.meta.url)
  let packageDir
  try {
    packageDir = dirname(require.resolve('electron/package.json'))
  } catch {
    return { missing: 'the electron package is not installed (run npm ci)' }
  }
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron')
    return existsSync(candidate)
      ? { path: candidate }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no Electron executable at ${candidate}` }
  }
  if (!relative) return { missing: 'the Electron binary was never downloaded' }
  const candidate = join(packageDir, 'dist', relative)
  return existsSync(candidate)
    ? { path: candidate }
    : { missing: `no Electron binary at ${candidate}` }
}

/** About a minute: long enough for the ~100 MB download on a normal line, short on a dead one. */
const defaultFetchTimeoutMs = 60_000
/** After a failed fetch, plain `npm start` waits this long before trying again. */
const retryAfterMs = 60 * 60_000
// COZE_ELECTRON_FETCH_STATE moves it (tests keep their failures to themselves).
const failureFile = join(
  process.env.COZE_ELECTRON_FETCH_STATE ??
    join(root, 'node_modules', '.cache', 'coze-auth-companion'),
  'electron-fetch.json',
)

function fetchTimeoutMs() {
  const fromEnv = Number(process.env.COZE_ELECTRON_FETCH_TIMEOUT_MS)
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : defaultFetchTimeoutMs
}

function recentFailure() {
  try {
    const failure = JSON.parse(readFileSync(failureFile, 'utf8'))
    const ageMs = Date.now() - failure.at
    if (ageMs >= 0 && ageMs < retryAfterMs && typeof failure.reason === 'string') {
      return { ...failure, minutesAgo: Math.max(1, Math.round(ageMs / 60_000)) }
    }
  } catch {
    // No record, or an unreadable one: try the fetch.
  }
  return undefined
}

function rememberFailure(reason) {
  try {
    mkdirSync(dirname(failureFile), { recursive: true })
    writeFileSync(failureFile, JSON.stringify({ at: Date.now(), reason }))
  } catch {
    // Only an optimisation: the next start then simply tries again.
  }
}

/**
 * Lets the electron package fetch its binary, printing progress, within the time limit
 * (COZE_ELECTRON_FETCH_TIMEOUT_MS, default one minute). A failure is remembered for an hour so
 * that every start on an offline machine does not wait again; `retryNow` ignores that memory.
 * `quiet` keeps the progress lines to itself (`npm run dist` says one line of its own).
 * @param {{ retryNow?: boolean, quiet?: boolean }} options
 * @returns {Promise<{ path: string } | { missing: string }>}
 */
export async function fetchElectronBinary({ retryNow = false, quiet = false } = {}) {
  const earlier = retryNow ? undefined : recentFailure()
  if (earlier) {
    return {
      missing: `fetching it failed ${earlier.minutesAgo} min ago (${earlier.reason}); "npm start -- --desktop" tries again now`,
    }
  }
  const timeoutMs = fetchTimeoutMs()
  const reason = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts/fetch-electron.mjs')], {
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'],
      cwd: root,
    })
    let errorText = ''
    child.stderr.on('data', (chunk) => (errorText += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(`the download did not finish within ${Math.round(timeoutMs / 1000)} s`)
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      const line = errorText
        .split('\n')
        .find((text) => text.startsWith('fetch-electron: '))
        ?.slice('fetch-electron: '.length)
      resolve(code === 0 ? undefined : (line ?? `the download failed with exit code ${code}`))
    })
  })
  if (reason === undefined) {
    const found = findElectronBinary()
    if ('path' in found) return found
    rememberFailure(found.missing)
    return found
  }
  rememberFailure(reason)
  return { missing: reason }
}
