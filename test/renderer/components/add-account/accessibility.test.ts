// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useClockStore } from '../../../../src/renderer/src/stores/clock'
import { en, zhCN } from '../../../../src/renderer/src/i18n/messages'
import { failure, ok, profile } from '../../stores/helpers'
import { seriousAxeFindings } from '../../support/axe'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView } from './harness'

let harness: Harness

beforeEach(async () => {
  harness = await createHarness({
    profiles: [
      profile('pkce-1', { region: 'com', clientType: 'pkce' }),
      profile('device-1', { region: 'com', clientType: 'device' }),
      profile('jwt-1', { region: 'com', clientType: 'jwt', publicKeyId: 'k', hasPrivateKey: true }),
    ],
  })
  useClockStore().setNow(1_800_000_000_000)
})

afterEach(() => {
  document.body.innerHTML = ''
  setLocale('en')
})

const codeReady = {
  stage: 'code-ready',
  userCode: 'ABCD-EFGH',
  verificationUri: 'https://www.coze.com/device',
  verificationUrlWithCode: 'https://www.coze.com/device?user_code=ABCD-EFGH',
  expiresAt: 1_800_000_300_000,
} as const

type HeldSignIn = ReturnType<typeof holdSignIn>
type Screen = 'start' | 'browser' | 'device' | 'jwt' | 'paste'

/** Brings the screen to one of its states: the start, a way's screen, or a card while it waits. */
async function open(wrapper: VueWrapper, screen: Screen): Promise<HeldSignIn | undefined> {
  if (screen === 'start') {
    // "Use another app" open, with an app picked: every control of the start screen is shown.
    await wrapper.get(byTestId('other-app-toggle')).trigger('click')
    ;(wrapper.get(byTestId('other-app')).element as HTMLDetailsElement).open = true
    await wrapper.get(byTestId('profile-select')).setValue('pkce-1')
    await flushPromises()
    return undefined
  }
  const flow = screen === 'browser' || screen === 'device' ? holdSignIn(harness.api) : undefined
  await wrapper.get(byTestId(`way-${screen}`)).trigger('click')
  await flushPromises()
  if (screen === 'browser') {
    flow?.progress({
      stage: 'waiting-for-browser',
      authorizeUrl: 'https://www.coze.com/api/permission/oauth2/authorize?client_id=c&state=s',
    })
  }
  if (screen === 'device') flow?.progress(codeReady)
  await flushPromises()
  return flow
}

describe('the add-account screen for assistive technology', () => {
  it.each(['start', 'browser', 'device', 'jwt', 'paste'] as const)(
    'has every control labelled on the %s screen',
    async (screen) => {
      const wrapper = await mountView(harness)
      await open(wrapper, screen)
      expect(wrapper.get(byTestId('add-account')).attributes('data-screen')).toBe(
        screen === 'browser' || screen === 'device' ? 'card' : screen,
      )
      expect(await seriousAxeFindings()).toEqual([])
    },
  )

  it('stays clean with a device code, a failed card, the profile form and a remove dialog', async () => {
    const flow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-device')).trigger('click')
    await flushPromises()
    flow.progress(codeReady)
    await flushPromises()
    expect(await seriousAxeFindings()).toEqual([])
    flow.pending.resolve({ ok: false, error: { code: 'ACCESS_DENIED', message: 'no' } })
    await flushPromises()
    expect(wrapper.find(byTestId('sign-in-retry')).exists()).toBe(true)
    expect(await seriousAxeFindings()).toEqual([])
    await wrapper.get(byTestId('sign-in-back')).trigger('click')
    await flushPromises()

    await wrapper.get(byTestId('profile-new')).trigger('click')
    await wrapper.get(byTestId('profile-client-type')).setValue('web')
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    expect(await seriousAxeFindings()).toEqual([])
    await wrapper.get(byTestId('profile-cancel')).trigger('click')
    await flushPromises()

    await wrapper.get(byTestId('profile-select')).setValue('pkce-1')
    await wrapper.get(byTestId('profile-remove')).trigger('click')
    await flushPromises()
    expect(await seriousAxeFindings()).toEqual([])
  })

  it('stays clean with a token offered from the clipboard', async () => {
    harness.api.answers.peekClipboardToken = () =>
      ok({ offer: { kind: 'pat', id: 'e'.repeat(32) } })
    const wrapper = await mountView(harness)
    await open(wrapper, 'paste')
    expect(wrapper.find(byTestId('clipboard-offer')).exists()).toBe(true)
    expect(await seriousAxeFindings()).toEqual([])
  })

  it('stays clean when no browser could be opened, and when the code runs out', async () => {
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    const browserFlow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    browserFlow.progress({
      stage: 'waiting-for-browser',
      authorizeUrl: 'https://www.coze.com/api/permission/oauth2/authorize?client_id=c&state=s',
    })
    browserFlow.progress({ stage: 'browser-open-failed' })
    await flushPromises()
    expect(wrapper.get(byTestId('browser-open-note')).attributes('role')).toBe('alert')
    expect(await seriousAxeFindings()).toEqual([])
    await wrapper.get(byTestId('cancel-sign-in')).trigger('click')
    browserFlow.pending.resolve({ ok: false, error: { code: 'CANCELLED', message: 'x' } })
    await flushPromises()

    const deviceFlow = holdSignIn(harness.api)
    await wrapper.get(byTestId('way-device')).trigger('click')
    await flushPromises()
    deviceFlow.progress(codeReady)
    deviceFlow.progress({ stage: 'browser-open-failed' })
    await flushPromises()
    expect(wrapper.get(byTestId('device-browser-note')).attributes('role')).toBe('alert')
    expect(await seriousAxeFindings()).toEqual([])
    useClockStore().setNow(codeReady.expiresAt)
    await flushPromises()
    expect(wrapper.find(byTestId('device-restart')).exists()).toBe(true)
    expect(await seriousAxeFindings()).toEqual([])
  })

  it('is wholly in Chinese when the window is', async () => {
    setLocale('zh-CN')
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    const wrapper = await mountView(harness)
    for (const screen of ['start', 'browser', 'device', 'jwt', 'paste'] as const) {
      const flow = await open(wrapper, screen)
      // Every text of the screen comes from the catalogue: none of the English ones shows.
      const shown = wrapper.text()
      const english = Object.entries(en)
        .filter(([key, text]) => key.startsWith('add') && !text.includes('{') && text.length > 12)
        .filter(([key, text]) => zhCN[key as keyof typeof en] !== text && shown.includes(text))
      expect(
        english.map(([key]) => key),
        screen,
      ).toEqual([])
      // Back to the start screen for the next one.
      if (screen === 'browser' || screen === 'device') {
        await wrapper.get(byTestId('cancel-sign-in')).trigger('click')
        flow?.pending.resolve(failure('CANCELLED'))
        await flushPromises()
      } else if (screen !== 'start') {
        await wrapper.get(byTestId('way-back')).trigger('click')
        await flushPromises()
      }
    }
    expect(wrapper.get(byTestId('way-paste')).get('.way-label').text()).toBe(
      '使用扣子控制台中的令牌',
    )
  })
})
