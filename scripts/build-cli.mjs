// Builds `coze-auth` (src/cli) to plain JavaScript: out/cli/coze-auth.js (package.json `bin`, and
// what the installers ship), with the parts it loads only on demand beside it in out/cli/chunks,
// so the command runs on Node alone. `npm ci` runs it (the prepare script) and so does `npm run
// build`.
//
// The keychain's native module is copied into out/cli/node_modules, so that the folder is whole.
//
// Each part loaded with import() is a chunk of its own: the stores and the keychain (only when no
// app answers), undici (only behind a proxy, and half of all the code), jose (only to sign a JWT).
// A start reads and compiles only what it runs: `coze-auth token` through the app's socket
// compiles a tenth of the code it did as one file.
//
// The build goes to a folder of its own, then its chunks move in (named by their content, so one
// already there is the same file) and the entry last, each by a rename: a command started
// meanwhile (tests build while others run it) finds the old build or the new one, whole. Chunks
// no build refers to any more are removed after.
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'out/cli')
const entryName = 'coze-auth'
const chunksDir = 'chunks'
const fresh = join(outDir, `.build-${randomBytes(6).toString('hex')}`)
mkdirSync(join(outDir, chunksDir), { recursive: true })

try {
  await build({
    entryPoints: { [entryName]: join(root, 'src/cli/main.ts') },
    outdir: fresh,
    chunkNames: `${chunksDir}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies bundled too: resolving and reading hundreds of small files of node_modules
    // costs more of a start than the code itself. The keychain's native part is found at run time.
    external: ['electron', 'electron-store', '@napi-rs/keyring-*'],
    banner: {
      // The CommonJS dependencies (ajv, undici, the keychain) ask for modules with require().
      js: "#!/usr/bin/env node\nimport { createRequire as __cozeCreateRequire } from 'node:module'; const require = __cozeCreateRequire(import.meta.url);",
    },
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
  })
  const chunks = readdirSync(join(fresh, chunksDir))
  for (const chunk of chunks) {
    renameSync(join(fresh, chunksDir, chunk), join(outDir, chunksDir, chunk))
  }
  const entry = join(fresh, `${entryName}.js`)
  chmodSync(entry, 0o755)
  renameSync(entry, join(outDir, `${entryName}.js`))
  removeUnreferencedChunks(new Set(chunks))
  copyNativeKeyring()
} finally {
  rmSync(fresh, { recursive: true, force: true })
}

/** Chunks of earlier builds of other code, which neither this entry nor its chunks name. */
function removeUnreferencedChunks(current) {
  for (const chunk of readdirSync(join(outDir, chunksDir))) {
    if (!current.has(chunk)) rmSync(join(outDir, chunksDir, chunk), { force: true })
  }
}

/**
 * The keychain's native part (@napi-rs/keyring's package for this platform, left out of the
 * bundle) copied beside the command, so that out/cli is whole on its own: the installers ship
 * that folder, and inside an installed app the packages are in an asar plain Node cannot read.
 */
function copyNativeKeyring() {
  const scope = join(root, 'node_modules/@napi-rs')
  const native = readdirSync(scope).filter((name) => name.startsWith('keyring-'))
  mkdirSync(join(outDir, 'node_modules/@napi-rs'), { recursive: true })
  for (const name of native) {
    const from = join(scope, name)
    const to = join(outDir, 'node_modules/@napi-rs', name)
    const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
    if (existsSync(join(to, 'package.json')) && version(to) === version(from)) continue
    // Copied aside and renamed into place: a command started meanwhile finds it whole or absent.
    const aside = `${to}.${randomBytes(6).toString('hex')}.tmp`
    cpSync(from, aside, { recursive: true })
    rmSync(to, { recursive: true, force: true })
    renameSync(aside, to)
  }
}
