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
