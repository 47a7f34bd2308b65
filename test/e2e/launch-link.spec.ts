import { expect, test } from './fixtures'

/**
 * What `npm start` opens the system browser on: a one-time launch link. The page trades it for the
 * bridge's secret and is connected, across reloads too; the same link opened again is dead.
 */
test('a launch link connects the page once', async ({ page, context, hostApp }) => {
  const launchUrl = hostApp.host.issueLaunchUrl()
  await page.goto(launchUrl)
  await expect(page.getByTestId('app-info')).not.toBeEmpty()
  await expect(page.getByTestId('nav-accounts')).toBeVisible()
  expect(new URL(page.url()).hash).toBe('')
  await page.reload()
  await expect(page.getByTestId('nav-accounts')).toBeVisible()

  const secondTab = await context.newPage()
  await secondTab.goto(launchUrl)
  await expect(secondTab.getByTestId('no-bridge')).toBeVisible()
})
