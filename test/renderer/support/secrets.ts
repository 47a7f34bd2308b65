import type { Pinia } from 'pinia'
import { expect } from 'vitest'

/** Shorter than this, a "secret" would match ordinary text and the check would mean nothing. */
const shortestMeaningfulSecret = 8

/**
 * The places in the window where `secret` can be found right now, described without the secret
 * itself (a failing test must not print what it was guarding).
 *
 * The page's HTML alone misses the two likeliest leaks: a form field's typed value is a property,
 * never serialised into the markup, and Pinia state lives outside the DOM entirely (yet devtools
 * and any later screen can read it). So the fields and, given a Pinia, every store are read too.
 */
export function placesHoldingSecret(secret: string, options: { pinia?: Pinia } = {}): string[] {
  if (secret.length < shortestMeaningfulSecret) {
    throw new Error(`A secret of ${secret.length} characters proves nothing; use a real one.`)
  }
  const places: string[] = []
  if (document.documentElement.outerHTML.includes(secret)) places.push('the page HTML')
  const fields = document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    'input, textarea',
  )
  for (const field of fields) {
    if (!field.value.includes(secret)) continue
    const name = field.getAttribute('data-testid') || field.id || field.name || 'unnamed'
    places.push(`the value of <${field.tagName.toLowerCase()}> "${name}"`)
  }
  const stores = options.pinia?.state.value ?? {}
  for (const [storeId, state] of Object.entries(stores)) {
    if (JSON.stringify(state).includes(secret)) places.push(`the state of the "${storeId}" store`)
  }
  return places
}

/** Fails the test when `secret` is in the page, in a form field's value, or in a Pinia store. */
export function expectNoSecret(secret: string, options: { pinia?: Pinia } = {}): void {
  expect(placesHoldingSecret(secret, options), 'where the secret was found').toEqual([])
}
