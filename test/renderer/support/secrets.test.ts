// @vitest-environment happy-dom
import { createPinia, defineStore, setActivePinia } from 'pinia'
import { ref } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import { expectNoSecret, placesHoldingSecret } from './secrets'

// Not a real credential: long enough to count, shaped so the store-file scan leaves it alone.
const secret = 'typed-secret-for-the-helper-test'

afterEach(() => {
  document.body.innerHTML = ''
})

describe('expectNoSecret', () => {
  it('passes on a page, fields and stores without the secret', () => {
    document.body.innerHTML = '<p>masked: typ…test</p><input data-testid="other" />'
    const pinia = createPinia()
    setActivePinia(pinia)
    defineStore('harmless', () => ({ hint: ref('typ…test') }))()
    expect(() => expectNoSecret(secret, { pinia })).not.toThrow()
  })

  it('finds the secret in the markup', () => {
    document.body.innerHTML = `<p data-x="${secret}">shown</p>`
    expect(placesHoldingSecret(secret)).toEqual(['the page HTML'])
    expect(() => expectNoSecret(secret)).toThrow()
  })

  it.each(['input', 'textarea'] as const)(
    'finds a secret typed into a field (%s), which the markup never shows',
    (tag) => {
      const field = document.createElement(tag)
      field.setAttribute('data-testid', 'the-field')
      document.body.append(field)
      field.value = secret
      // The reason for the helper: the HTML alone says nothing.
      expect(document.documentElement.outerHTML).not.toContain(secret)
      expect(placesHoldingSecret(secret)).toEqual([`the value of <${tag}> "the-field"`])
      expect(() => expectNoSecret(secret)).toThrow()
    },
  )

  it('finds the secret kept in a Pinia store, only when given the Pinia', () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    defineStore('leaky', () => ({ form: ref({ clientSecret: secret }) }))()
    expect(placesHoldingSecret(secret, { pinia })).toEqual(['the state of the "leaky" store'])
    expect(() => expectNoSecret(secret, { pinia })).toThrow()
    expect(() => expectNoSecret(secret)).not.toThrow()
  })

  it('does not print the secret when it fails', () => {
    document.body.innerHTML = `<p>${secret}</p>`
    let message = ''
    try {
      expectNoSecret(secret)
    } catch (caught) {
      message = String(caught)
    }
    expect(message).toContain('the page HTML')
    expect(message).not.toContain(secret)
  })

  it('refuses a secret too short to mean anything', () => {
    expect(() => expectNoSecret('')).toThrow(/proves nothing/)
    expect(() => expectNoSecret('abc')).toThrow(/proves nothing/)
  })
})
