/**
 * A walk through every main screen of the window, with realistic content: the accessibility scan
 * and the screenshots both take it, and do their work at each stop.
 */
import type { Page } from '@playwright/test'
import { expect } from '@playwright/test'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import type { RecordingBrowserLauncher } from '../../src/browser-host/launchers'
import type { Sandbox } from '../sandbox'
import { openWindow } from './fixtures'
import {
  addPatDirectly,
  call,
  chooseRegion,
  openAddAccount,
  openOtherApp,
  openSettings,
  signInWithPkceDirectly,
  writePrivateKey,
} from './flows'

export const mainScreens = [
  'accounts-empty',
  'accounts',
  'accounts-copy-menu',
  'accounts-refresh-failed',
  'accounts-service-app',
  'accounts-removed-undo',
  'add-account-start',
  'add-account-other-app',
  'add-account-browser',
  'add-account-device',
  'add-account-jwt',
  'add-account-paste',
  'settings',
  'settings-confirm',
] as const

export type MainScreen = (typeof mainScreens)[number]

export interface WalkContext {
  page: Page
  hostApp: BrowserHostApp
  sandbox: Sandbox
  launcher: RecordingBrowserLauncher
  workDir: string
}

/** Accounts and profiles of the kinds people have: OAuth, a PAT of the other region, a SAT. */
async function seed({ hostApp, sandbox, launcher, workDir }: WalkContext) {
  const oauthAccount = await signInWithPkceDirectly(hostApp, sandbox, launcher)
  const inTwentyDays = Date.now() + 20 * 24 * 60 * 60 * 1000
  await addPatDirectly(hostApp, sandbox, 'cn', inTwentyDays)
  await call(hostApp, 'addPastedToken', { region: 'com', token: sandbox.regions.com.sat })
  const deviceProfile = await call(hostApp, 'addProfile', {
    name: 'Command-line tool',
    region: 'com',
    clientType: 'device',
    clientId: sandbox.regions.com.apps.device.clientId,
  })
  const key = await writePrivateKey(workDir, sandbox)
  const chosen = await call(hostApp, 'chooseFile', { purpose: 'private-key', path: key.path })
  if ('cancelled' in chosen) throw new Error('the key file was not taken')
  const jwtProfile = await call(hostApp, 'addProfile', {
    name: 'Service app',
    region: 'com',
    clientType: 'jwt',
    clientId: key.clientId,
    publicKeyId: key.keyId,
    privateKeyFileId: chosen.fileId,
  })
  const pkceProfile = (await call(hostApp, 'listProfiles')).find(
    (profile) => profile.clientType === 'pkce',
  )
  if (!pkceProfile) throw new Error('no PKCE profile')
  return { oauthAccount, deviceProfile, jwtProfile, pkceProfile }
}

/** Visits each screen in `mainScreens` order and calls `atScreen` once it is fully shown. */
export async function walkMainScreens(
  context: WalkContext,
  atScreen: (screen: MainScreen) => Promise<void>,
): Promise<void> {
  const { page, hostApp } = context
  await openWindow(page, hostApp)
  await expect(page.getByTestId('accounts-empty')).toBeVisible()
  await atScreen('accounts-empty')

  const seeded = await seed(context)
  await page.reload()
  await expect(page.getByTestId('account-row')).toHaveCount(3)
  await page
    .locator(`[data-testid="account-row"][data-account-id="${seeded.oauthAccount.id}"]`)
    .click()
  await expect(page.getByTestId('workspace-row').first()).toBeVisible()
  await atScreen('accounts')

  // The Copy button's menu of formats, open.
  await page.getByTestId('copy-menu-button').click()
  await expect(page.getByTestId('copy-menu')).toBeVisible()
  await atScreen('accounts-copy-menu')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('copy-menu')).toBeHidden()

  // A refresh while Coze cannot be reached: the error beside the button, the row marked.
  context.sandbox.faults.next('all', {
    kind: 'drop',
    path: '/api/permission/oauth2/token',
    count: Infinity,
  })
  await page.getByTestId('refresh-account').click()
  await expect(page.getByTestId('refresh-error')).toBeVisible()
  await expect(page.getByTestId('last-refresh')).toHaveAttribute('data-ok', 'false')
  await atScreen('accounts-refresh-failed')
  context.sandbox.faults.clear()

  // A service (JWT) account: named by its app, with its Activity.
  const serviceAccount = await call(hostApp, 'signIn', {
    signInId: 'walk-service-app',
    profileId: seeded.jwtProfile.id,
  })
  await page.locator(`[data-testid="account-row"][data-account-id="${serviceAccount.id}"]`).click()
  await expect(page.getByTestId('detail-service-app')).toBeVisible()
  await expect(page.getByTestId('activity-entry').first()).toBeVisible()
  await atScreen('accounts-service-app')

  // Removed, with Undo offered for a few seconds; undone before the walk goes on.
  await page.getByTestId('remove-account').click()
  await expect(page.getByTestId('undo-remove')).toBeVisible()
  await atScreen('accounts-removed-undo')
  await page.getByTestId('undo-remove').click()
  await expect(page.getByTestId('account-detail')).toBeVisible()

  await openAddAccount(page)
  await chooseRegion(page, 'com')
  await expect(page.getByTestId('way-browser')).toBeEnabled()
  await atScreen('add-account-start')

  await openOtherApp(page)
  await page.getByTestId('profile-select').selectOption(seeded.pkceProfile.id)
  await atScreen('add-account-other-app')

  // The card that takes over while the browser sign-in waits.
  await page.getByTestId('way-browser').click()
  await expect(page.getByTestId('sign-in-waiting')).toBeVisible()
  await expect(page.getByTestId('authorize-url')).toBeVisible()
  await atScreen('add-account-browser')
  await page.getByTestId('cancel-sign-in').click()
  await expect(page.getByTestId('sign-in-ways')).toBeVisible()

  await page.getByTestId('way-device').click()
  await expect(page.getByTestId('device-user-code')).not.toBeEmpty()
  await expect(page.getByTestId('device-qr')).toBeVisible()
  await atScreen('add-account-device')
  await page.getByTestId('cancel-sign-in').click()
  await expect(page.getByTestId('device-user-code')).toBeHidden()

  await page.getByTestId('way-jwt').click()
  await page.getByTestId('jwt-preview').click()
  await expect(page.getByTestId('jwt-claims')).toBeVisible()
  await atScreen('add-account-jwt')
  await page.getByTestId('way-back').click()

  await page.getByTestId('way-paste').click()
  await expect(page.getByTestId('paste-token')).toBeVisible()
  await atScreen('add-account-paste')

  await openSettings(page)
  await atScreen('settings')

  // The question main asks before a protection is weakened, here for clipboard clearing.
  const delay = page.getByTestId('settings-clipboard-delay')
  await delay.fill('0')
  await delay.blur()
  await expect(page.getByTestId('weakening-confirm')).toBeVisible()
  await atScreen('settings-confirm')
  await page.getByTestId('weakening-confirm-no').click()
  await expect(page.getByTestId('weakening-confirm')).toBeHidden()
}
