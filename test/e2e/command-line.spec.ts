import { execFileSync, spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { expect, openWindow, test } from './fixtures'
import { addPatDirectly } from './flows'

/*
 * The window and `coze-auth` together: the account view's command line, and the question the
 * window asks before the command gets a token once the person turned that on in Settings.
 */
const root = resolve(import.meta.dirname, '../..')

test.beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root })
})

function coze(args: string[], dataDir: string) {
  const child = spawn(
    process.execPath,
    [join(root, 'out/cli/coze-auth.js'), ...args, '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, LANG: 'en_US.UTF-8', COZE_AUTH_DEMO: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((settle) =>
    child.once('close', (code) => settle({ code, stdout, stderr })),
  )
  return { done, stderr: () => stderr }
}

test('the account view shows its coze-auth line, and the window allows or denies a token', async ({
  page,
  hostApp,
  sandbox,
}) => {
  const socket = hostApp.commandLine?.path
  if (!socket) throw new Error('the browser host serves no command-line socket')
  const dataDir = dirname(socket)
  const account = await addPatDirectly(hostApp, sandbox)
  await openWindow(page, hostApp)
  await page.locator(`[data-testid="account-row"][data-account-id="${account.id}"]`).click()
  const line = page.getByTestId('command-line-token-text')
  // The sandbox's name for it has spaces and brackets: quoted for the shell.
  expect(account.label).toBe('Alice Example (coze.com)')
  await expect(line).toHaveText(`coze-auth token 'Alice Example (coze.com)'`)
  await expect(page.getByTestId('copy-command-line')).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/command-line-account-view.png' })

  // Off by default: the command gets its token without a question.
  const plain = await coze(['token', account.id], dataDir).done
  expect(plain.code, plain.stderr).toBe(0)
  expect(plain.stdout.trim()).toBe(sandbox.regions.com.pat)

  await page.getByTestId('nav-settings').click()
  const ask = page.getByTestId('settings-ask-before-command-line-token')
  await ask.check()
  await expect(page.getByTestId('settings-saved')).toHaveText('Saved')
  await page.getByTestId('nav-accounts').click()

  const allowed = coze(['token', account.id], dataDir)
  const question = page.getByTestId('command-line-approval')
  await expect(question).toBeVisible()
  await expect(question).toContainText(account.label)
  await expect(question).toContainText('through coze-auth')
  await page.screenshot({ path: 'test-results/screens/command-line-approval.png' })
  await question.getByTestId('command-line-approval-allow').click()
  const given = await allowed.done
  expect(given.code, given.stderr).toBe(0)
  expect(given.stdout.trim()).toBe(sandbox.regions.com.pat)
  await expect(question).toBeHidden()

  const denied = coze(['token', account.id], dataDir)
  await expect(question).toBeVisible()
  await question.getByTestId('command-line-approval-deny').click()
  const refused = await denied.done
  expect(refused.code).toBe(9)
  expect(refused.stdout).toBe('')
})
