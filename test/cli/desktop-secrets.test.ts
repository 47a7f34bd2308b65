/**
 * A data folder whose secrets are in the desktop app's safeStorage (here written by the core with
 * a real AES-GCM stand-in for safeStorage, as the desktop app writes it): coze-auth cannot read
 * them, so it says so and how to fix it, and leaves the folder exactly as it was. With the app
 * running it would have asked the app instead (commands.test.ts covers that path).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPersistentCore } from '../../src/main/core/open-persistent-core'
import type { Sandbox } from '../sandbox'
import { startSandbox } from '../sandbox'
import { AesGcmEncryptor } from '../support/aes-encryptor'
import { newStoreDir } from '../support/store-dirs'
import { buildCli, regionsOf, runCli, writeDemoDescription } from './cli-harness'

/** Every file below `dir` with its content, by its path inside `dir`. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files[relative(dir, path)] = readFileSync(path, 'utf8')
  }
  return files
}

let sandbox: Sandbox
beforeAll(async () => {
  buildCli()
  sandbox = await startSandbox()
}, 60_000)
afterAll(async () => {
  await sandbox?.stop()
})

describe('secrets only the desktop app can read', () => {
  it('are refused with exit code 7 and the two ways out, and nothing is written', async () => {
    const root = newStoreDir('cli-safe-storage')
    const dataDir = join(root, 'desktop')
    const persistent = await openPersistentCore({
      dataDir,
      encryptor: new AesGcmEncryptor(),
      defaultSecretStorage: 'safe-storage',
      browser: { open: async () => {} },
      regions: regionsOf(sandbox),
    })
    await persistent.core.accounts.addPastedToken({ region: 'com', token: sandbox.regions.com.pat })
    expect(persistent.report.secrets.kind).toBe('safe-storage')
    const before = filesOf(dataDir)
    expect(Object.keys(before).some((name) => name.startsWith('secrets/'))).toBe(true)

    writeDemoDescription(join(root, 'demo'), regionsOf(sandbox), dataDir)
    for (const args of [['list'], ['token'], ['status']]) {
      const result = await runCli(args, {
        COZE_AUTH_DEMO: '1',
        COZE_AUTH_DEMO_DIR: join(root, 'demo'),
        LANG: 'en_US.UTF-8',
      })
      expect(result.code).toBe(7)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(
        `The secrets of ${dataDir} are in the desktop app's safeStorage, which only the app can read. Start the app (coze-auth then asks it), or choose the keychain in the app's Settings.`,
      )
    }
    const chinese = await runCli(['list'], {
      COZE_AUTH_DEMO: '1',
      COZE_AUTH_DEMO_DIR: join(root, 'demo'),
      LANG: 'zh_CN.UTF-8',
    })
    expect(chinese.stderr).toContain('只有应用本身能读取')
    // No account was marked "needs sign-in", no secret moved: every file as it was.
    expect(filesOf(dataDir)).toEqual(before)
  })
})
