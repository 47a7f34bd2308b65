// Builds `coze-auth` (src/cli) to plain JavaScript in out/cli, so the command runs on Node alone:
// one bundle of the project's own code, its npm dependencies loaded from node_modules as usual.
// `npm ci` runs it (the prepare script) and so does `npm run build`.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'out/cli/coze-auth.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
})
