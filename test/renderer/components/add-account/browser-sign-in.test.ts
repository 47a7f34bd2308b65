// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import { failure, ok, profile, summary } from '../../stores/helpers'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView, requestsOf } from './harness'

let harness: Harness
const desktop = profile('pkce-1', { name: 'Desktop', region: 'com', clientType: 'pkce' })
const authorizeUrl =
  'https://www.coze.com/api/permission/oauth2/authorize?client_id=client-pkce-1&state=s1'

beforeEach(async () => {
  harness = await createHarness({ profiles: [desktop] })
})

afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
  setLocale('en')
})

function stageOf(wrapper: Awaited<ReturnType<typeof mountView>>): string | undefined {
  return wrapper.get(byTestId('sign-in-stage')).attributes('data-stage')
}

describe('signing in with the browser', () => {
  it('waits for the browser, offers the address, and opens the new account', async () => {
    const flow = holdSignIn(harness.api)
    const navigation = useNavigationStore()
    navigation.go('add-account')
    const wrapper = await mountView(harness)
    // The start screen has no sign-in to report on: the status line belongs to the card.
    expect(wrapper.find(byTestId('sign-in-stage')).exists()).toBe(false)

    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toEqual([
      { signInId: flow.signInId(), profileId: 'pkce-1' },
    ])
    expect(wrapper.find(byTestId('sign-in-waiting')).exists()).toBe(true)
    expect(wrapper.find(byTestId('way-browser')).exists()).toBe(false)
    expect(stageOf(wrapper)).toBe('starting')

    flow.progress({ stage: 'waiting-for-browser', authorizeUrl })
    await flushPromises()
    // The address sits behind "Open the page again" and "Copy link", never written out.
    const link = wrapper.get(byTestId('authorize-url'))
    expect(link.attributes('href')).toBe(authorizeUrl)
    expect(link.text()).toBe('Open the page again')
    expect(wrapper.text()).not.toContain(authorizeUrl)
    expect(wrapper.find(byTestId('copy-authorize-url')).exists()).toBe(true)
    expect(stageOf(wrapper)).toBe('waiting-for-browser')
    expect(wrapper.get(byTestId('sign-in-stage')).attributes('role')).toBe('status')
    expect(wrapper.get(byTestId('sign-in-stage')).text()).toBe(
      'Waiting for you to approve in the browser…',
    )
    // Until main says how opening the browser went, the note says it is opening.
    expect(wrapper.get(byTestId('browser-open-note')).text()).toBe(
      'The Coze page is opening in your browser. Approve access there.',
    )
    expect(wrapper.get(byTestId('browser-open-note')).attributes('data-browser')).toBe('opening')
    flow.progress({ stage: 'browser-opened' })
    await flushPromises()
    expect(wrapper.get(byTestId('browser-open-note')).text()).toContain(
      'The Coze page has opened in your browser.',
    )
    expect(wrapper.get(byTestId('browser-open-note')).attributes('role')).toBeUndefined()
    expect(stageOf(wrapper)).toBe('waiting-for-browser')

    flow.progress({ stage: 'ignored-callback', reason: 'state did not match' })
    await flushPromises()
    expect(wrapper.get(byTestId('sign-in-ignored')).text()).toContain('so far: 1')
    expect(stageOf(wrapper)).toBe('waiting-for-browser')

    flow.progress({ stage: 'exchanging' })
    await flushPromises()
    expect(wrapper.get(byTestId('sign-in-stage')).text()).toBe('Approved. Finishing the sign-in…')
    flow.progress({ stage: 'retrying', reason: 'HTTP 502', retryInMs: 4000 })
    await flushPromises()
    expect(wrapper.get(byTestId('sign-in-stage')).text()).toContain('Trying again in 4 s')
    flow.progress({ stage: 'fetching-account' })
    await flushPromises()
    expect(stageOf(wrapper)).toBe('fetching-account')

    flow.pending.resolve(ok(summary('a1', { label: 'Ada (coze.com)', method: 'pkce' })))
    await flushPromises()
    expect(stageOf(wrapper)).toBe('done')
    expect(wrapper.get(byTestId('sign-in-success')).text()).toContain('Ada (coze.com) was added.')
    expect(wrapper.find(byTestId('sign-in-waiting')).exists()).toBe(false)
    // The account opens at once (no timer), asking for focus on its Copy button.
    expect(navigation.selectedAccountId).toBe('a1')
    expect(navigation.view).toBe('accounts')
    expect(navigation.focusTarget).toBe('copy')
    expect(requestsOf(harness.api, 'listAccounts').length).toBeGreaterThan(0)
  })

  it('opens the account at once from the success button', async () => {
    harness.api.answers.signIn = () => ok(summary('a9', { label: 'Quick' }))
    const navigation = useNavigationStore()
    navigation.go('add-account')
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    // It opened by itself already; the button does the same, for a person who comes back.
    navigation.go('add-account')
    const openButton = wrapper.get(byTestId('sign-in-open-account'))
    expect(document.activeElement).toBe(openButton.element)
    await openButton.trigger('click')
    expect(navigation.selectedAccountId).toBe('a9')
    expect(navigation.view).toBe('accounts')
    expect(navigation.takeFocusTarget()).toBe('copy')
  })

  it('says so prominently when main could not open the browser, and the address still works', async () => {
    const flow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    flow.progress({ stage: 'waiting-for-browser', authorizeUrl })
    flow.progress({ stage: 'browser-open-failed' })
    await flushPromises()
    const note = wrapper.get(byTestId('browser-open-note'))
    expect(note.text()).toBe(
      'Your browser could not be opened. Copy the link and open it in a browser on this computer to sign in.',
    )
    expect(note.attributes('role')).toBe('alert')
    expect(note.classes()).toContain('attention')
    // The link is then the way on: "Open the page again" becomes the card's primary button.
    const open = wrapper.get(byTestId('authorize-url'))
    expect(open.attributes('href')).toBe(authorizeUrl)
    expect(open.classes()).toContain('primary')
    expect(wrapper.find(byTestId('copy-authorize-url')).exists()).toBe(true)
    expect(wrapper.get(byTestId('sign-in-stage')).text()).toBe(
      'The browser did not open. Copy the link to sign in.',
    )
    // Still waiting for the person: the sign-in has not failed.
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(wrapper.find(byTestId('cancel-sign-in')).exists()).toBe(true)
  })

  it('keeps keyboard focus on its controls when the sign-in starts and ends', async () => {
    const flow = holdSignIn(harness.api)
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    const wrapper = await mountView(harness)
    const start = wrapper.get(byTestId('way-browser'))
    ;(start.element as HTMLButtonElement).focus()
    await start.trigger('click')
    await flushPromises()
    // Start was replaced by the waiting box: focus goes to its Cancel, not to the page.
    expect(document.activeElement).toBe(wrapper.get(byTestId('cancel-sign-in')).element)
    await wrapper.get(byTestId('cancel-sign-in')).trigger('click')
    flow.pending.resolve(failure('CANCELLED'))
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get(byTestId('way-browser')).element)
  })

  it('leaves focus alone when the person has moved it elsewhere', async () => {
    const flow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    // A control outside the card, as the window's navigation is.
    const elsewhere = document.createElement('button')
    document.body.append(elsewhere)
    elsewhere.focus()
    flow.pending.resolve(failure('ACCESS_DENIED'))
    await flushPromises()
    expect(document.activeElement).toBe(elsewhere)
  })

  it('after a refusal, focus lands on what to do next', async () => {
    harness.api.answers.signIn = () => failure('ACCESS_DENIED')
    const wrapper = await mountView(harness)
    const start = wrapper.get(byTestId('way-browser'))
    ;(start.element as HTMLButtonElement).focus()
    await start.trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get(byTestId('sign-in-retry')).element)
  })

  it('cancels through main, and does not call a cancel an error', async () => {
    const flow = holdSignIn(harness.api)
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('cancel-sign-in')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'cancelSignIn')).toEqual([{ signInId: flow.signInId() }])
    flow.pending.resolve(failure('CANCELLED'))
    await flushPromises()
    // A cancel is no failure: the card goes and the start screen is back, with no error.
    expect(wrapper.find(byTestId('sign-in-card')).exists()).toBe(false)
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(wrapper.find(byTestId('way-browser')).exists()).toBe(true)
  })

  it('shows a refusal with what to do, and tries again on request', async () => {
    harness.api.answers.signIn = () => failure('ACCESS_DENIED', 'The person declined.')
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    const notice = wrapper.get(byTestId('error-notice'))
    expect(notice.attributes('data-code')).toBe('ACCESS_DENIED')
    expect(notice.text()).toContain('Authorization was declined')
    expect(stageOf(wrapper)).toBe('failed')
    expect(wrapper.find(byTestId('switch-region')).exists()).toBe(false)

    harness.api.answers.signIn = () => ok(summary('a2'))
    await wrapper.get(byTestId('sign-in-retry')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toHaveLength(2)
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
  })

  it('offers to sign in with the region the app belongs to', async () => {
    harness.api.answers.signIn = () => ({
      ok: false,
      error: {
        code: 'WRONG_REGION',
        message: 'This belongs to coze.cn, not coze.com.',
        params: { actualRegion: 'cn', chosenRegion: 'com' },
      },
    })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    const switchButton = wrapper.get(byTestId('switch-region'))
    expect(switchButton.text()).toBe('Sign in with coze.cn instead')
    const next = holdSignIn(harness.api)
    await switchButton.trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn').at(-1)).toMatchObject({
      profileId: 'pkce-1',
      region: 'cn',
    })
    // The card stays while it signs in there.
    expect(wrapper.get(byTestId('sign-in-card')).attributes('data-profile-id')).toBe('pkce-1')
    expect(wrapper.find(byTestId('sign-in-waiting')).exists()).toBe(true)
    // Try again after another failure stays in that region.
    next.pending.resolve(failure('NETWORK'))
    await flushPromises()
    const last = holdSignIn(harness.api)
    await wrapper.get(byTestId('sign-in-retry')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn').at(-1)).toMatchObject({
      profileId: 'pkce-1',
      region: 'cn',
    })
    // Back on the start screen, the region switch has followed and the app stays the one used.
    last.pending.resolve(failure('NETWORK'))
    await flushPromises()
    await wrapper.get(byTestId('sign-in-back')).trigger('click')
    await flushPromises()
    expect((wrapper.get(byTestId('region-cn')).element as HTMLInputElement).checked).toBe(true)
    expect((wrapper.get(byTestId('profile-select')).element as HTMLSelectElement).value).toBe(
      'pkce-1',
    )
  })

  it('drops the switched region once the person picks a region themselves', async () => {
    harness.profiles = [desktop, profile('cn-app', { name: 'CN app', region: 'cn' })]
    harness.api.answers.signIn = () => ({
      ok: false,
      error: {
        code: 'WRONG_REGION',
        message: 'This belongs to coze.cn, not coze.com.',
        params: { actualRegion: 'cn', chosenRegion: 'com' },
      },
    })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('region-com')).setValue(true)
    await flushPromises()
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    const switched = holdSignIn(harness.api)
    await wrapper.get(byTestId('switch-region')).trigger('click')
    await flushPromises()
    switched.pending.resolve(failure('NETWORK'))
    await flushPromises()
    await wrapper.get(byTestId('sign-in-back')).trigger('click')
    await flushPromises()
    const select = (): HTMLSelectElement =>
      wrapper.get(byTestId('profile-select')).element as HTMLSelectElement
    expect(select().value).toBe('pkce-1')
    // Back to coze.com and over to coze.cn again: the cn list no longer carries the com profile.
    await wrapper.get(byTestId('region-com')).setValue(true)
    await flushPromises()
    await wrapper.get(byTestId('region-cn')).setValue(true)
    await flushPromises()
    expect([...select().options].map((option) => option.value)).not.toContain('pkce-1')
  })

  it('cancels a running sign-in when the screen is left', async () => {
    const flow = holdSignIn(harness.api)
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    wrapper.unmount()
    await flushPromises()
    expect(requestsOf(harness.api, 'cancelSignIn')).toEqual([{ signInId: flow.signInId() }])
  })

  it('will not start a web app without its secret, and says how to fix it', async () => {
    harness.profiles = [
      profile('web-1', { name: 'Web', region: 'com', clientType: 'web', hasClientSecret: false }),
    ]
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    // Nothing starts: "Use another app" opens on the reason, beside the profile's Edit button.
    expect(requestsOf(harness.api, 'signIn')).toEqual([])
    expect((wrapper.get(byTestId('other-app')).element as HTMLDetailsElement).open).toBe(true)
    expect(wrapper.get(byTestId('needs-app')).text()).toContain('no client secret')
    expect(wrapper.find(byTestId('profile-edit')).exists()).toBe(true)
  })
})
