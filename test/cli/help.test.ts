/**
 * The command line's own conventions, as a person meets them: --help for each command, the exit
 * codes documented where the README and --help say, completion scripts a shell accepts, messages
 * in the system's language, and no colour in a pipe.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { exitCodes } from '../../src/cli/exit-codes'
import { commandNames } from '../../src/cli/help'
import { newStoreDir } from '../support/store-dirs'
import { buildCli, repositoryRoot, runCli } from './cli-harness'

// Each test runs the command several times, each a whole Node process: many seconds on a busy
// two-core machine, which is no fault of the command.
vi.setConfig({ testTimeout: 90_000 })

beforeAll(() => buildCli(), 60_000)

const root = newStoreDir('cli-help')
const env = {
  LANG: 'en_US.UTF-8',
  LC_ALL: undefined,
  XDG_DATA_HOME: join(root, 'data'),
  XDG_CONFIG_HOME: join(root, 'config'),
  COZE_AUTH_DEMO: undefined,
}

function hasShell(shell: string): boolean {
  return spawnSync(shell, ['-c', 'true']).status === 0
}

describe('coze-auth --help and the exit codes', () => {
  it.each(commandNames.filter((name) => name !== 'help'))('%s --help explains it', async (name) => {
    const result = await runCli([name, '--help'], env)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`coze-auth ${name}`)
    expect(result.stderr).toBe('')
  })

  it('lists every exit code in --help and in the README', async () => {
    const help = (await runCli(['--help'], env)).stdout
    const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8')
    for (const code of Object.values(exitCodes)) {
      expect(help).toMatch(new RegExp(`^  ${code} +\\S`, 'm'))
      expect(readme).toMatch(new RegExp(`^\\| ${code} +\\| \\S`, 'm'))
    }
    expect((await runCli(['token', '--help'], env)).stdout).toContain('Exit codes:')
  })

  it('refuses an unknown command or option as a usage error', async () => {
    const command = await runCli(['tokens'], env)
    expect(command.code).toBe(exitCodes.usage)
    expect(command.stderr).toContain('"tokens" is not a coze-auth command')
    const option = await runCli(['list', '--jsn'], env)
    expect(option.code).toBe(exitCodes.usage)
    expect(option.stderr).toContain('The command line is not right')
    expect(option.stderr).toContain('coze-auth list --help')
    const zh = await runCli(['token', '--format', 'yaml'], { ...env, LANG: 'zh_CN.UTF-8' })
    expect(zh.code).toBe(exitCodes.usage)
    expect(zh.stderr).toContain(
      '--format 只能是 raw、export、header、curl、env 之一，而不是 "yaml"',
    )
  })
})

describe('coze-auth completion', () => {
  it.each(['bash', 'zsh', 'fish'])('prints a %s script the shell accepts', async (shell) => {
    const result = await runCli(['completion', shell], env)
    expect(result.code).toBe(0)
    for (const name of ['token', 'run', 'login', 'refresh']) expect(result.stdout).toContain(name)
    if (hasShell(shell)) {
      const check = spawnSync(shell, shell === 'fish' ? ['--no-execute'] : ['-n'], {
        input: result.stdout,
      })
      expect(check.status, check.stderr.toString()).toBe(0)
    }
    if (shell === 'bash') {
      // Loaded into bash, it completes the commands.
      const words = execFileSync('bash', [
        '-c',
        `${result.stdout}\nCOMP_WORDS=(coze-auth to); COMP_CWORD=1; _coze_auth; echo "\${COMPREPLY[@]}"`,
      ]).toString()
      expect(words.trim()).toBe('token')
    }
  })

  it('refuses a shell it does not know', async () => {
    expect((await runCli(['completion', 'tcsh'], env)).code).toBe(exitCodes.usage)
  })
})

describe('the terminal conventions', () => {
  it('speaks Chinese where the system does', async () => {
    const result = await runCli(['tokens'], { ...env, LANG: 'zh_CN.UTF-8' })
    expect(result.code).toBe(exitCodes.usage)
    expect(result.stderr).toContain('不是 coze-auth 的命令')
    expect(result.stderr).toContain('请查看 "coze-auth --help"')
  })
})
