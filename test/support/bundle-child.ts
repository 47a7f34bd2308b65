/**
 * Child processes written in TypeScript, bundled once per test file into one .mjs file and
 * started with plain node: `node --import tsx` costs about a second per start on a busy machine,
 * which tests that start many children (or a few, in every test) pay again and again.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const repositoryRoot = resolve(import.meta.dirname, '../..')

/**
 * Bundles `entry` (its packages stay imports from node_modules) and returns the file to run.
 * Delete it with `removeBundle` when the test file is done.
 */
export async function bundleChild(entry: string, name: string): Promise<string> {
  const cacheDir = join(repositoryRoot, 'node_modules', '.cache', 'coze-tests')
  mkdirSync(cacheDir, { recursive: true })
  // The pid keeps two test processes that bundle the same child from writing one file.
  const outfile = join(cacheDir, `${name}-${process.pid}.mjs`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
  return outfile
}

export function removeBundle(script: string | undefined): void {
  if (script) rmSync(script, { force: true })
}
