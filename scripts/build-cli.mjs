// Builds `coze-auth` (src/cli) to plain JavaScript in out/cli, so the command runs on Node alone.
// `npm ci` runs it (the prepare script) and so does `npm run build`.
//
// The build goes to a folder of its own and then takes out/cli's place, so a command started
// meanwhile (tests build while others run it) finds the old build or the new one, whole.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'out/cli')
const fresh = join(root, `out/cli-${randomBytes(6).toString('hex')}`)
mkdirSync(join(root, 'out'), { recursive: true })

try {
  await build({
    entryPoints: { 'coze-auth': join(root, 'src/cli/main.ts') },
    outdir: fresh,
    outExtension: { '.js': '.mjs' },
    // The stores and the keychain in chunks of their own: a command the app answers never
    // loads them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies bundled too: resolving and reading hundreds of small files of node_modules
    // costs more of a start than the code itself. Not the keychain's native module.
    external: ['@napi-rs/keyring', 'electron', 'electron-store'],
    // The CommonJS dependencies (ajv, undici) ask for Node's modules with require().
    banner: {
      js: "import { createRequire as __cozeCreateRequire } from 'node:module'; const require = __cozeCreateRequire(import.meta.url);",
    },
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
  })
  const old = `${fresh}-old`
  if (existsSync(target)) renameSync(target, old)
  try {
    renameSync(fresh, target)
  } catch (error) {
    // Another build took the place in between: the same sources, so its build serves as well.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
  }
  rmSync(old, { recursive: true, force: true })
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
