/**
 * Electron's fuses, flipped in the packaged binary before it is signed (electron-builder's
 * afterPack). Each closes a way for another local program to run its own code as this app, and
 * so to read the secrets that safeStorage keeps under the app's identity.
 */
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'
import type { FuseConfig } from '@electron/fuses'
import type { AfterPackContext } from 'electron-builder'

/** The fuses this app sets, by name; every other fuse keeps Electron's default. */
export const fuseSettings = {
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node that runs any script.
  RunAsNode: false,
  // NODE_OPTIONS=--require … would load any file into the app's main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect would let a debugger attach to the main process.
  EnableNodeCliInspectArguments: false,
  // The window is served over app:// (src/main/electron/app-protocol.ts): file:// gets nothing.
  GrantFileProtocolExtraPrivileges: false,
  // The app's code is the asar that was signed, and nothing else.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  EnableCookieEncryption: true,
} as const satisfies Partial<Record<keyof typeof FuseV1Options, boolean>>

/**
 * What flipFuses is given for a platform: macOS on Apple silicon refuses a binary whose ad-hoc
 * signature no longer matches, so there the signature is renewed after the flip (a real
 * signature comes later, at the signing step).
 */
export function fuseConfig(platform: string, arch: string): FuseConfig {
  const config: FuseConfig = {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
  }
  for (const [name, value] of Object.entries(fuseSettings)) {
    config[FuseV1Options[name as keyof typeof FuseV1Options]] = value
  }
  return config
}

/** The part of electron-builder's context the hook reads (tests build one by hand). */
export type FusesContext = Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName'> & {
  arch: number
  packager: {
    appInfo: { productFilename: string }
    /** Linux only (LinuxPackager): `linux.executableName` of the configuration. */
    executableName?: string
  }
}

/** electron-builder's Arch enum, by number (its values are fixed: ia32 0, x64 1, …). */
const archNames = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']

/** The Electron executable inside what electron-builder just packed. */
export function packedExecutable(context: FusesContext): string {
  const { appOutDir, electronPlatformName, packager } = context
  const name = packager.appInfo.productFilename
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return `${appOutDir}/${name}.app/Contents/MacOS/${name}`
    case 'win32':
      return `${appOutDir}/${name}.exe`
    default:
      return `${appOutDir}/${packager.executableName ?? name}`
  }
}

export type FlipFuses = (executable: string, config: FuseConfig) => Promise<unknown>

/** The afterPack hook; `flip` is @electron/fuses' own, or a recording one in tests. */
export function createAfterPack(flip: FlipFuses = flipFuses) {
  return async (context: FusesContext): Promise<void> => {
    const platform = context.electronPlatformName
    const arch = archNames[context.arch] ?? String(context.arch)
    await flip(packedExecutable(context), fuseConfig(platform, arch))
  }
}
