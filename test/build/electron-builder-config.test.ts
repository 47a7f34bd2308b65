import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import type { Configuration } from 'electron-builder'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  builderConfig,
  builtCliFile,
  cliFolderFiles,
  cliNativeModules,
  debScripts,
  inputsFromEnvironment,
  rendererOnlyPackages,
} from '../../build/electron-builder.config'

const projectDir = resolve(import.meta.dirname, '../..')

/** electron-builder's own check: its JSON schema plus its rules for deprecated options. */
async function validationError(config: Configuration): Promise<string | undefined> {
  try {
    await validateConfiguration(config, new DebugLogger(false))
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'coze-builder-config-'))
})
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

/** The command's folder ships: the command and its chunks, and its native module (an entry of its own). */
function expectShipsCommandLine(config: Configuration): void {
  expect(config.extraResources).toContainEqual({
    from: 'out/cli',
    to: 'cli',
    filter: cliFolderFiles,
  })
  expect(config.extraResources).toContainEqual({
    from: 'out/cli/node_modules',
    to: 'cli/node_modules',
    filter: cliNativeModules,
  })
}

describe('build/electron-builder.config.ts', () => {
  it("loads through electron-builder's own loader and passes its schema validation", async () => {
    const loaded = await getConfig(projectDir, 'build/electron-builder.config.ts', null)
    expect(loaded.appId).toBe('com.coze.auth-companion')
    expect(await validationError(loaded)).toBeUndefined()
  })

  it('is valid with an update address, a CLI and an Electron on disk too', async () => {
    const config = builderConfig({
      projectDir,
      profilesDir: join(projectDir, 'out', 'packaging', 'profiles'),
      updateUrl: 'https://updates.example.com/coze-auth',
      cliFile: join(projectDir, 'out', 'cli', 'coze-auth.js'),
      debScripts: { afterInstall: join(scratch, 'a.tpl'), afterRemove: join(scratch, 'r.tpl') },
      electronDist: join(projectDir, 'node_modules', 'electron', 'dist'),
    })
    expect(await validationError(config)).toBeUndefined()
    expect(config.publish).toEqual([
      { provider: 'generic', url: 'https://updates.example.com/coze-auth' },
    ])
    expectShipsCommandLine(config)
  })

  it('is refused by the same validation when an option is wrong', async () => {
    const good = builderConfig({ projectDir, profilesDir: join(projectDir, 'build', 'profiles') })
    const misspelt = { ...good, nsis: { ...good.nsis, perMachin: false } } as Configuration
    expect(await validationError(misspelt)).toMatch(/configuration\.nsis\b/)
    const wrongType = { ...good, asar: 'yes' } as unknown as Configuration
    expect(await validationError(wrongType)).toMatch(/configuration\.asar\b/)
    const misplaced = { ...good, mac: { ...good.mac, oneClick: true } } as Configuration
    expect(await validationError(misplaced)).toMatch(/configuration\.mac\b/)
  })

  it('asks for what the issue names on each platform', () => {
    const config = builderConfig({ projectDir, profilesDir: join(projectDir, 'build', 'profiles') })
    // Windows: one per-user NSIS installer that never asks for an administrator.
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false })
    // macOS: dmg and zip, hardened, with the entitlements file that exists in build/.
    expect(config.mac).toMatchObject({ target: ['dmg', 'zip'], hardenedRuntime: true })
    expect(config.mac?.entitlements).toBe('build/entitlements.mac.plist')
    // Linux: AppImage and deb, a desktop entry and an icon.
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.linux?.desktop?.entry).toMatchObject({ Name: 'Coze Auth Companion' })
    // No update address: nothing to publish, so no app-update.yml in the package.
    expect(config.publish).toBeNull()
    expect(typeof config.afterPack).toBe('function')
    expect(typeof config.afterSign).toBe('function')
  })

  it('names files that exist: the entitlements and an icon large enough for macOS', async () => {
    const plist = await readFile(join(projectDir, 'build', 'entitlements.mac.plist'), 'utf8')
    expect(plist).toContain('com.apple.security.cs.allow-jit')
    expect(plist).not.toContain('disable-library-validation')
    const png = await readFile(join(projectDir, 'build', 'icon.png'))
    // The PNG header's width and height (IHDR): electron-builder needs 512 x 512 for macOS.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16))
  })
})

describe('what the asar leaves out', () => {
  it("the window's own dependencies and theirs, never a package main needs too", async () => {
    const leftOut = rendererOnlyPackages(projectDir)
    expect(leftOut).toEqual(expect.arrayContaining(['vue', '@vue/compiler-sfc', 'pinia', 'uqr']))
    // ajv is main's; fast-deep-equal is reached from ajv: both stay, whoever else needs them.
    for (const name of ['ajv', 'fast-deep-equal', 'jose', 'undici', 'electron-updater']) {
      expect(leftOut).not.toContain(name)
    }
    const config = builderConfig({
      projectDir,
      profilesDir: join(projectDir, 'build', 'profiles'),
      leaveOut: ['vue'],
    })
    expect(config.files).toContain('!node_modules/vue{,/**/*}')
  })
})

describe('the deb and the coze-auth command', () => {
  it('links coze-auth only when package.json names a CLI file that has been built', async () => {
    const project = join(scratch, 'project')
    await mkdir(join(project, 'out', 'cli'), { recursive: true })
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'x' }))
    expect(builtCliFile(project)).toBeUndefined()
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'x', bin: { 'coze-auth': 'out/cli/coze-auth.js' } }),
    )
    expect(builtCliFile(project)).toBeUndefined()
    await writeFile(join(project, 'out', 'cli', 'coze-auth.js'), '#!/usr/bin/env node\n')
    expect(builtCliFile(project)).toBe(join(project, 'out', 'cli', 'coze-auth.js'))
  })

  it("keeps electron-builder's own install steps and adds the link after them", () => {
    const scripts = debScripts((name) => `#!/bin/bash\n# stock ${name}\n`)
    expect(scripts.afterInstall.startsWith('#!/bin/bash\n# stock after-install.tpl\n')).toBe(true)
    expect(scripts.afterInstall).toContain(
      "ln -sf '/opt/${sanitizedProductName}/resources/cli/coze-auth.js' '/usr/bin/coze-auth'",
    )
    expect(scripts.afterRemove.startsWith('#!/bin/bash\n# stock after-remove.tpl\n')).toBe(true)
    expect(scripts.afterRemove).toContain("rm -f '/usr/bin/coze-auth'")
  })

  it("with a built CLI: the scripts are written from electron-builder's own, and it ships", async () => {
    const project = join(scratch, 'with-cli')
    await mkdir(join(project, 'out', 'cli'), { recursive: true })
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'x', bin: { 'coze-auth': './out/cli/coze-auth.js' } }),
    )
    await writeFile(join(project, 'out', 'cli', 'coze-auth.js'), '#!/usr/bin/env node\n')
    await symlink(join(projectDir, 'node_modules'), join(project, 'node_modules'), 'dir')
    const inputs = inputsFromEnvironment(project, {})
    expect(inputs.cliFile).toBe(join(project, 'out', 'cli', 'coze-auth.js'))
    const scripts = inputs.debScripts
    if (!scripts) throw new Error('no deb scripts were written')
    const afterInstall = await readFile(scripts.afterInstall, 'utf8')
    // electron-builder's own step (the app's link in /usr/bin) is still there, then ours.
    expect(afterInstall).toContain("update-alternatives --install '/usr/bin/${executable}'")
    expect(afterInstall.indexOf('update-alternatives')).toBeLessThan(
      afterInstall.indexOf('/usr/bin/coze-auth'),
    )
    expect(await readFile(scripts.afterRemove, 'utf8')).toContain("rm -f '/usr/bin/coze-auth'")
    const config = builderConfig(inputs)
    expect(config.deb).toMatchObject(scripts)
    expectShipsCommandLine(config)
    expect(await validationError(config)).toBeUndefined()
  })

  it("without a built CLI the deb keeps electron-builder's scripts (no afterInstall set)", () => {
    const inputs = inputsFromEnvironment(projectDir, {})
    if (builtCliFile(projectDir)) {
      expect(inputs.debScripts?.afterInstall).toMatch(/after-install\.tpl$/)
    } else {
      expect(inputs.debScripts).toBeUndefined()
      expect(builderConfig(inputs).deb).not.toHaveProperty('afterInstall')
    }
  })
})
