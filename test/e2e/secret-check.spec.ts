import { expect, test } from '@playwright/test'
import { expectNoSecret, placesHoldingSecret } from './support/secrets'

// Not a real credential: long enough to count, and shaped so no secret scanner takes it for one.
const secret = 'typed-secret-for-the-helper-test'

test.describe('the e2e secret check', () => {
  test('passes on a page without the secret', async ({ page }) => {
    await page.setContent('<p>masked: typ…test</p><input data-testid="other" value="plain">')
    await expectNoSecret(page, secret)
  })

  test('finds the secret in the markup', async ({ page }) => {
    await page.setContent(`<p title="${secret}">shown</p>`)
    expect(await placesHoldingSecret(page, secret)).toEqual(['the HTML of the page'])
    await expect(expectNoSecret(page, secret)).rejects.toThrow()
  })

  for (const tag of ['input', 'textarea'] as const) {
    test(`finds a secret typed into a field (${tag}), which page.content() never shows`, async ({
      page,
    }) => {
      await page.setContent(`<${tag} data-testid="the-field"></${tag}>`)
      await page.getByTestId('the-field').fill(secret)
      // The reason for the helper: the HTML alone says nothing.
      expect(await page.content()).not.toContain(secret)
      expect(await placesHoldingSecret(page, secret)).toEqual([
        `the value of <${tag}> "the-field" in the page`,
      ])
      const failure = await expectNoSecret(page, secret).then(
        () => undefined,
        (caught: unknown) => String(caught),
      )
      expect(failure).toContain('the-field')
      // A failing check names where the secret was, never the secret.
      expect(failure).not.toContain(secret)
    })
  }

  test('refuses a secret too short to mean anything', async ({ page }) => {
    await page.setContent('<p>nothing</p>')
    await expect(expectNoSecret(page, '')).rejects.toThrow(/proves nothing/)
  })
})
