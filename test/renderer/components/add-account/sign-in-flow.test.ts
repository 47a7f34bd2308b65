// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { failure, profile } from '../../stores/helpers'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView, requestsOf } from './harness'

// The sign-in as a focused flow: a start screen with one button per way in, a card that takes
// over the screen while a sign-in runs, and a failed card that says so and offers Try again.
let harness: Harness
const shipped = profile('bundled:company', {
  name: 'Company app',
  region: 'com',
  clientType: 'pkce',
  bundled: true,
})
const authorizeUrl =
  'https://www.coze.com/api/permission/oauth2/authorize?client_id=client-1&state=s1'

beforeEach(async () => {
  harness = await createHarness({ profiles: [shipped] })
})

afterEach(() => {
  document.body.innerHTML = ''
  setLocale('en')
})

describe('the start screen', () => {
  it('offers one button per way in, in plain words, and keeps apps behind a disclosure', async () => {
    const wrapper = await mountView(harness)
    const ways = wrapper.findAll('[data-testid^="way-"]').map((way) => way.text())
    expect(ways.map((text) => text.split('\n')[0])).toEqual([
      expect.stringContaining('Sign in with your browser'),
      expect.stringContaining('Sign in on another device'),
      expect.stringContaining('Use a token from the Coze console'),
      expect.stringContaining('Service app (for developers)'),
    ])
    expect(wrapper.find(byTestId('region-com')).exists()).toBe(true)
    // No tabs, and the app picker is folded away behind "Use another app".
    expect(wrapper.find('[role="tablist"]').exists()).toBe(false)
    const disclosure = wrapper.get(byTestId('other-app'))
    expect(disclosure.element.tagName).toBe('DETAILS')
    expect((disclosure.element as HTMLDetailsElement).open).toBe(false)
    expect(disclosure.find(byTestId('profile-select')).exists()).toBe(true)
  })

  it('uses the ready-made app at once, and sends a way without an app to the disclosure', async () => {
    holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-device')).trigger('click')
    await flushPromises()
    // No device app: nothing starts, the disclosure opens and says why.
    expect(requestsOf(harness.api, 'signIn')).toEqual([])
    expect((wrapper.get(byTestId('other-app')).element as HTMLDetailsElement).open).toBe(true)
    expect(wrapper.get(byTestId('needs-app')).text()).toContain('needs a Coze device app')

    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toEqual([
      expect.objectContaining({ profileId: 'bundled:company' }),
    ])
  })
})

describe('the sign-in card', () => {
  it('takes over the screen: what to do now, the link behind buttons, one Cancel', async () => {
    const flow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    flow.progress({ stage: 'waiting-for-browser', authorizeUrl })
    flow.progress({ stage: 'browser-opened' })
    await flushPromises()

    expect(wrapper.get(byTestId('sign-in-card-title')).text()).toBe('Approve in your browser')
    // The start screen and its forms are gone while it runs.
    expect(wrapper.find(byTestId('sign-in-ways')).exists()).toBe(false)
    expect(wrapper.find(byTestId('other-app')).exists()).toBe(false)
    expect(wrapper.find(byTestId('region-com')).exists()).toBe(false)
    // The address is behind "Open the page again" and "Copy link", not written out.
    const open = wrapper.get(byTestId('authorize-url'))
    expect(open.attributes('href')).toBe(authorizeUrl)
    expect(open.text()).toBe('Open the page again')
    expect(wrapper.text()).not.toContain(authorizeUrl)
    expect(wrapper.get(byTestId('copy-authorize-url')).text()).toBe('Copy link')
    expect(wrapper.findAll(byTestId('cancel-sign-in'))).toHaveLength(1)
    // "Waiting" is said once, not twice.
    expect(wrapper.text().match(/Waiting/g) ?? []).toHaveLength(1)
  })

  it('says a declined sign-in was declined, with the next step, and tries again', async () => {
    const flow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    flow.pending.resolve(failure('ACCESS_DENIED'))
    await flushPromises()

    expect(wrapper.get(byTestId('sign-in-card-title')).text()).toBe('You declined the sign-in')
    expect(wrapper.get(byTestId('error-notice')).text()).toContain('Authorization was declined')
    expect(wrapper.find(byTestId('sign-in-ways')).exists()).toBe(false)
    const retry = wrapper.get(byTestId('sign-in-retry'))
    expect(retry.text()).toBe('Try again')

    holdSignIn(harness.api)
    await retry.trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toHaveLength(2)
    expect(wrapper.find(byTestId('sign-in-waiting')).exists()).toBe(true)
  })

  it('goes back to the start screen from a failed sign-in', async () => {
    const flow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    flow.pending.resolve(failure('ACCESS_DENIED'))
    await flushPromises()
    await wrapper.get(byTestId('sign-in-back')).trigger('click')
    await flushPromises()
    expect(wrapper.find(byTestId('sign-in-card')).exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get(byTestId('way-browser')).element)
  })
})
