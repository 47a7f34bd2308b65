// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openAccountDelayMs } from '../../../../src/renderer/src/components/add-account/sign-in-methods'
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
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const flow = holdSignIn(harness.api)
    const navigation = useNavigationStore()
    navigation.go('add-account')
    const wrapper = await mountView(harness)
    expect(stageOf(wrapper)).toBe('idle')

    await wrapper.get(byTestId('start-browser-sign-in')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toEqual([
      { signInId: flow.signInId(), profileId: 'pkce-1' },
    ])
    expect(wrapper.find(byTestId('sign-in-waiting')).exists()).toBe(true)
    expect(wrapper.find(byTestId('start-browser-sign-in')).exists()).toBe(false)
    expect(stageOf(wrapper)).toBe('starting')

    flow.progress({ stage: 'waiting-for-browser', authorizeUrl })
    await flushPromises()
    const link = wrapper.get(byTestId('authorize-url'))
    expect(link.attributes('href')).toBe(authorizeUrl)
    expect(link.text()).toBe(authorizeUrl)
    expect(stageOf(wrapper)).toBe('waiting-for-browser')
    expect(wrapper.get(byTestId('sign-in-stage')).attributes('role')).toBe('status')
    expect(wrapper.get(byTestId('sign-in-stage')).text()).toBe(
      'Waiting for you to approve in the browser…',
    )

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
    // The success stays a moment, then the account opens.
    expect(navigation.view).toBe('add-account')
    expect(navigation.selectedAccountId).toBeUndefined()
    vi.advanceTimersByTime(openAccountDelayMs)
    expect(navigation.selectedAccountId).toBe('a1')
    expect(navigation.view).toBe('accounts')
    expect(requestsOf(harness.api, 'listAccounts').length).toBeGreaterThan(0)
  })

  it('opens the account at once from the success button', async () => {
    harness.api.answers.signIn = () => ok(summary('a9', { label: 'Quick' }))
    const navigation = useNavigationStore()
    navigation.go('add-account')
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('start-browser-sign-in')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('sign-in-open-account')).trigger('click')
    expect(navigation.selectedAccountId).toBe('a9')
    expect(navigation.view).toBe('accounts')
  })

  it('cancels through main, and does not call a cancel an error', async () => {
    const flow = holdSignIn(harness.api)
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('start-browser-sign-in')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('cancel-sign-in')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'cancelSignIn')).toEqual([{ signInId: flow.signInId() }])
    flow.pending.resolve(failure('CANCELLED'))
    await flushPromises()
    expect(stageOf(wrapper)).toBe('cancelled')
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(wrapper.find(byTestId('start-browser-sign-in')).exists()).toBe(true)
  })

  it('shows a refusal with what to do, and tries again on request', async () => {
    harness.api.answers.signIn = () => failure('ACCESS_DENIED', 'The person declined.')
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('start-browser-sign-in')).trigger('click')
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
    await wrapper.get(byTestId('start-browser-sign-in')).trigger('click')
    await flushPromises()
    const switchButton = wrapper.get(byTestId('switch-region'))
    expect(switchButton.text()).toBe('Sign in with coze.cn instead')
    harness.api.answers.signIn = () => ok(summary('a3', { region: 'cn' }))
    await switchButton.trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn').at(-1)).toMatchObject({
      profileId: 'pkce-1',
      region: 'cn',
    })
  })

  it('keeps the other tabs and the pickers closed while it runs', async () => {
    holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('start-browser-sign-in')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('method-device')).attributes('disabled')).toBeDefined()
    expect(wrapper.get(byTestId('method-browser')).attributes('disabled')).toBeUndefined()
    expect(wrapper.get(byTestId('profile-select')).attributes('disabled')).toBeDefined()
    expect((wrapper.get('fieldset').element as HTMLFieldSetElement).disabled).toBe(true)
  })

  it('cancels a running sign-in when the screen is left', async () => {
    const flow = holdSignIn(harness.api)
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('start-browser-sign-in')).trigger('click')
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
    expect(wrapper.get(byTestId('start-browser-sign-in')).attributes('disabled')).toBeDefined()
    expect(wrapper.get(byTestId('browser-needs-secret')).text()).toContain('no client secret')
  })
})
