import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where tests put the files a store writes. Under `npm test` every such folder lives below one
 * root that is kept until the whole run ends, when `secret-scan.ts` reads every file in it for a
 * token, a key or a remembered secret. A test that deletes its store files hides them from that
 * scan, so tests using these folders leave them alone.
 */
export const storeRootVariable = 'COZE_TEST_STORE_ROOT'

export function storeRoot(): string {
  const fromRun = process.env[storeRootVariable]
  if (fromRun) return fromRun
  const root = join(tmpdir(), 'coze-companion-test-stores')
  mkdirSync(root, { recursive: true })
  return root
}

/** A new, empty folder for one store under the run's root. */
export function newStoreDir(label: string): string {
  return mkdtempSync(join(storeRoot(), `${label.replace(/[^\w-]/g, '-')}-`))
}

/**
 * Files a test deliberately writes in plain text (the explicit "store unencrypted" choice) go
 * here, and the scan leaves them out.
 */
export function newPlaintextOptInDir(label: string): string {
  const base = join(storeRoot(), 'plaintext-opt-in')
  mkdirSync(base, { recursive: true })
  return mkdtempSync(join(base, `${label.replace(/[^\w-]/g, '-')}-`))
}

/** Secrets without a recognisable shape (client secrets, passphrases) the scan must also look for. */
export function rememberSecret(value: string): void {
  if (value.length < 8) return
  appendFileSync(
    join(storeRoot(), '..', `${storeRootName()}.secrets`),
    `${Buffer.from(value).toString('base64')}\n`,
  )
}

function storeRootName(): string {
  return storeRoot().split(/[\\/]/).pop() ?? 'stores'
}
