/**
 * `coze-auth --demo` with the real `npm run demo` (scripts/demo.ts) running in a child process:
 * the command finds the demo through the description it writes in its folder, talks to the demo
 * app over its socket, says on stderr that it is a demo, and says what to do once it has stopped.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCommand } from '../support/child-process'
import type { StartedCommand } from '../support/child-process'
import { buildCli, runCli } from './cli-harness'

// Not among the scanned store folders: the demo's stand-in writes its demo keys in its folder.
const root = mkdtempSync(join(tmpdir(), 'coze-cli-demo-'))
const env = {
  XDG_DATA_HOME: join(root, 'data'),
  XDG_CONFIG_HOME: join(root, 'config'),
  LANG: 'en_US.UTF-8',
  DISPLAY: undefined,
  WAYLAND_DISPLAY: undefined,
  COZE_AUTH_DEMO_DIR: undefined,
}
let demo: StartedCommand | undefined

beforeAll(() => buildCli(), 60_000)
afterAll(() => demo?.kill())

describe('coze-auth --demo', () => {
  it('uses the running demo, says so each time, and says how to start one', async () => {
    demo = startCommand(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      ...env,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
    })
    await demo.waitFor(/Press Ctrl\+C to stop/)
    const pat = (await demo.waitFor(/coze\.com +PAT (\S+)/))[1] ?? ''

    const status = await runCli(['status', '--json', '--demo'], env)
    expect(status.code, status.stderr).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({
      appRunning: true,
      demo: true,
      host: 'browser',
    })
    expect(status.stderr).toMatch(
      /^Demo: talking to the local stand-in for Coze \(http:\/\/127\.0\.0\.1:\d+/m,
    )

    const login = await runCli(
      ['login', '--pat', '--label', 'demo-pat'],
      { ...env, COZE_AUTH_DEMO: '1' },
      pat,
    )
    expect(login.code, login.stderr).toBe(0)
    expect(login.stderr).toContain('Demo: talking to the local stand-in for Coze')
    const token = await runCli(['token', 'demo-pat', '--demo'], env)
    expect(token.stdout).toBe(`${pat}\n`)
    expect(token.stderr).toContain('Demo: talking to the local stand-in for Coze')

    demo.pressCtrlC()
    await demo.exited
    const after = await runCli(['list', '--demo'], env)
    expect(after.code).toBe(2)
    expect(after.stderr).toContain('Start one with "npm run demo"')
  }, 60_000)
})
