/**
 * Launch at login: the XDG autostart entry (its Exec line quoted per the Desktop Entry spec, read
 * back the way a desktop reads it) and where it goes. Electron is a stand-in: the tests pass their
 * own host.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { LaunchAtLoginHost } from '../../../src/main/electron/autostart'
import { newStoreDir } from '../../support/store-dirs'

vi.mock('electron', () => ({ app: {} }))

const {
  applyLaunchAtLogin,
  autostartDesktopEntry,
  autostartDir,
  autostartFileName,
  launchCommand,
  quoteExecArgument,
} = await import('../../../src/main/electron/autostart')

/**
 * Reads an Exec value back as a desktop does (GLib: the key file's string escapes, then the field
 * codes, then shell-like quoting), to check what was written means the arguments given.
 */
function readExec(value: string): string[] {
  const unescaped = value.replace(/\\([\\snrt])/g, (_m, c: string) =>
    c === '\\' ? '\\' : c === 's' ? ' ' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\t',
  )
  const expanded = unescaped.replace(/%%/g, '%')
  const args: string[] = []
  let current = ''
  let inQuotes = false
  let started = false
  for (let i = 0; i < expanded.length; i += 1) {
    const c = expanded[i] as string
    if (inQuotes) {
      if (c === '\\' && '"`$\\'.includes(expanded[i + 1] ?? '')) {
        current += expanded[i + 1]
        i += 1
      } else if (c === '"') inQuotes = false
      else current += c
    } else if (c === '"') {
      inQuotes = true
      started = true
    } else if (c === ' ') {
      if (started) args.push(current)
      current = ''
      started = false
    } else {
      current += c
      started = true
    }
  }
  if (started) args.push(current)
  return args
}

function execLine(entry: string): string {
  const line = entry.split('\n').find((l) => l.startsWith('Exec='))
  if (!line) throw new Error('no Exec line')
  return line.slice('Exec='.length)
}

describe('quoteExecArgument', () => {
  it('leaves a plain path alone', () => {
    expect(quoteExecArgument('/opt/Coze/coze-auth-companion')).toBe('/opt/Coze/coze-auth-companion')
  })

  it('quotes an argument with a reserved character and escapes inside the quotes', () => {
    expect(quoteExecArgument('/home/me/My Apps/app')).toBe('"/home/me/My Apps/app"')
    expect(quoteExecArgument('/a/$HOME/`x`/"q"/b\\c')).toBe('"/a/\\$HOME/\\`x\\`/\\"q\\"/b\\\\c"')
    expect(quoteExecArgument("/it's")).toBe('"/it\'s"')
    expect(quoteExecArgument('')).toBe('""')
  })

  it('doubles a percent sign, which would start a field code', () => {
    expect(quoteExecArgument('/opt/100%/app')).toBe('/opt/100%%/app')
    expect(quoteExecArgument('/opt/100% sure/app')).toBe('"/opt/100%% sure/app"')
  })
})

describe('autostartDesktopEntry', () => {
  it('writes an application entry that starts the app', () => {
    expect(autostartDesktopEntry(['/usr/lib/electron/electron', '/home/me/src/companion'])).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=Coze Auth Companion',
        'Comment=Keeps your Coze tokens fresh',
        'Exec=/usr/lib/electron/electron /home/me/src/companion',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    )
  })

  it('escapes backslashes twice, as the spec requires ("\\\\$" for a dollar)', () => {
    expect(execLine(autostartDesktopEntry(['/opt/$x']))).toBe('"/opt/\\\\$x"')
    expect(execLine(autostartDesktopEntry(['/opt/a\\b']))).toBe('"/opt/a\\\\\\\\b"')
  })

  it.each([
    [['/opt/Coze Auth Companion/coze-auth-companion']],
    [['/home/me/.local/bin/Coze.AppImage']],
    [['/usr/bin/electron', "/home/o'brien/dev/coze companion"]],
    [['/weird/$PATH/`id`/"quoted"/back\\slash/100%/tab\there']],
    [['/line\nbreak', '#hash', '~tilde', 'a;b|c&d<e>f*g?h(i)j']],
  ])('reads back as the same arguments: %j', (command) => {
    const entry = autostartDesktopEntry(command)
    // One line per key: a line break in a path must not end the Exec line.
    expect(entry.split('\n').filter((l) => l.startsWith('Exec='))).toHaveLength(1)
    expect(readExec(execLine(entry))).toEqual(command)
  })
})

describe('autostartDir', () => {
  it('uses XDG_CONFIG_HOME when it is an absolute path', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe(join('/cfg', 'autostart'))
  })

  it.each([[{}], [{ XDG_CONFIG_HOME: '' }], [{ XDG_CONFIG_HOME: 'relative/cfg' }]])(
    'falls back to ~/.config otherwise: %j',
    (env) => {
      expect(autostartDir(env, '/home/me')).toBe(join('/home/me', '.config', 'autostart'))
    },
  )
})

describe('launchCommand', () => {
  const base = { execPath: '/opt/Coze/coze', appPath: '/opt/Coze/resources/app.asar', env: {} }

  it('is Electron and the app folder in development', () => {
    expect(
      launchCommand({ ...base, isPackaged: false, execPath: '/dev/electron', appPath: '/src' }),
    ).toEqual(['/dev/electron', '/src'])
  })

  it('is the executable alone when packaged', () => {
    expect(launchCommand({ ...base, isPackaged: true })).toEqual(['/opt/Coze/coze'])
  })

  it('is the AppImage file, not its temporary mount, in an AppImage', () => {
    const env = { APPIMAGE: '/home/me/Apps/Coze.AppImage' }
    expect(
      launchCommand({ ...base, isPackaged: true, execPath: '/tmp/.mount_Coze1/coze', env }),
    ).toEqual(['/home/me/Apps/Coze.AppImage'])
  })
})

describe('applyLaunchAtLogin', () => {
  function host(platform: NodeJS.Platform, configHome: string) {
    const loginItems: { openAtLogin: boolean }[] = []
    const value: LaunchAtLoginHost = {
      platform,
      setLoginItemSettings: (settings) => loginItems.push(settings),
      command: () => ['/opt/Coze Auth Companion/coze-auth-companion'],
      env: { XDG_CONFIG_HOME: configHome },
      homeDir: '/nonexistent-home',
    }
    return { value, loginItems }
  }

  it('writes the autostart file on Linux, and removes it again', async () => {
    const configHome = newStoreDir('autostart')
    const { value, loginItems } = host('linux', configHome)
    const file = join(configHome, 'autostart', autostartFileName)

    await applyLaunchAtLogin(true, value)
    expect(readFileSync(file, 'utf8')).toBe(
      autostartDesktopEntry(['/opt/Coze Auth Companion/coze-auth-companion']),
    )
    // Applied again at the next start: rewritten, not an error.
    await applyLaunchAtLogin(true, value)

    await applyLaunchAtLogin(false, value)
    expect(existsSync(file)).toBe(false)
    // Turning off what is already off is not an error either.
    await applyLaunchAtLogin(false, value)
    expect(loginItems).toEqual([])
  })

  it.each(['darwin', 'win32'] as const)('uses the login items on %s', async (platform) => {
    const configHome = newStoreDir('autostart')
    const { value, loginItems } = host(platform, configHome)
    await applyLaunchAtLogin(true, value)
    await applyLaunchAtLogin(false, value)
    expect(loginItems).toEqual([{ openAtLogin: true }, { openAtLogin: false }])
    expect(existsSync(join(configHome, 'autostart'))).toBe(false)
  })
})
