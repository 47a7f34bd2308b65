import type { Page } from '@playwright/test'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import type { AuthMethod } from '../../src/shared/ipc-contract'
import type { RegionName, Sandbox } from '../sandbox'
import { expect, openWindow, test } from './fixtures'
import {
  accountsOf,
  call,
  chooseRegion,
  dateTimeInPage,
  expectProfileSelected,
  importProfileFile,
  openAddAccount,
  openOtherApp,
  pasteToken,
  profileByClientId,
  registeredRedirectUri,
  tokenRequests,
  waitForAccounts,
  writeOAuthConfig,
  writePrivateKey,
} from './flows'
import { expectNoSecret } from './support/secrets'

const fifteenMinutes = 15 * 60 * 1000

function successfulTokenRequests(sandbox: Sandbox) {
  return tokenRequests(sandbox).filter((request) => request.status === 200)
}

/**
 * What every successful sign-in ends with: the window on the accounts screen with the new account
 * open, showing who signed in, the workspaces main read, and the access token's expiry. Checked
 * against main's stored account and the sandbox's own data, and the token itself never in the page.
 */
async function expectAccountShown(
  page: Page,
  app: BrowserHostApp,
  sandbox: Sandbox,
  expected: { method: AuthMethod; region?: RegionName; accessExpiresAt?: 'oauth' | number },
) {
  // A service (JWT) token acts for the app, not a person: there is nobody to name.
  const actsForPerson = expected.method !== 'jwt'
  const region = expected.region ?? 'com'
  const detail = page.getByTestId('account-detail')
  await expect(detail).toBeVisible({ timeout: 15_000 })
  const [account] = await waitForAccounts(app, 1)
  if (!account) throw new Error('no account')
  expect(account).toMatchObject({ method: expected.method, region, status: 'active' })

  const details = await call(app, 'getAccount', { accountId: account.id })
  const user = sandbox.regions[region].users[0]
  if (!user) throw new Error('the sandbox has no user')
  if (actsForPerson) {
    await expect(page.getByTestId('detail-user-name')).toContainText(user.nickName)
    await expect(page.getByTestId('detail-user-id')).toContainText(user.userId)
  } else {
    expect(details.user).toBeUndefined()
    // Described as the service app it is, by its app's name: never "Unknown" for a user.
    await expect(page.getByTestId('detail-service-app')).toBeVisible()
    await expect(page.getByTestId('detail-user-name')).not.toBeEmpty()
    await expect(detail).not.toContainText('Unknown')
  }

  // Every workspace the sandbox has for the user (for an app token, the app's owner, who is the
  // region's first user) was read, and the window lists them.
  expect(details.workspaces).toHaveLength(user.workspaceCount)
  const rows = page.getByTestId('workspace-row')
  await expect(rows.first()).toBeVisible()
  const firstWorkspace = details.workspaces[0]
  if (!firstWorkspace) throw new Error('no workspace')
  await expect(rows.first()).toContainText(firstWorkspace.name)

  const expiresAt = account.accessTokenExpiresAt
  if (expected.accessExpiresAt === 'oauth') {
    // Coze's expires_in is absolute: 15 minutes after the sandbox issued the token.
    expect(expiresAt).toBeGreaterThan(sandbox.clock.now() + fifteenMinutes - 60_000)
    expect(expiresAt).toBeLessThanOrEqual(sandbox.clock.now() + fifteenMinutes)
  } else if (expected.accessExpiresAt !== undefined) {
    expect(expiresAt).toBe(expected.accessExpiresAt)
  }
  if (expiresAt === undefined) throw new Error('the account has no expiry')
  await expect(page.getByTestId('detail-access-expiry')).toContainText(
    await dateTimeInPage(page, expiresAt),
  )
  await expect(page.getByTestId('detail-access-remaining')).not.toBeEmpty()

  // The window shows a masked token, never the token itself.
  const { token } = await call(app, 'revealToken', { accountId: account.id })
  await expectNoSecret(page, token)
  return account
}

/** Starts the browser sign-in in the window and returns the authorize URL the browser was sent to. */
async function startBrowserSignIn(
  page: Page,
  launcher: { next(): Promise<string> },
): Promise<string> {
  const opened = launcher.next()
  await page.getByTestId('way-browser').click()
  const authorizeUrl = await opened
  await expect(page.getByTestId('sign-in-waiting')).toBeVisible()
  await expect(page.getByTestId('cancel-sign-in')).toBeVisible()
  return authorizeUrl
}

test.describe('each sign-in method, end to end against the sandbox', () => {
  test('PKCE: an imported coze_oauth_config.json, the consent page, the account', async ({
    page,
    context,
    hostApp,
    sandbox,
    launcher,
    workDir,
  }) => {
    const pkceApp = sandbox.regions.com.apps.pkce
    const redirectUri = await registeredRedirectUri(sandbox, 'pkce')
    const configPath = await writeOAuthConfig(workDir, {
      client_type: 'pkce',
      client_id: pkceApp.clientId,
      redirect_uris: [redirectUri],
    })

    await openWindow(page, hostApp)
    await openAddAccount(page)
    await chooseRegion(page, 'com')
    await importProfileFile(page, configPath)
    const profile = await profileByClientId(hostApp, pkceApp.clientId)
    expect(profile).toMatchObject({ clientType: 'pkce', region: 'com', redirectUri })
    await expectProfileSelected(page, profile)

    const authorizeUrl = await startBrowserSignIn(page, launcher)
    const authorize = new URL(authorizeUrl)
    expect(authorize.origin).toBe(sandbox.regions.com.wwwBase)
    expect(authorize.searchParams.get('client_id')).toBe(pkceApp.clientId)
    expect(authorize.searchParams.get('redirect_uri')).toBe(redirectUri)
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy()
    // The window offers the same address behind "Open the page again", not written out.
    await expect(page.getByTestId('authorize-url')).toHaveAttribute('href', authorizeUrl)

    const browserTab = await context.newPage()
    await browserTab.goto(authorizeUrl)
    await browserTab.locator('#approve').click()
    // The consent page sent the browser back to the app's own loopback server.
    await expect(browserTab).toHaveURL((url) => url.href.startsWith(redirectUri))

    await expectAccountShown(page, hostApp, sandbox, { method: 'pkce', accessExpiresAt: 'oauth' })
    // The code exchange that succeeded carried the PKCE verifier (before the browser opened,
    // main may already have asked the token endpoint whether it knows the app).
    const exchanges = successfulTokenRequests(sandbox)
    expect(exchanges).toHaveLength(1)
    expect(exchanges[0]?.bodyKeys).toEqual(expect.arrayContaining(['code', 'code_verifier']))
  })

  test('web code: a profile typed into the form, with its secret, then the consent page', async ({
    page,
    context,
    hostApp,
    sandbox,
    launcher,
  }) => {
    const webApp = sandbox.regions.com.apps.web
    const redirectUri = await registeredRedirectUri(sandbox, 'web')

    await openWindow(page, hostApp)
    await openAddAccount(page)
    await chooseRegion(page, 'com')
    await openOtherApp(page)
    await page.getByTestId('profile-new').click()
    const form = page.getByTestId('profile-form')
    await expect(form).toBeVisible()
    await form.getByTestId('profile-name').fill('Team backend')
    await form.getByTestId('profile-client-type').selectOption('web')
    await form.getByTestId('profile-client-id').fill(webApp.clientId)
    await form.getByTestId('profile-redirect-uri').fill(redirectUri)
    await form.getByTestId('profile-client-secret').fill(webApp.clientSecret ?? '')
    await form.getByTestId('profile-save').click()
    const profile = await profileByClientId(hostApp, webApp.clientId)
    expect(profile).toMatchObject({ name: 'Team backend', hasClientSecret: true, redirectUri })
    await expectProfileSelected(page, profile)
    // The secret went to main and is not kept in the page.
    await expectNoSecret(page, webApp.clientSecret ?? '')

    const authorizeUrl = await startBrowserSignIn(page, launcher)
    expect(new URL(authorizeUrl).searchParams.get('code_challenge')).toBeNull()
    const browserTab = await context.newPage()
    await browserTab.goto(authorizeUrl)
    await browserTab.locator('#approve').click()
    await expect(browserTab).toHaveURL((url) => url.href.startsWith(redirectUri))

    await expectAccountShown(page, hostApp, sandbox, { method: 'web', accessExpiresAt: 'oauth' })
    const exchanges = successfulTokenRequests(sandbox)
    expect(exchanges).toHaveLength(1)
    // The web flow authenticates with the client secret, not a PKCE verifier.
    expect(exchanges[0]?.authorization?.scheme).toBe('Bearer')
    expect(exchanges[0]?.bodyKeys).toContain('code')
    expect(exchanges[0]?.bodyKeys).not.toContain('code_verifier')
  })

  test('device code: the code read from the window is approved on the activation page', async ({
    page,
    context,
    hostApp,
    sandbox,
    launcher,
    workDir,
  }) => {
    const deviceApp = sandbox.regions.com.apps.device
    const configPath = await writeOAuthConfig(workDir, {
      client_type: 'device',
      client_id: deviceApp.clientId,
    })
    await openWindow(page, hostApp)
    await openAddAccount(page)
    await chooseRegion(page, 'com')
    await importProfileFile(page, configPath)
    await expectProfileSelected(page, await profileByClientId(hostApp, deviceApp.clientId))

    const opened = launcher.next()
    await page.getByTestId('way-device').click()
    const userCodeText = page.getByTestId('device-user-code')
    await expect(userCodeText).not.toBeEmpty()
    const userCode = (await userCodeText.innerText()).trim()
    expect(userCode).toMatch(/\w/)
    await expect(page.getByTestId('device-qr')).toBeVisible()
    await expect(page.getByTestId('device-countdown')).toHaveText(/\d+:\d\d/)
    await expect(page.getByTestId('device-verification-url')).toHaveAttribute(
      'href',
      new RegExp(`^${sandbox.regions.com.deviceVerificationUri}`),
    )
    // The browser was opened for the person, on the activation page with the code filled in.
    const openedUrl = new URL(await opened)
    expect(openedUrl.origin + openedUrl.pathname).toBe(sandbox.regions.com.deviceVerificationUri)

    // The person types the code they read in the window, as they would on another device.
    const activation = await context.newPage()
    await activation.goto(sandbox.regions.com.deviceVerificationUri)
    await activation.locator('#user-code').fill(userCode)
    await activation.locator('#approve').click()

    await expectAccountShown(page, hostApp, sandbox, {
      method: 'device',
      accessExpiresAt: 'oauth',
    })
  })

  test('JWT: the PEM file, a preview of the claims before anything is sent, then the token', async ({
    page,
    hostApp,
    sandbox,
    workDir,
  }) => {
    const key = await writePrivateKey(workDir, sandbox)
    await openWindow(page, hostApp)
    await openAddAccount(page)
    await chooseRegion(page, 'com')
    await page.getByTestId('way-jwt').click()
    // No service app yet: the way leads to "Use another app", which says what it needs.
    await expect(page.getByTestId('needs-app')).toBeVisible()
    await page.getByTestId('profile-new').click()
    const form = page.getByTestId('profile-form')
    await form.getByTestId('profile-name').fill('Service app')
    await form.getByTestId('profile-client-type').selectOption('jwt')
    await form.getByTestId('profile-client-id').fill(key.clientId)
    await page.getByTestId('jwt-key-path').fill(key.path)
    await page.getByTestId('jwt-key-choose').click()
    await expect(page.getByTestId('jwt-key-name')).toContainText('private_key.pem')
    await page.getByTestId('jwt-key-id').fill(key.keyId)
    await page.getByTestId('jwt-lifetime').fill('1800')
    await page.getByTestId('jwt-session-name').fill('e2e-session')
    await form.getByTestId('profile-save').click()
    const profile = await profileByClientId(hostApp, key.clientId)
    expect(profile).toMatchObject({
      clientType: 'jwt',
      hasPrivateKey: true,
      publicKeyId: key.keyId,
    })
    // Set up because the way had none, the service app goes on to its own screen.
    await expect(page.getByTestId('jwt-app-name')).toContainText('Service app')

    await page.getByTestId('jwt-preview').click()
    const claims = page.getByTestId('jwt-claims')
    await expect(claims).toBeVisible()
    await expect(claims.locator('[data-claim="iss"]')).toContainText(key.clientId)
    await expect(claims.locator('[data-claim="aud"]')).toContainText(sandbox.regions.com.audience)
    await expect(claims.locator('[data-claim="session_name"]')).toContainText('e2e-session')
    await expect(claims.locator('[data-claim="exp"]')).toBeVisible()
    // A preview is only a preview: the sandbox has not been asked for a token.
    expect(tokenRequests(sandbox)).toHaveLength(0)
    // Nor has the key left main.
    const pem = (await sandbox.describe()).regions.com.apps.jwt.privateKeyPem ?? ''
    await expectNoSecret(page, pem.split('\n')[1] ?? '')

    await page.getByTestId('start-jwt-sign-in').click()
    const account = await expectAccountShown(page, hostApp, sandbox, { method: 'jwt' })
    const requests = tokenRequests(sandbox)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.bodyKeys).toContain('duration_seconds')
    // The lifetime chosen in the window: 30 minutes.
    const lifetime = (account.accessTokenExpiresAt ?? 0) - sandbox.clock.now()
    expect(lifetime).toBeGreaterThan(29 * 60 * 1000)
    expect(lifetime).toBeLessThanOrEqual(30 * 60 * 1000)
  })

  test('PAT paste: the console token, its expiry, the account', async ({
    page,
    hostApp,
    sandbox,
  }) => {
    await openWindow(page, hostApp)
    await openAddAccount(page)
    await chooseRegion(page, 'com')
    await page.getByTestId('way-paste').click()
    await page.getByTestId('paste-token').fill(sandbox.regions.com.pat)
    await expect(page.getByTestId('paste-kind-pat')).toBeChecked()
    await page.getByTestId('paste-more').locator('summary').click()
    // The console said 30 days; the person types the date it showed.
    const expiry = await fillPasteExpiry(page, 30)
    await page.getByTestId('paste-label').fill('My PAT')
    await page.getByTestId('add-pasted-token').click()

    const account = await expectAccountShown(page, hostApp, sandbox, {
      method: 'pat',
      accessExpiresAt: expiry,
    })
    expect(account.label).toBe('My PAT')
    await expect(page.getByTestId('detail-label')).toContainText('My PAT')
    expect(await accountsOf(hostApp)).toHaveLength(1)
  })

  test('SAT paste: a service token with no expiry', async ({ page, hostApp, sandbox }) => {
    await openWindow(page, hostApp)
    await pasteToken(page, { token: sandbox.regions.com.sat, kind: 'sat' })
    await expect(page.getByTestId('account-detail')).toBeVisible()
    const [account] = await waitForAccounts(hostApp, 1)
    expect(account).toMatchObject({ method: 'sat', region: 'com' })
  })
})

/**
 * Types a date `days` from now into the paste form's date field, as a person copies it from the
 * console, and returns the moment main should store: that day's start in the page's time zone.
 */
async function fillPasteExpiry(page: Page, days: number): Promise<number> {
  const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  await page.getByTestId('paste-expiry').fill(day)
  return page.evaluate((value) => new Date(`${value}T00:00`).getTime(), day)
}
