// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useClockStore } from '../../../../src/renderer/src/stores/clock'
import { en, zhCN } from '../../../../src/renderer/src/i18n/messages'
import { profile } from '../../stores/helpers'
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

describe('the add-account screen for assistive technology', () => {
  it.each(['browser', 'device', 'jwt', 'paste'] as const)(
    'has every control labelled on the %s tab',
    async (method) => {
      const wrapper = await mountView(harness)
      await wrapper.get(byTestId(`method-${method}`)).trigger('click')
      await flushPromises()
      expect(await seriousAxeFindings()).toEqual([])
    },
  )

  it('stays clean with a device code, the profile form and a remove dialog', async () => {
    const flow = holdSignIn(harness.api)
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('way-device')).trigger('click')
    await wrapper.get(byTestId('way-device')).trigger('click')
    await flushPromises()
    flow.progress({
      stage: 'code-ready',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://www.coze.com/device',
      verificationUrlWithCode: 'https://www.coze.com/device?user_code=ABCD-EFGH',
      expiresAt: 1_800_000_300_000,
    })
    await flushPromises()
    expect(await seriousAxeFindings()).toEqual([])
    flow.pending.resolve({ ok: false, error: { code: 'ACCESS_DENIED', message: 'no' } })
    await flushPromises()

    await wrapper.get(byTestId('profile-new')).trigger('click')
    await wrapper.get(byTestId('profile-client-type')).setValue('web')
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    expect(await seriousAxeFindings()).toEqual([])
    await wrapper.get(byTestId('profile-cancel')).trigger('click')

    await wrapper.get(byTestId('profile-remove')).trigger('click')
    await flushPromises()
    expect(await seriousAxeFindings()).toEqual([])
  })

  it('stays clean when no browser could be opened, and when the code runs out', async () => {
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
    browserFlow.pending.resolve({ ok: false, error: { code: 'CANCELLED', message: 'x' } })
    await flushPromises()

    const deviceFlow = holdSignIn(harness.api)
    await wrapper.get(byTestId('way-device')).trigger('click')
    await wrapper.get(byTestId('way-device')).trigger('click')
    await flushPromises()
    deviceFlow.progress({
      stage: 'code-ready',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://www.coze.com/device',
      verificationUrlWithCode: 'https://www.coze.com/device?user_code=ABCD-EFGH',
      expiresAt: 1_800_000_300_000,
    })
    deviceFlow.progress({ stage: 'browser-open-failed' })
    await flushPromises()
    expect(await seriousAxeFindings()).toEqual([])
    useClockStore().setNow(1_800_000_300_000)
    await flushPromises()
    expect(wrapper.find(byTestId('device-restart')).exists()).toBe(true)
    expect(await seriousAxeFindings()).toEqual([])
  })

  it('is wholly in Chinese when the window is', async () => {
    setLocale('zh-CN')
    const wrapper = await mountView(harness)
    for (const method of ['browser', 'device', 'jwt', 'paste'] as const) {
      await wrapper.get(byTestId(`method-${method}`)).trigger('click')
      // Every text of the screen comes from the catalogue: none of the English ones shows.
      const shown = wrapper.text()
      const english = Object.entries(en)
        .filter(([key, text]) => key.startsWith('add') && !text.includes('{') && text.length > 12)
        .filter(([key, text]) => zhCN[key as keyof typeof en] !== text && shown.includes(text))
      expect(
        english.map(([key]) => key),
        method,
      ).toEqual([])
    }
    expect(wrapper.get(byTestId('way-paste')).text()).toBe('粘贴令牌')
  })
})
