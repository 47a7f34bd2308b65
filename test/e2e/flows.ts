/**
 * Steps the specs share: what a person does in the window (through the stable data-testids), and
 * the few set-ups done straight through the host's dispatch when a test is about something else
 * (a refresh test needs an OAuth account, not another walk through the consent page).
 */
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect } from '@playwright/test'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import type { RecordingBrowserLauncher } from '../../src/browser-host/launchers'
import type {
  AccountSummary,
  OperationName,
  ProfileInput,
  ProfileSummary,
  RequestOf,
  ResponseOf,
} from '../../src/shared/ipc-contract'
import { completeConsent, httpRequest } from '../sandbox'
import type { RegionName, Sandbox } from '../sandbox'
import { freePort } from '../support/net'

const tokenPath = '/api/permission/oauth2/token'

/** One operation through the same dispatch the window's bridge uses; throws on an error result. */
export async function call<K extends OperationName>(
  app: BrowserHostApp,
  operation: K,
  ...request: RequestOf<K> extends void ? [] : [RequestOf<K>]
): Promise<ResponseOf<K>> {
  const result = await app.services.dispatch(operation, request[0])
  if (!result.ok)
    throw new Error(`${operation} failed: ${result.error.code} ${result.error.message}`)
  return result.value as ResponseOf<K>
}

/** A loopback redirect URI on a free port, registered for the sandbox's web or PKCE app. */
export async function registeredRedirectUri(
  sandbox: Sandbox,
  kind: 'web' | 'pkce',
  region: RegionName = 'com',
): Promise<string> {
  const uri = `http://127.0.0.1:${await freePort()}/callback`
  sandbox.registerRedirectUri(region, sandbox.regions[region].apps[kind].clientId, uri)
  return uri
}

/**
 * Writes a coze_oauth_config.json as the Coze console hands it out. It names no API base, so the
 * app files it under coze.com, which the host sends to the sandbox.
 */
export async function writeOAuthConfig(
  dir: string,
  config: Record<string, unknown>,
  fileName = 'coze_oauth_config.json',
): Promise<string> {
  const path = join(dir, fileName)
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  return path
}

/** The sandbox's JWT app's private key, written where a person would keep it (mode 0600). */
export async function writePrivateKey(dir: string, sandbox: Sandbox, region: RegionName = 'com') {
  const app = (await sandbox.describe()).regions[region].apps.jwt
  if (!app.privateKeyPem || !app.publicKeyId) throw new Error('the sandbox JWT app has no key')
  const path = join(dir, 'private_key.pem')
  await writeFile(path, app.privateKeyPem, { mode: 0o600 })
  return { path, keyId: app.publicKeyId, clientId: app.clientId }
}

/** Token requests the sandbox has received so far (both regions). */
export function tokenRequests(sandbox: Sandbox) {
  return sandbox.requests.filter((request) => request.path === tokenPath)
}

export async function openAddAccount(page: Page): Promise<void> {
  await page.getByTestId('nav-add-account').click()
  await expect(page.getByTestId('add-account')).toBeVisible()
}

export async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('settings')).toBeVisible()
}

export async function chooseRegion(page: Page, region: RegionName): Promise<void> {
  await page.getByTestId(`region-${region}`).check()
}

/** Opens "Use another app", where app profiles are chosen, imported, set up and removed. */
export async function openOtherApp(page: Page): Promise<void> {
  const disclosure = page.getByTestId('other-app')
  if ((await disclosure.getAttribute('open')) === null) {
    await page.getByTestId('other-app-toggle').click()
  }
  await expect(page.getByTestId('profile-file-path')).toBeVisible()
}

/** Imports a profile file by typing its path (the browser host has no file dialog). */
export async function importProfileFile(page: Page, path: string): Promise<void> {
  await openOtherApp(page)
  await page.getByTestId('profile-file-path').fill(path)
  await page.getByTestId('profile-file-choose').click()
}

/** The profile main stored under this client id (the window selects it after saving). */
export async function profileByClientId(
  app: BrowserHostApp,
  clientId: string,
): Promise<ProfileSummary> {
  let found: ProfileSummary | undefined
  await expect
    .poll(async () => {
      found = (await call(app, 'listProfiles')).find((profile) => profile.clientId === clientId)
      return found !== undefined
    })
    .toBe(true)
  return found as ProfileSummary
}

export async function expectProfileSelected(page: Page, profile: ProfileSummary): Promise<void> {
  await expect(page.getByTestId('profile-select')).toHaveValue(profile.id)
}

export async function accountsOf(app: BrowserHostApp): Promise<AccountSummary[]> {
  return call(app, 'listAccounts')
}

/** Waits until main holds exactly `count` accounts and returns them. */
export async function waitForAccounts(app: BrowserHostApp, count: number) {
  await expect.poll(async () => (await accountsOf(app)).length).toBe(count)
  return accountsOf(app)
}

/** Pastes a PAT or SAT in the window, with an expiry when the console showed one. */
export async function pasteToken(
  page: Page,
  options: { token: string; kind?: 'pat' | 'sat'; region?: RegionName },
): Promise<void> {
  await openAddAccount(page)
  await chooseRegion(page, options.region ?? 'com')
  await page.getByTestId('way-paste').click()
  // The kind follows the token's prefix (pat_, sat_); it sits folded away with expiry and name.
  await page.getByTestId('paste-token').fill(options.token)
  if (options.kind) await expect(page.getByTestId(`paste-kind-${options.kind}`)).toBeChecked()
  await page.getByTestId('add-pasted-token').click()
}

/**
 * Signs in with the sandbox's PKCE app without the window: the set-up of tests about what comes
 * after a sign-in. The consent page is answered over HTTP, and the redirect followed back to the
 * app's loopback server, as the person's browser would.
 */
export async function signInWithPkceDirectly(
  app: BrowserHostApp,
  sandbox: Sandbox,
  launcher: RecordingBrowserLauncher,
  region: RegionName = 'com',
): Promise<AccountSummary> {
  const redirectUri = await registeredRedirectUri(sandbox, 'pkce', region)
  const input: ProfileInput = {
    name: `Desktop app (${region})`,
    region,
    clientType: 'pkce',
    clientId: sandbox.regions[region].apps.pkce.clientId,
    redirectUri,
  }
  const profile = await call(app, 'addProfile', input)
  const opened = launcher.next()
  const signedIn = call(app, 'signIn', { signInId: randomUUID(), profileId: profile.id, region })
  const consent = await completeConsent(await opened)
  await httpRequest(consent.redirectedTo)
  return signedIn
}

/** Adds the sandbox's PAT of a region without the window. */
export async function addPatDirectly(
  app: BrowserHostApp,
  sandbox: Sandbox,
  region: RegionName = 'com',
  expiresAt?: number,
): Promise<AccountSummary> {
  return call(app, 'addPastedToken', {
    region,
    token: sandbox.regions[region].pat,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  })
}

/** What the window's formatDateTime writes for a moment, computed by the page's own Intl. */
export async function dateTimeInPage(page: Page, ms: number, locale = 'en'): Promise<string> {
  return page.evaluate(
    ({ at, lang }) =>
      new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(at),
    { at: ms, lang: locale },
  )
}
