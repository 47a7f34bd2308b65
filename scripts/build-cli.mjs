// Builds `coze-auth` (src/cli) to plain JavaScript: out/cli/coze-auth.js (package.json `bin`, and
// what the installers ship), with the parts it loads only on demand beside it in out/cli/chunks,
// so the command runs on Node alone. `npm ci` runs it (the prepare script) and so does `npm run
// build`.
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
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
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
} finally {
  rmSync(fresh, { recursive: true, force: true })
}

/** Chunks of earlier builds of other code, which neither this entry nor its chunks name. */
function removeUnreferencedChunks(current) {
  for (const chunk of readdirSync(join(outDir, chunksDir))) {
    if (!current.has(chunk)) rmSync(join(outDir, chunksDir, chunk), { force: true })
  }
}
