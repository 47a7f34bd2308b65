// Finds the Electron executable without triggering the wrapper's lazy download (which cannot
// succeed on a machine without access to Electron's release downloads).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

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
