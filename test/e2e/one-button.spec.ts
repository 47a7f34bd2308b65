import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { expect, openWindow, test } from './fixtures'
import { registeredRedirectUri, waitForAccounts, writeOAuthConfig } from './flows'

/**
 * The path of a person who is not a developer, when the organisation shipped its app with the
 * companion: the empty window's one button, the browser, "approve", and the account is there.
 * Nothing to pick, import or type.
 */
test('a shipped app: one click, approve in the browser, done', async ({
  page,
  context,
  sandbox,
  launcher,
  clipboard,
  workDir,
}) => {
  const pkceApp = sandbox.regions.com.apps.pkce
  const redirectUri = await registeredRedirectUri(sandbox, 'pkce')
  const profilesDir = join(workDir, 'profiles')
  await mkdir(profilesDir)
  await writeOAuthConfig(
    profilesDir,
    { client_type: 'pkce', client_id: pkceApp.clientId, redirect_uris: [redirectUri] },
    'company-app.json',
  )
  const dataDir = await mkdtemp(join(tmpdir(), 'coze-e2e-shipped-'))
  const app = await startBrowserHostApp({
    port: 0,
    dataDir,
    browser: launcher,
    clipboard,
    bundledProfilesDir: profilesDir,
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
  try {
    await openWindow(page, app)
    await expect(page.getByTestId('empty-sign-in-how')).toContainText('coze.com')
    // One click: the browser opens on the consent page, and the window says it waits.
    const opened = launcher.next()
    await page.getByTestId('empty-sign-in').click()
    await expect(page.getByTestId('sign-in-waiting')).toBeVisible()
    await expect(page.getByTestId('sign-in-card')).toHaveAttribute(
      'data-profile-id',
      'bundled:company-app',
    )
    const browserTab = await context.newPage()
    await browserTab.goto(await opened)
    await browserTab.locator('#approve').click()

    await expect(page.getByTestId('account-detail')).toBeVisible({ timeout: 15_000 })
    const [account] = await waitForAccounts(app, 1)
    expect(account).toMatchObject({ method: 'pkce', region: 'com', status: 'active' })
    await expect(page.getByTestId('detail-label')).toHaveText(account!.label)
    await expect(page.locator('[data-testid="account-row"]')).toHaveCount(1)
  } finally {
    await app.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
})
