import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The real project configuration, run on probe files that exist only in memory.
const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message)
}

const importElectron = "import { app } from 'electron'\nexport const name = app.getName()\n"

describe('the electron layering rule', () => {
  it.each([
    'src/main/core/probe.ts',
    'src/main/core/oauth/probe.ts',
    'src/shared/probe.ts',
    'src/renderer/src/probe.ts',
    'src/browser-host/probe.ts',
  ])('refuses an electron import in %s', async (file) => {
    const messages = await restrictedImportMessages(file, importElectron)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain('Only src/main/electron')
  })

  it('refuses require and dynamic import of electron in the core', async () => {
    const code =
      "import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\nexport const a = require('electron')\nexport const b = import('electron/main')\n"
    const messages = await restrictedImportMessages('src/main/core/probe.ts', code)
    expect(messages).toHaveLength(2)
  })

  it.each(['src/main/electron/probe.ts', 'src/main/index.ts', 'src/preload/probe.ts'])(
    'allows electron in the shell file %s',
    async (file) => {
      expect(await restrictedImportMessages(file, importElectron)).toEqual([])
    },
  )
})

describe('the layer rules', () => {
  const importing = (specifier: string): string =>
    `import { probe } from '${specifier}'\nexport const used = probe\n`

  it.each([
    ['src/renderer/src/stores/probe.ts', '../../../main/core/errors', 'The renderer imports only'],
    ['src/renderer/src/stores/probe.ts', '../../../browser-host/host-app', 'The renderer imports'],
    ['src/renderer/src/stores/probe.ts', '../../../preload/index', 'The renderer imports only'],
    ['src/renderer/src/stores/probe.ts', 'node:fs', 'The renderer imports only'],
    ['src/main/core/probe.ts', '../../browser-host/host-app', 'The core never imports a host'],
    ['src/main/core/oauth/probe.ts', '../../electron/dialogs', 'The core never imports a host'],
    ['src/main/core/probe.ts', '../../preload/index', 'The core never imports a host'],
    ['src/main/core/probe.ts', '../../renderer/src/i18n', 'The core never imports a host'],
    ['src/shared/probe.ts', '../main/core/errors', 'src/shared imports nothing but itself'],
    ['src/shared/probe.ts', 'vue', 'src/shared imports nothing but itself'],
    ['src/shared/probe.ts', 'node:crypto', 'src/shared imports nothing but itself'],
  ])('refuses in %s an import of %s', async (file, specifier, message) => {
    const messages = await restrictedImportMessages(file, importing(specifier))
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain(message)
  })

  it.each([
    ['src/renderer/src/stores/probe.ts', '../../../shared/ipc-contract'],
    ['src/renderer/src/stores/probe.ts', '../api/bridge'],
    ['src/renderer/src/stores/probe.ts', 'pinia'],
    ['src/main/core/probe.ts', '../../shared/errors'],
    ['src/main/core/probe.ts', './errors'],
    ['src/main/core/probe.ts', 'node:fs'],
    ['src/browser-host/probe.ts', '../main/core/errors'],
    ['src/shared/probe.ts', './errors'],
  ])('allows in %s an import of %s', async (file, specifier) => {
    expect(await restrictedImportMessages(file, importing(specifier))).toEqual([])
  })
})
