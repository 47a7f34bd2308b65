// Builds `coze-auth` (src/cli) to one file of plain JavaScript, out/cli/coze-auth.js (package.json
// `bin`, and what the installers ship), so the command runs on Node alone. `npm ci` runs it (the
// prepare script) and so does `npm run build`.
//
// The file is written beside its place and then renamed into it, so a command started meanwhile
// (tests build while others run it) finds the old build or the new one, whole.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'out/cli/coze-auth.js')
const fresh = `${target}.${randomBytes(6).toString('hex')}.tmp`
mkdirSync(dirname(target), { recursive: true })

try {
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: fresh,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies bundled too: resolving and reading hundreds of small files of node_modules
    // costs more of a start than the code itself. Bundled modules run only when first used, so
    // a command the app answers never runs the stores' or the keychain's code. The keychain's
    // native part is found at run time.
    external: ['electron', 'electron-store', '@napi-rs/keyring-*'],
    banner: {
      // The CommonJS dependencies (ajv, undici, the keychain) ask for modules with require().
      js: "#!/usr/bin/env node\nimport { createRequire as __cozeCreateRequire } from 'node:module'; const require = __cozeCreateRequire(import.meta.url);",
    },
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
  })
  chmodSync(fresh, 0o755)
  renameSync(fresh, target)
} finally {
  rmSync(fresh, { force: true })
}
