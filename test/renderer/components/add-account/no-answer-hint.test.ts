// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { failure, ok, profile, summary } from '../../stores/helpers'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView, requestsOf } from './harness'

/**
 * The waiting card of a PKCE or web sign-in when main reports a minute without an answer from the
 * browser: it asks whether the app is on the other region and offers to sign in there instead.
 */

let harness: Harness
const desktop = profile('pkce-1', { name: 'Desktop', region: 'com', clientType: 'pkce' })
const authorizeUrl =
  'https://www.coze.com/api/permission/oauth2/authorize?client_id=client-pkce-1&state=s1'

beforeEach(async () => {
  harness = await createHarness({ profiles: [desktop] })
})

afterEach(() => {
  document.body.innerHTML = ''
  setLocale('en')
})

async function waitingView(): Promise<{
  wrapper: Awaited<ReturnType<typeof mountView>>
  flow: ReturnType<typeof holdSignIn>
}> {
  const flow = holdSignIn(harness.api)
  const wrapper = await mountView(harness)
  await wrapper.get(byTestId('way-browser')).trigger('click')
  await flushPromises()
  flow.progress({ stage: 'waiting-for-browser', authorizeUrl })
  flow.progress({ stage: 'browser-opened' })
  await flushPromises()
  return { wrapper, flow }
}

describe('the waiting card when nothing arrives', () => {
  it('asks about the other region only once main says a minute passed, and keeps waiting', async () => {
    const { wrapper, flow } = await waitingView()
    expect(wrapper.find(byTestId('sign-in-no-answer')).exists()).toBe(false)

    flow.progress({ stage: 'no-answer-yet', waitedMs: 60_000, otherRegion: 'cn' })
    await flushPromises()
    const hint = wrapper.get(byTestId('sign-in-no-answer'))
    expect(hint.text()).toContain('Nothing arrived. Is this app on the other region?')
    expect(hint.attributes('role')).toBe('status')
    // Inside the waiting card, above the address: the first thing read after the title.
    expect(wrapper.get(byTestId('sign-in-waiting')).element.contains(hint.element)).toBe(true)
    expect(
      hint.element.compareDocumentPosition(wrapper.get(byTestId('authorize-url')).element) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy()
    expect(wrapper.get(byTestId('no-answer-switch-region')).text()).toBe(
      'Sign in with coze.cn instead',
    )
    // Not an error: the sign-in still runs and can be cancelled.
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(wrapper.get(byTestId('sign-in-stage')).attributes('data-stage')).toBe(
      'waiting-for-browser',
    )
    expect(wrapper.find(byTestId('cancel-sign-in')).exists()).toBe(true)
  })

  it('says it in Chinese', async () => {
    setLocale('zh-CN')
    const { wrapper, flow } = await waitingView()
    flow.progress({ stage: 'no-answer-yet', waitedMs: 60_000, otherRegion: 'cn' })
    await flushPromises()
    expect(wrapper.get(byTestId('sign-in-no-answer')).text()).toContain(
      '还没有收到回应。这个应用是否在另一个区域？',
    )
    expect(wrapper.get(byTestId('no-answer-switch-region')).text()).toBe('改为在 coze.cn 登录')
  })

  it('switches the region and starts the sign-in again there, after the waiting one has ended', async () => {
    const { wrapper, flow } = await waitingView()
    const firstId = flow.signInId()
    harness.api.answers.cancelSignIn = () => {
      flow.pending.resolve(failure('CANCELLED'))
      return ok({ cancelled: true })
    }
    flow.progress({ stage: 'no-answer-yet', waitedMs: 60_000, otherRegion: 'cn' })
    await flushPromises()
    const next = holdSignIn(harness.api)
    await wrapper.get(byTestId('no-answer-switch-region')).trigger('click')
    await flushPromises()

    expect(requestsOf(harness.api, 'cancelSignIn')).toEqual([{ signInId: firstId }])
    const started = requestsOf(harness.api, 'signIn')
    expect(started).toHaveLength(2)
    expect(started.at(-1)).toMatchObject({ profileId: 'pkce-1', region: 'cn' })
    expect(next.signInId()).not.toBe(firstId)
    // The new sign-in waits afresh: the old hint and its address are gone.
    expect(wrapper.find(byTestId('sign-in-waiting')).exists()).toBe(true)
    expect(wrapper.find(byTestId('sign-in-no-answer')).exists()).toBe(false)
    expect(wrapper.find(byTestId('authorize-url')).exists()).toBe(false)

    // Should that one fail too, the start screen it goes back to has followed to coze.cn, and
    // its browser button signs in there with the same app.
    next.pending.resolve(failure('NETWORK'))
    await flushPromises()
    await wrapper.get(byTestId('sign-in-back')).trigger('click')
    await flushPromises()
    expect((wrapper.get(byTestId('region-cn')).element as HTMLInputElement).checked).toBe(true)
    const last = holdSignIn(harness.api)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn').at(-1)).toMatchObject({
      profileId: 'pkce-1',
      region: 'cn',
    })

    last.pending.resolve(ok(summary('a1', { region: 'cn', label: 'Ada (coze.cn)' })))
    await flushPromises()
    expect(wrapper.get(byTestId('sign-in-success')).text()).toContain('Ada (coze.cn) was added.')
  })

  it('drops the question once the answer comes after all', async () => {
    const { wrapper, flow } = await waitingView()
    flow.progress({ stage: 'no-answer-yet', waitedMs: 60_000, otherRegion: 'cn' })
    await flushPromises()
    expect(wrapper.find(byTestId('sign-in-no-answer')).exists()).toBe(true)
    flow.progress({ stage: 'exchanging' })
    await flushPromises()
    expect(wrapper.find(byTestId('sign-in-no-answer')).exists()).toBe(false)
  })

  it('asks nothing where there is no other region to offer (a custom deployment)', async () => {
    const { wrapper, flow } = await waitingView()
    flow.progress({ stage: 'no-answer-yet', waitedMs: 60_000 })
    await flushPromises()
    expect(wrapper.find(byTestId('sign-in-no-answer')).exists()).toBe(false)
  })
})
