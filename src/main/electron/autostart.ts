/**
 * "Launch at login". Electron's `app.setLoginItemSettings` only does something on macOS and
 * Windows; elsewhere (Linux and the BSDs) desktops start what the XDG autostart folder lists, so
 * the app writes (or removes) its own .desktop file there.
 */
import { rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { app } from 'electron'
import { writeFileAtomic } from '../core/vault/atomic-file'

export const autostartFileName = 'coze-auth-companion.desktop'

/** What applying the setting needs from Electron and the OS; tests pass their own. */
export interface LaunchAtLoginHost {
  platform: NodeJS.Platform
  setLoginItemSettings(settings: { openAtLogin: boolean }): void
  /** The command that starts this app, the executable first. */
  command(): string[]
  env: NodeJS.ProcessEnv
  homeDir: string
}

export function electronLaunchAtLoginHost(): LaunchAtLoginHost {
  return {
    platform: process.platform,
    setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
    command: () =>
      launchCommand({
        isPackaged: app.isPackaged,
        execPath: process.execPath,
        appPath: app.getAppPath(),
        env: process.env,
      }),
    env: process.env,
    homeDir: homedir(),
  }
}

/** Turns starting at login on or off the way the platform expects. */
export async function applyLaunchAtLogin(
  enabled: boolean,
  host: LaunchAtLoginHost = electronLaunchAtLoginHost(),
): Promise<void> {
  if (host.platform === 'darwin' || host.platform === 'win32') {
    host.setLoginItemSettings({ openAtLogin: enabled })
    return
  }
  const path = join(autostartDir(host.env, host.homeDir), autostartFileName)
  if (enabled) {
    // Written at every start as well, so a moved or updated app is still the one that starts.
    await writeFileAtomic(path, autostartDesktopEntry(host.command()), 0o644)
  } else {
    await rm(path, { force: true })
  }
}

/**
 * How to start this app again. A packaged app is its executable, except in an AppImage, whose
 * executable lives in a mount that changes at every run: `APPIMAGE` names the file itself. In
 * development the executable is Electron, which needs the app's folder.
 */
export function launchCommand(options: {
  isPackaged: boolean
  execPath: string
  appPath: string
  env: NodeJS.ProcessEnv
}): string[] {
  if (!options.isPackaged) return [options.execPath, options.appPath]
  const appImage = options.env.APPIMAGE
  return [appImage && isAbsolute(appImage) ? appImage : options.execPath]
}

/** `$XDG_CONFIG_HOME/autostart`; the spec says to ignore an empty or relative value. */
export function autostartDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME
  return join(
    configHome && isAbsolute(configHome) ? configHome : join(homeDir, '.config'),
    'autostart',
  )
}

export function autostartDesktopEntry(command: readonly string[]): string {
  const exec = command.map((argument) => quoteExecArgument(argument)).join(' ')
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Coze Auth Companion',
    'Comment=Keeps your Coze tokens fresh',
    `Exec=${escapeStringValue(exec)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/** The characters the Desktop Entry spec reserves in `Exec`: an argument with one is quoted. */
const reservedInExec = /[\s"'\\><~|&;$*?#()`]/

/**
 * One `Exec` argument, per the Desktop Entry spec: `%` is doubled (it starts a field code), and an
 * argument with a reserved character goes in double quotes, inside which `"`, `` ` ``, `$` and `\`
 * take a backslash.
 */
export function quoteExecArgument(argument: string): string {
  const percentSafe = argument.replaceAll('%', '%%')
  if (argument !== '' && !reservedInExec.test(argument)) return percentSafe
  return `"${percentSafe.replace(/["`$\\]/g, '\\$&')}"`
}

/**
 * The escapes of every string value, applied after the quoting: a key file reader unescapes them
 * first, so the backslash of a quoted `\$` must be written `\\$`, and a line break must not end
 * the line.
 */
function escapeStringValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
}
