// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import { useSignInStore } from '../../../../src/renderer/src/stores/sign-in'
import { failure, ok, profile } from '../../stores/helpers'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView, requestsOf } from './harness'

// Leaving the screen cancels its sign-in, but main takes a moment to wind the flow down. A person
// who comes straight back (or presses the empty window's one button) must get a clean screen.

let harness: Harness
const desktop = profile('pkce-1', { name: 'Desktop', region: 'com', clientType: 'pkce' })

beforeEach(async () => {
  harness = await createHarness({ profiles: [desktop] })
  harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
})

afterEach(() => {
  document.body.innerHTML = ''
  setLocale('en')
})

/** Starts a sign-in on a first visit, then leaves the screen while main still runs it. */
async function leaveWhileRunning() {
  const first = holdSignIn(harness.api)
  const wrapper = await mountView(harness)
  await wrapper.get(byTestId('way-browser')).trigger('click')
  await flushPromises()
  wrapper.unmount()
  await flushPromises()
  expect(requestsOf(harness.api, 'cancelSignIn')).toHaveLength(1)
  return first
}

describe('coming back to Add account before a cancelled sign-in has ended', () => {
  it('starts clean once the old flow has settled, not with its "cancelled" outcome', async () => {
    const first = await leaveWhileRunning()
    const wrapper = await mountView(harness)
    // Main has not answered yet: the screen waits for it.
    first.pending.resolve(failure('CANCELLED'))
    await flushPromises()
    // The old flow's "cancelled" is not carried in: no stage, no card, no error.
    expect(useSignInStore().stage).toBeUndefined()
    expect(wrapper.find(byTestId('sign-in-card')).exists()).toBe(false)
    expect(wrapper.find(byTestId('sign-in-stage')).exists()).toBe(false)
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(wrapper.find(byTestId('way-browser')).exists()).toBe(true)
  })

  it('starts the one-button sign-in once the old flow has settled, instead of dropping it', async () => {
    const first = await leaveWhileRunning()
    const navigation = useNavigationStore()
    navigation.signInWith('pkce-1', { start: true })
    const second = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    // Still one sign-in in main: a second one now would be refused as already running.
    expect(requestsOf(harness.api, 'signIn')).toHaveLength(1)

    first.pending.resolve(failure('CANCELLED'))
    await flushPromises()
    const started = requestsOf(harness.api, 'signIn') as { signInId: string }[]
    expect(started).toHaveLength(2)
    expect(started[1]?.signInId).toBe(second.signInId())
    expect(started[1]?.signInId).not.toBe(started[0]?.signInId)
    expect(wrapper.find(byTestId('sign-in-waiting')).exists()).toBe(true)
    expect(navigation.takePendingSignIn()).toBeUndefined()
  })

  it('does not start anything if the person left again before the old flow settled', async () => {
    const first = await leaveWhileRunning()
    useNavigationStore().signInWith('pkce-1', { start: true })
    const wrapper = await mountView(harness)
    wrapper.unmount()
    first.pending.resolve(failure('CANCELLED'))
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toHaveLength(1)
  })
})
