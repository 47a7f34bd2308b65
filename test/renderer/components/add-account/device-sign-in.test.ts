// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useClockStore } from '../../../../src/renderer/src/stores/clock'
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings'
import { failure, ok, profile, summary } from '../../stores/helpers'
import { decodePath } from '../../qr/qr-decode'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView, requestsOf } from './harness'

let harness: Harness
const cli = profile('device-1', { name: 'CLI', region: 'cn', clientType: 'device' })
const t0 = 1_800_000_000_000
const codeReady = {
  stage: 'code-ready',
  userCode: 'WDJB-MJHT',
  verificationUri: 'https://www.coze.cn/open/oauth/device',
  verificationUrlWithCode: 'https://www.coze.cn/open/oauth/device?user_code=WDJB-MJHT',
  expiresAt: t0 + 245_000,
} as const

beforeEach(async () => {
  harness = await createHarness({ profiles: [cli] })
  harness.api.answers.getSettings = () =>
    ok({
      defaultRegion: 'cn',
      clipboardClearSeconds: 30,
      keepInTray: true,
      launchAtLogin: false,
      language: 'en',
      secretStorage: 'keychain',
      allowPlaintextSecrets: false,
    })
  useClockStore().setNow(t0)
})

afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
  setLocale('en')
})

/** Starts as a keyboard user would: the Start button has focus when it is pressed. */
async function startDeviceFocused() {
  const flow = holdSignIn(harness.api)
  await useSettingsStore().load()
  const wrapper = await mountView(harness)
  const start = wrapper.get(byTestId('way-device'))
  ;(start.element as HTMLButtonElement).focus()
  await start.trigger('click')
  await flushPromises()
  return { flow, wrapper }
}

async function startDevice() {
  const flow = holdSignIn(harness.api)
  // The settings say coze.cn, where the device app is.
  await useSettingsStore().load()
  const wrapper = await mountView(harness)
  await wrapper.get(byTestId('way-device')).trigger('click')
  await flushPromises()
  return { flow, wrapper }
}

describe('signing in with a code', () => {
  it('shows the code, its QR code, the address and a countdown on the shared clock', async () => {
    const { flow, wrapper } = await startDevice()
    expect(requestsOf(harness.api, 'signIn')).toEqual([
      { signInId: flow.signInId(), profileId: 'device-1' },
    ])
    flow.progress(codeReady)
    await flushPromises()

    expect(wrapper.get(byTestId('device-user-code')).text()).toBe('WDJB-MJHT')
    // The page with the code filled in sits behind "Open the page again" and "Copy link"; the
    // address a person types on another device is named in words.
    const link = wrapper.get(byTestId('device-verification-url'))
    expect(link.attributes('href')).toBe(codeReady.verificationUrlWithCode)
    expect(link.text()).toBe('Open the page again')
    expect(wrapper.find(byTestId('copy-verification-url')).exists()).toBe(true)
    expect(wrapper.get(byTestId('device-browser-note')).text()).toContain(
      'open www.coze.cn/open/oauth/device and enter the code',
    )
    // It does not claim the browser opened before main says so.
    expect(wrapper.get(byTestId('device-browser-note')).text()).toContain(
      'The Coze page is opening in your browser.',
    )
    expect(wrapper.text()).not.toContain('has opened')
    flow.progress({ stage: 'browser-opened' })
    await flushPromises()
    expect(wrapper.get(byTestId('device-browser-note')).text()).toContain(
      'The Coze page has opened in your browser.',
    )
    expect(wrapper.get(byTestId('sign-in-stage')).attributes('data-stage')).toBe('code-ready')

    // The QR code is an inline SVG whose drawing decodes to the address with the code in it.
    const svg = wrapper.get(byTestId('device-qr'))
    expect(svg.element.tagName.toLowerCase()).toBe('svg')
    expect(svg.attributes('role')).toBe('img')
    expect(svg.attributes('aria-label')).toContain(codeReady.verificationUri)
    const size = Number(svg.attributes('data-modules'))
    expect(svg.attributes('viewBox')).toBe(`0 0 ${size} ${size}`)
    expect(decodePath(svg.get('path').attributes('d') ?? '', size)).toBe(
      codeReady.verificationUrlWithCode,
    )

    // One clock for every countdown: frozen here, moved by hand.
    const clock = useClockStore()
    expect(wrapper.get(byTestId('device-countdown')).text()).toBe('4:05')
    clock.setNow(t0 + 65_000)
    await flushPromises()
    expect(wrapper.get(byTestId('device-countdown')).text()).toBe('3:00')
    expect(wrapper.get(byTestId('device-countdown')).attributes('role')).toBe('timer')

    flow.progress({ stage: 'polling', attempt: 3, nextPollInMs: 5000 })
    await flushPromises()
    expect(wrapper.get(byTestId('sign-in-stage')).text()).toBe(
      'Waiting for the code to be approved…',
    )
    expect(wrapper.get(byTestId('device-user-code')).text()).toBe('WDJB-MJHT')

    flow.pending.resolve(ok(summary('a1', { method: 'device' })))
    await flushPromises()
    expect(wrapper.find(byTestId('device-user-code')).exists()).toBe(false)
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
  })

  it('tells the person to open the address themselves when the browser could not be opened', async () => {
    const { flow, wrapper } = await startDevice()
    flow.progress(codeReady)
    flow.progress({ stage: 'polling', attempt: 1, nextPollInMs: 5000 })
    flow.progress({ stage: 'browser-open-failed' })
    await flushPromises()
    const note = wrapper.get(byTestId('device-browser-note'))
    expect(note.attributes('role')).toBe('alert')
    expect(note.text()).toContain('Your browser could not be opened. Copy the link')
    // The link to the page, with the code in it, is still there to open or copy.
    const link = wrapper.get(byTestId('device-verification-url'))
    expect(link.attributes('href')).toBe(codeReady.verificationUrlWithCode)
    expect(link.classes()).toContain('primary')
    expect(wrapper.find(byTestId('copy-verification-url')).exists()).toBe(true)
    expect(wrapper.text()).not.toContain('has opened in your browser')
    expect(wrapper.text()).not.toContain('is opening in your browser')
    // The code is still there, and the sign-in still waits.
    expect(wrapper.get(byTestId('device-user-code')).text()).toBe('WDJB-MJHT')
    expect(wrapper.get(byTestId('sign-in-stage')).attributes('data-stage')).toBe('polling')
  })

  it('keeps keyboard focus: Cancel after the start, Get a new code when the code runs out', async () => {
    const { flow, wrapper } = await startDeviceFocused()
    expect(document.activeElement).toBe(wrapper.get(byTestId('cancel-sign-in')).element)
    flow.progress(codeReady)
    await flushPromises()
    ;(wrapper.get(byTestId('copy-user-code')).element as HTMLButtonElement).focus()
    useClockStore().setNow(codeReady.expiresAt)
    await flushPromises()
    const restart = wrapper.get(byTestId('device-restart'))
    expect(document.activeElement).toBe(restart.element)
    // Said out loud too, not only shown.
    expect(wrapper.get(byTestId('device-expired')).get('[role="alert"]').text()).toContain(
      'expired',
    )
  })

  it('leaves focus where the person put it when the code runs out', async () => {
    const { flow, wrapper } = await startDevice()
    flow.progress(codeReady)
    await flushPromises()
    const cancel = wrapper.get(byTestId('cancel-sign-in')).element as HTMLButtonElement
    const outside = document.createElement('button')
    document.body.append(outside)
    outside.focus()
    useClockStore().setNow(codeReady.expiresAt)
    await flushPromises()
    expect(document.activeElement).toBe(outside)
    expect(cancel.isConnected).toBe(true)
  })

  it('copies the code, and says so when the clipboard refuses', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    const { flow, wrapper } = await startDevice()
    flow.progress(codeReady)
    await flushPromises()
    await wrapper.get(byTestId('copy-user-code')).trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('WDJB-MJHT')
    expect(wrapper.get(byTestId('copy-user-code-status')).text()).toBe('Copied.')

    writeText.mockRejectedValue(new Error('denied'))
    await wrapper.get(byTestId('copy-user-code')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('copy-user-code-status')).text()).toContain('Could not copy')
  })

  it('says when the code has run out, and gets a new one after cancelling the old flow', async () => {
    const { flow, wrapper } = await startDevice()
    flow.progress(codeReady)
    await flushPromises()
    const firstId = flow.signInId()
    useClockStore().setNow(codeReady.expiresAt)
    await flushPromises()
    expect(wrapper.find(byTestId('device-user-code')).exists()).toBe(false)
    expect(wrapper.find(byTestId('device-qr')).exists()).toBe(false)
    expect(wrapper.find(byTestId('device-verification-url')).exists()).toBe(false)
    expect(wrapper.get(byTestId('device-expired')).text()).toContain('expired')

    harness.api.answers.cancelSignIn = () => {
      flow.pending.resolve(failure('CANCELLED'))
      return ok({ cancelled: true })
    }
    const next = holdSignIn(harness.api)
    await wrapper.get(byTestId('device-restart')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'cancelSignIn')).toEqual([{ signInId: firstId }])
    const started = requestsOf(harness.api, 'signIn') as { signInId: string }[]
    expect(started).toHaveLength(2)
    expect(started[1]?.signInId).not.toBe(firstId)
    next.progress({ ...codeReady, userCode: 'NEWC-ODE1', expiresAt: codeReady.expiresAt + 300_000 })
    await flushPromises()
    expect(wrapper.get(byTestId('device-user-code')).text()).toBe('NEWC-ODE1')
  })

  it("shows main's expired code as an error with Try again", async () => {
    const { flow, wrapper } = await startDevice()
    flow.progress(codeReady)
    flow.pending.resolve(failure('DEVICE_CODE_EXPIRED'))
    await flushPromises()
    // The dead code is gone from the card; the card says why, with Try again.
    expect(wrapper.find(byTestId('device-user-code')).exists()).toBe(false)
    expect(wrapper.find(byTestId('device-verification-url')).exists()).toBe(false)
    expect(wrapper.get(byTestId('sign-in-card-title')).text()).toBe('The sign-in did not finish')
    expect(wrapper.get(byTestId('error-notice')).attributes('data-code')).toBe(
      'DEVICE_CODE_EXPIRED',
    )
    harness.api.answers.signIn = () => ok(summary('a2'))
    await wrapper.get(byTestId('sign-in-retry')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toHaveLength(2)
  })

  it('holds the shared clock only while a code is shown', async () => {
    const clock = useClockStore()
    const { flow, wrapper } = await startDevice()
    expect(clock.users).toBe(0)
    flow.progress(codeReady)
    await flushPromises()
    expect(clock.users).toBe(1)
    flow.pending.resolve(failure('ACCESS_DENIED'))
    await flushPromises()
    expect(clock.users).toBe(0)
    wrapper.unmount()
  })
})
