/**
 * How the installers are made (electron-builder). `npm run dist` (scripts/dist.ts) checks its
 * inputs first and passes them here through the environment:
 *
 * - COZE_PACKAGING_PROFILES_DIR: the validated ready-made app profiles to ship (default
 *   build/profiles), read by the app from `resources/profiles`;
 * - COZE_UPDATE_URL: the organisation's update server (electron-updater's generic provider).
 *   Without it no `app-update.yml` is written and the packaged app never looks for updates.
 *
 * Everything is a pure function of those inputs (`builderConfig`), so a test can check the
 * result with electron-builder's own schema validation.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Configuration } from 'electron-builder'
import { createAfterPack } from './fuses'
import { createAfterSign } from './notarize'

export const appId = 'com.coze.auth-companion'
export const productName = 'Coze Auth Companion'
/** The Linux executable and deb package name (also what `/usr/bin` links to). */
export const linuxExecutable = 'coze-auth-companion'
/** The command-line tool's name on PATH, and where the deb finds it inside the app. */
export const cliCommand = 'coze-auth'
export const cliResource = 'cli/coze-auth.js'
/** What of the command's folder ships. */
export const cliFolderFiles = ['*.js', 'chunks/*.js']
/** What of its node_modules ships: the keychain's native package (not a build's `.tmp` copy). */
export const cliNativeModules = ['@napi-rs/keyring-*/**', '!@napi-rs/*.tmp/**']

/**
 * Dependencies only the window uses: Vite bundles them into out/renderer, so their packages
 * (Vue's compiler among them, 20 MB) have no place in the installer.
 */
export const rendererOnlyDependencies = ['vue', 'pinia', 'uqr']

type Manifest = {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

/**
 * The installed packages that only `rendererOnlyDependencies` need: every package reachable
 * from them, less every package reachable from the other dependencies (which main loads). Read
 * from node_modules as npm laid it out (hoisted; a nested copy goes with its parent's folder).
 */
export function rendererOnlyPackages(projectDir: string): string[] {
  const manifestOf = (name: string): Manifest | undefined => {
    try {
      return JSON.parse(
        readFileSync(join(projectDir, 'node_modules', name, 'package.json'), 'utf8'),
      ) as Manifest
    } catch {
      return undefined
    }
  }
  const reachable = (roots: readonly string[]): Set<string> => {
    const seen = new Set<string>()
    const queue = [...roots]
    for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
      if (seen.has(name)) continue
      const manifest = manifestOf(name)
      if (!manifest) continue
      seen.add(name)
      queue.push(...Object.keys(manifest.dependencies ?? {}))
      queue.push(...Object.keys(manifest.optionalDependencies ?? {}))
    }
    return seen
  }
  const project = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Manifest
  const mainDependencies = Object.keys(project.dependencies ?? {}).filter(
    (name) => !rendererOnlyDependencies.includes(name),
  )
  const neededByMain = reachable(mainDependencies)
  return [...reachable(rendererOnlyDependencies)].filter((name) => !neededByMain.has(name)).sort()
}

export interface PackagingInputs {
  projectDir: string
  /** A folder of validated `*.json` profiles to ship as `resources/profiles`. */
  profilesDir: string
  /** https:// address of the update server's folder (latest.yml and the installers). */
  updateUrl?: string
  /** The built `coze-auth` CLI (package.json `bin`), when it exists at build time. */
  cliFile?: string
  /** The deb's install and remove scripts that also link `coze-auth` (see debScripts). */
  debScripts?: { afterInstall: string; afterRemove: string }
  /** An Electron already on this machine (node_modules/electron/dist), instead of a download. */
  electronDist?: string
  /** node_modules packages left out of the asar (see rendererOnlyPackages). */
  leaveOut?: readonly string[]
}

const afterSign = createAfterSign({ env: process.env })

export function builderConfig(inputs: PackagingInputs): Configuration {
  const fromProject = (path: string): string => relative(inputs.projectDir, path) || '.'
  const extraResources: NonNullable<Configuration['extraResources']> = [
    { from: fromProject(inputs.profilesDir), to: 'profiles', filter: ['*.json'] },
    { from: 'build/tray', to: 'tray', filter: ['*.png'] },
  ]
  // The command's folder (build-cli.mjs): the command, the chunks it loads on demand and the
  // keychain's native module, which plain Node cannot load from inside the app's asar. The
  // modules are an entry of their own: electron-builder skips a folder named node_modules met
  // inside an entry's folder, whatever its filter says.
  if (inputs.cliFile) {
    const folder = dirname(inputs.cliFile)
    extraResources.push(
      { from: fromProject(folder), to: dirname(cliResource), filter: cliFolderFiles },
      {
        from: fromProject(join(folder, 'node_modules')),
        to: join(dirname(cliResource), 'node_modules'),
        filter: cliNativeModules,
      },
    )
  }

  return {
    appId,
    productName,
    copyright: 'Copyright © Coze Auth Companion contributors',
    directories: { output: 'dist', buildResources: 'build' },
    // Only the build: the sources, tests and tools stay out. Dependencies come from package.json.
    files: [
      'out/**/*',
      '!out/**/*.map',
      '!out/packaging/**',
      'package.json',
      ...(inputs.leaveOut ?? []).map((name) => `!node_modules/${name}{,/**/*}`),
    ],
    asar: true,
    // The keychain module's native library is loaded from the file system, not from the asar.
    asarUnpack: ['**/*.node'],
    // @napi-rs/keyring ships prebuilt for each platform: nothing to compile for Electron.
    npmRebuild: false,
    ...(inputs.electronDist ? { electronDist: inputs.electronDist } : {}),
    extraResources,
    // The fuses are flipped before signing, so that the signature covers the flipped binary.
    afterPack: createAfterPack(),
    afterSign: async (context) => {
      await afterSign(context)
    },
    // No address: no app-update.yml in the package, so electron-updater has nothing to check.
    publish: inputs.updateUrl ? [{ provider: 'generic', url: inputs.updateUrl }] : null,

    win: {
      // For the machine's own architecture: the keychain module's native part is installed for
      // that one only (npm picks @napi-rs/keyring's prebuilt package by platform and CPU).
      target: ['nsis'],
      icon: 'build/icon.png',
      // electron-updater checks a downloaded installer's Authenticode signature against the
      // publisher of this build before it runs it; that check stays on.
      verifyUpdateCodeSignature: true,
    },
    nsis: {
      // Per user, in the user's own programs folder: no administrator, no elevation prompt.
      oneClick: true,
      perMachine: false,
      allowElevation: false,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: productName,
      deleteAppDataOnUninstall: false,
    },

    mac: {
      // The zip is what electron-updater downloads on macOS; the dmg is for people.
      target: ['dmg', 'zip'],
      icon: 'build/icon.png',
      category: 'public.app-category.developer-tools',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      // Notarised by afterSign (build/notarize.ts), only where credentials are given.
      notarize: false,
    },
    dmg: { sign: false },

    linux: {
      target: ['AppImage', 'deb'],
      icon: 'build/icon.png',
      category: 'Development',
      executableName: linuxExecutable,
      synopsis: 'Sign in to the Coze OpenAPI and keep your tokens fresh',
      description:
        'Signs you in to the Coze OpenAPI on coze.com and coze.cn and keeps your tokens fresh.',
      maintainer: 'Coze Auth Companion contributors <noreply@coze-auth-companion.invalid>',
      desktop: {
        entry: {
          Name: productName,
          'Name[zh_CN]': 'Coze 登录助手',
          Comment: 'Sign in to the Coze OpenAPI and copy fresh tokens',
          'Comment[zh_CN]': '登录 Coze OpenAPI，随时复制有效的令牌',
          Categories: 'Development;Utility;',
          Keywords: 'coze;oauth;token;api;',
          StartupWMClass: productName,
          Terminal: 'false',
        },
      },
    },
    appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
    deb: {
      packageName: linuxExecutable,
      // Electron's own runtime libraries on Debian and Ubuntu, plus the Secret Service client.
      depends: [
        'libgtk-3-0',
        'libnotify4',
        'libnss3',
        'libxss1',
        'libxtst6',
        'xdg-utils',
        'libatspi2.0-0',
        'libuuid1',
        'libsecret-1-0',
      ],
      ...(inputs.debScripts ?? {}),
    },
  }
}

const debScriptTemplates = {
  afterInstall: 'after-install.tpl',
  afterRemove: 'after-remove.tpl',
} as const

/**
 * The deb's scripts when the CLI is shipped: electron-builder's own (they link the app into
 * /usr/bin and set up its sandbox helper), followed by a link for `coze-auth`. They keep
 * electron-builder's `${…}` placeholders, which it fills in when it packs.
 */
export function debScripts(
  stockTemplate: (name: string) => string,
): Record<keyof typeof debScriptTemplates, string> {
  const target = `/opt/\${sanitizedProductName}/resources/${cliResource}`
  const link = `/usr/bin/${cliCommand}`
  return {
    afterInstall: [
      stockTemplate(debScriptTemplates.afterInstall).trimEnd(),
      '',
      `# ${cliCommand}, the command line of the same app.`,
      `if [ -f '${target}' ]; then`,
      `  chmod 0755 '${target}' || true`,
      `  ln -sf '${target}' '${link}'`,
      'fi',
      '',
    ].join('\n'),
    afterRemove: [
      stockTemplate(debScriptTemplates.afterRemove).trimEnd(),
      '',
      `if [ -L '${link}' ] && [ "$(readlink '${link}')" = '${target}' ]; then`,
      `  rm -f '${link}'`,
      'fi',
      '',
    ].join('\n'),
  }
}

/** The `coze-auth` file that package.json's `bin` names, if it has been built. */
export function builtCliFile(projectDir: string): string | undefined {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>
  }
  const path = typeof manifest.bin === 'object' ? manifest.bin[cliCommand] : undefined
  if (!path) return undefined
  const file = resolve(projectDir, path)
  return existsSync(file) ? file : undefined
}

/** The inputs of a real build, read from the environment that scripts/dist.ts sets. */
export function inputsFromEnvironment(
  projectDir: string,
  env: Readonly<Record<string, string | undefined>>,
): PackagingInputs {
  const cliFile = builtCliFile(projectDir)
  const electronDist = join(projectDir, 'node_modules', 'electron', 'dist')
  const inputs: PackagingInputs = {
    projectDir,
    profilesDir: env.COZE_PACKAGING_PROFILES_DIR
      ? resolve(env.COZE_PACKAGING_PROFILES_DIR)
      : join(projectDir, 'build', 'profiles'),
    ...(env.COZE_UPDATE_URL ? { updateUrl: env.COZE_UPDATE_URL } : {}),
    ...(existsSync(electronDist) ? { electronDist } : {}),
    leaveOut: rendererOnlyPackages(projectDir),
  }
  if (cliFile) {
    const templates = join(projectDir, 'node_modules', 'app-builder-lib', 'templates', 'linux')
    const scripts = debScripts((name) => readFileSync(join(templates, name), 'utf8'))
    const outDir = join(projectDir, 'out', 'packaging', 'deb')
    mkdirSync(outDir, { recursive: true })
    const afterInstall = join(outDir, debScriptTemplates.afterInstall)
    const afterRemove = join(outDir, debScriptTemplates.afterRemove)
    writeFileSync(afterInstall, scripts.afterInstall)
    writeFileSync(afterRemove, scripts.afterRemove)
    inputs.cliFile = cliFile
    inputs.debScripts = { afterInstall, afterRemove }
  }
  return inputs
}

/** electron-builder calls this when it loads the file; importing it (tests) does nothing. */
export default function config(): Configuration {
  const projectDir = fileURLToPath(new URL('..', import.meta.url))
  return builderConfig(inputsFromEnvironment(projectDir, process.env))
}
