import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js'
import type { FuseConfig } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import builderConfigFile from '../../build/electron-builder.config'
import type { FusesContext } from '../../build/fuses'
import { createAfterPack, fuseConfig, fuseSettings } from '../../build/fuses'

/** What electron-builder hands afterPack, for one platform (arch by its enum number). */
function packContext(platform: string, arch: number): FusesContext {
  return {
    appOutDir: `/tmp/pack/${platform}`,
    electronPlatformName: platform,
    arch,
    packager: {
      appInfo: { productFilename: 'Coze Auth Companion' },
      executableName: 'coze-auth-companion',
    },
  }
}

/** A flip function that only records what the hook asked of it. */
function recordingFlip() {
  const calls: { executable: string; config: FuseConfig }[] = []
  const flip = async (executable: string, config: FuseConfig): Promise<number> => {
    calls.push({ executable, config })
    return 0
  }
  return { calls, flip }
}

const byName = (config: FuseConfig): Record<string, boolean | undefined> => {
  const named: Record<string, boolean | undefined> = {}
  for (const [key, value] of Object.entries(config)) {
    const index = Number(key)
    if (Number.isInteger(index)) named[FuseV1Options[index] as string] = value as boolean
  }
  return named
}

describe('the afterPack hook flips the fuses the issue names', () => {
  it.each([
    ['linux', 1, '/tmp/pack/linux/coze-auth-companion', false],
    ['win32', 1, '/tmp/pack/win32/Coze Auth Companion.exe', false],
    [
      'darwin',
      1,
      '/tmp/pack/darwin/Coze Auth Companion.app/Contents/MacOS/Coze Auth Companion',
      false,
    ],
    [
      'darwin',
      3,
      '/tmp/pack/darwin/Coze Auth Companion.app/Contents/MacOS/Coze Auth Companion',
      true,
    ],
  ])(
    '%s (arch %i): the packed executable, with the settings',
    async (platform, arch, path, reset) => {
      const { calls, flip } = recordingFlip()
      await createAfterPack(flip)(packContext(platform, arch))
      expect(calls).toHaveLength(1)
      const [call] = calls
      expect(call?.executable).toBe(path)
      expect(call?.config.version).toBe(FuseVersion.V1)
      expect(call?.config.resetAdHocDarwinSignature).toBe(reset)
      expect(byName(call!.config)).toEqual({
        RunAsNode: false,
        EnableNodeOptionsEnvironmentVariable: false,
        EnableNodeCliInspectArguments: false,
        GrantFileProtocolExtraPrivileges: false,
        EnableEmbeddedAsarIntegrityValidation: true,
        OnlyLoadAppFromAsar: true,
        EnableCookieEncryption: true,
      })
    },
  )

  it('the settings are one object, and fuseConfig is a pure function of the platform', () => {
    expect(fuseConfig('linux', 'x64')).toEqual(fuseConfig('linux', 'x64'))
    expect(Object.keys(fuseSettings)).toHaveLength(7)
    // Every name is one @electron/fuses knows: a typo would set nothing.
    for (const name of Object.keys(fuseSettings)) {
      expect(FuseV1Options[name as keyof typeof FuseV1Options], name).toBeTypeOf('number')
    }
  })

  it('a failed flip fails the pack (no installer with the fuses left as they were)', async () => {
    const hook = createAfterPack(async () => {
      throw new Error('not an Electron binary')
    })
    await expect(hook(packContext('linux', 1))).rejects.toThrow('not an Electron binary')
  })

  it('the configuration electron-builder loads runs that hook', () => {
    expect(builderConfigFile().afterPack).toBeTypeOf('function')
  })
})

describe('with @electron/fuses itself, on a file shaped like an Electron binary', () => {
  // An Electron executable carries its fuse wire after a sentinel: a version byte, a length
  // byte and one byte per fuse ('0' off, '1' on). Electron 45's wire is longer than the eight
  // fuses @electron/fuses 1.8 names; the ninth must be left as it is.
  const before = randomBytes(4096)
  const after = randomBytes(4096)
  // Electron's defaults: RunAsNode on, cookies off, NODE_OPTIONS on, --inspect on, asar
  // integrity off, asar only off, V8 snapshot off, file:// privileges on, and a ninth fuse.
  const defaults = '101100010'

  it('the hook with the real flipFuses leaves the wire as configured, and nothing else changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coze-fuses-'))
    try {
      const executable = join(dir, 'coze-auth-companion')
      const wire = Buffer.from([1, defaults.length, ...Buffer.from(defaults, 'ascii')])
      const original = Buffer.concat([before, Buffer.from(SENTINEL, 'ascii'), wire, after])
      await writeFile(executable, original)
      await createAfterPack(flipFuses)({ ...packContext('linux', 1), appOutDir: dir })

      const read = await getCurrentFuseWire(executable)
      const named: Record<string, boolean> = {}
      for (const name of Object.keys(fuseSettings) as (keyof typeof fuseSettings)[]) {
        named[name] = read[FuseV1Options[name]] === FuseState.ENABLE
      }
      expect(named).toEqual({
        RunAsNode: false,
        EnableNodeOptionsEnvironmentVariable: false,
        EnableNodeCliInspectArguments: false,
        GrantFileProtocolExtraPrivileges: false,
        EnableEmbeddedAsarIntegrityValidation: true,
        OnlyLoadAppFromAsar: true,
        EnableCookieEncryption: true,
      })
      // The fuses the app does not set keep Electron's defaults.
      expect(read[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE)
      expect((read as Record<number, number>)[8]).toBe(FuseState.DISABLE)
      // Only the wire's bytes changed.
      const flipped = await readFile(executable)
      expect(flipped.length).toBe(original.length)
      expect(flipped.subarray(0, before.length)).toEqual(before)
      expect(flipped.subarray(flipped.length - after.length)).toEqual(after)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
