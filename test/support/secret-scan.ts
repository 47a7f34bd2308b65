/**
 * Vitest global setup: makes one folder for every store the tests write, and after the whole run
 * reads every file in it. A token, a private key, a secret-named field or any secret a test
 * remembered, found in plain text, fails the run (and is written to .test-reports/secret-scan.json
 * without the secret itself).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { storeRootVariable } from './store-dirs'

const shapes: { name: string; pattern: RegExp }[] = [
  {
    name: 'an OAuth, personal or service token',
    pattern: /\b(?:czu|czs|pat|sat)_[A-Za-z0-9_-]{16,}/,
  },
  { name: 'a PEM private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  {
    name: 'a secret-named field',
    pattern:
      /"(?:accessToken|refreshToken|clientSecret|privateKeyPem|access_token|refresh_token)"\s*:/,
  },
]

function filesBelow(dir: string, skip: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (path === skip) continue
    const info = statSync(path)
    if (info.isDirectory()) found.push(...filesBelow(path, skip))
    else if (info.isFile()) found.push(path)
  }
  return found
}

export interface ScanResult {
  filesScanned: number
  leaks: { file: string; what: string }[]
}

/** Reads every file below `root` (except `skip`) for secret shapes and the remembered secrets. */
export function scanStoreFiles(
  root: string,
  skip: string,
  remembered: readonly string[],
): ScanResult {
  const files = filesBelow(root, skip)
  const leaks: { file: string; what: string }[] = []
  for (const file of files) {
    const text = readFileSync(file).toString('latin1')
    for (const shape of shapes) {
      if (shape.pattern.test(text)) leaks.push({ file: relative(root, file), what: shape.name })
    }
    if (remembered.some((secret) => text.includes(secret))) {
      leaks.push({ file: relative(root, file), what: 'a secret a test used' })
    }
  }
  return { filesScanned: files.length, leaks }
}

/** Set by the first setup of a run: Vitest runs this once per project (node and renderer). */
const runScanKey = Symbol.for('coze-auth-companion.secret-scan')

export default function setup(): () => void {
  // Every project's workers must write into the one folder the one scan reads; a second folder
  // would be scanned on its own, and the other project's files missed.
  const shared = globalThis as { [runScanKey]?: string }
  if (shared[runScanKey] !== undefined) return () => undefined
  const root = mkdtempSync(join(tmpdir(), 'coze-test-stores-'))
  shared[runScanKey] = root
  process.env[storeRootVariable] = root
  return () => {
    const secretsFile = `${root}.secrets`
    const remembered = existsSync(secretsFile)
      ? readFileSync(secretsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => Buffer.from(line, 'base64').toString('utf8'))
      : []
    const { filesScanned, leaks } = scanStoreFiles(root, join(root, 'plaintext-opt-in'), remembered)
    mkdirSync('.test-reports', { recursive: true })
    writeFileSync(
      '.test-reports/secret-scan.json',
      `${JSON.stringify({ filesScanned, secretsRemembered: remembered.length, leaks }, null, 2)}\n`,
    )
    rmSync(root, { recursive: true, force: true })
    rmSync(secretsFile, { force: true })
    if (leaks.length > 0) {
      throw new Error(
        `Secrets in plain text in ${leaks.length} store file(s): see .test-reports/secret-scan.json`,
      )
    }
  }
}
