import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { StartedCommand } from '../support/child-process'
import { startCommand } from '../support/child-process'

/**
 * `npm run demo` as a person with no Coze account runs it: started as a child process, it prints
 * an address and tokens to paste; the window says on every screen that it is a demo; the one
 * button signs in with the stand-in's PKCE app (there is no desktop here, so the window shows the
 * consent address, which the test opens as the person would), and the printed PAT is accepted.
 */
interface RunningDemo {
  run: StartedCommand
  address: string
  pat: string
  dataDir: string
}

async function startDemoProcess(): Promise<RunningDemo> {
  const dataDir = await mkdtemp(join(tmpdir(), 'coze-e2e-demo-'))
  // No desktop: the demo prints its address and opens nothing. The window was built by npm test.
  const run = startCommand('npm', ['run', 'demo', '--', '--data-dir', dataDir], {
    DISPLAY: '',
    WAYLAND_DISPLAY: '',
    COZE_START_NO_BUILD: '1',
  })
  await run.waitFor(/Press Ctrl\+C to stop\./)
  const address = run.output().match(/http:\/\/127\.0\.0\.1:\d+\/#bridge=[\w-]+/)?.[0]
  const pat = run.output().match(/coze\.com\s+PAT (pat_\w+)/)?.[1]
  if (!address || !pat) throw new Error(`the demo printed no address or PAT:\n${run.output()}`)
  return { run, address, pat, dataDir }
}

let demo: RunningDemo

test.beforeEach(async () => {
  demo = await startDemoProcess()
})

test.afterEach(async () => {
  demo.run.pressCtrlC()
  await demo.run.exited
  await rm(demo.dataDir, { recursive: true, force: true })
})

test('npm run demo: the demo notice on every screen, the one button with its PKCE app, and its PAT', async ({
  page,
  context,
}) => {
  await page.goto(demo.address)
  const notice = page.getByTestId('demo-notice')
  await expect(notice).toContainText('not to Coze')
  // The stand-in's tokens stay in memory on purpose; the demo notice says so instead.
  await expect(page.getByTestId('storage-warning-memory')).toHaveCount(0)

  // The one button uses the demo's ready-made PKCE app. With no desktop to open a browser on, the
  // window says so and shows the consent address: the person opens it themselves.
  await page.getByTestId('empty-sign-in').click()
  await expect(page.getByTestId('sign-in-waiting')).toBeVisible()
  await expect(notice).toBeVisible()
  await expect(page.getByTestId('browser-open-note')).toHaveAttribute('data-browser', 'failed')
  const consentAddress = await page.getByTestId('authorize-url').getAttribute('href')
  expect(consentAddress).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
  const browserTab = await context.newPage()
  await browserTab.goto(consentAddress ?? '')
  await browserTab.locator('#approve').click()
  await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
  await expect(notice).toBeVisible()

  // The PAT the demo printed, pasted as a person would.
  await page.getByTestId('nav-add-account').click()
  await expect(notice).toBeVisible()
  await page.getByTestId('way-paste').click()
  await page.getByTestId('paste-token').fill(demo.pat)
  await page.getByTestId('add-pasted-token').click()
  await expect(page.getByTestId('account-detail')).toBeVisible()
  await page.getByTestId('nav-accounts').click()
  await expect(page.locator('[data-testid="account-row"]')).toHaveCount(2)

  await page.getByTestId('nav-settings').click()
  await expect(notice).toBeVisible()
  // In Chinese too.
  await page.getByTestId('settings-language').selectOption('zh-CN')
  await expect(notice).toContainText('而不是扣子')
})
