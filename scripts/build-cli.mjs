// Builds `coze-auth` (src/cli) to plain JavaScript in out/cli, so the command runs on Node alone:
// one bundle of the project's own code, its npm dependencies loaded from node_modules as usual.
// `npm ci` runs it (the prepare script) and so does `npm run build`.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

rmSync(join(root, 'out/cli'), { recursive: true, force: true })
await build({
  entryPoints: { 'coze-auth': join(root, 'src/cli/main.ts') },
  outdir: join(root, 'out/cli'),
  outExtension: { '.js': '.mjs' },
  // The stores and the keychain in their own chunk: a command the app answers never loads them.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
})
