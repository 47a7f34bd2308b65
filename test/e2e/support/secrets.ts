import { expect } from '@playwright/test'
import type { Page } from '@playwright/test'

/** Shorter than this, a "secret" would match ordinary text and the check would mean nothing. */
const shortestMeaningfulSecret = 8

/**
 * The places in the page (and its frames) where `secret` can be found right now, described
 * without the secret itself. `page.content()` serialises the markup only: what was typed or
 * pasted into a field is its `value` property, which never reaches the HTML, so every input and
 * textarea is read as well.
 */
export async function placesHoldingSecret(page: Page, secret: string): Promise<string[]> {
  if (secret.length < shortestMeaningfulSecret) {
    throw new Error(`A secret of ${secret.length} characters proves nothing; use a real one.`)
  }
  const places: string[] = []
  for (const frame of page.frames()) {
    const where = frame === page.mainFrame() ? 'the page' : `the frame ${frame.url()}`
    if ((await frame.content()).includes(secret)) places.push(`the HTML of ${where}`)
    const holders = await frame.evaluate((wanted) => {
      // Runs in the page; the test code is typed for Node, hence the narrow shape.
      interface Field {
        tagName: string
        value: string
        id: string
        getAttribute(name: string): string | null
      }
      const page = globalThis as unknown as {
        document: { querySelectorAll(selector: string): Iterable<Field> }
      }
      const found: string[] = []
      for (const field of page.document.querySelectorAll('input, textarea')) {
        if (!field.value.includes(wanted)) continue
        const name = field.getAttribute('data-testid') || field.id || 'unnamed'
        found.push(`<${field.tagName.toLowerCase()}> "${name}"`)
      }
      return found
    }, secret)
    for (const holder of holders) places.push(`the value of ${holder} in ${where}`)
  }
  return places
}

/** Fails the test when `secret` is in the page's HTML or in any input or textarea's value. */
export async function expectNoSecret(page: Page, secret: string): Promise<void> {
  expect(await placesHoldingSecret(page, secret), 'where the secret was found').toEqual([])
}
