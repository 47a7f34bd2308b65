#!/usr/bin/env node
// The `coze-auth` command (package.json "bin"): the build of src/cli, made by `npm ci` and
// `npm run build` (scripts/build-cli.mjs).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = new URL('../out/cli/coze-auth.mjs', import.meta.url)
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('coze-auth is not built yet: run "npm run build:cli" in the repository.\n')
  process.exit(1)
}
await import(built.href)
