// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { HostKind } from '../../../../src/shared/ipc-contract'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { failure } from '../../stores/helpers'
import { seriousAxeFindings } from '../../support/axe'
import { createSettingsHarness } from './settings-harness'

afterEach(() => {
  setLocale('en')
})

describe('SettingsView accessibility (axe-core)', () => {
  it.each([
    ['electron', 'en'],
    ['browser', 'zh-CN'],
  ] as const)('has no serious problem in the %s host (%s)', async (host: HostKind, locale) => {
    setLocale(locale)
    const harness = createSettingsHarness(host)
    harness.storage = {
      secrets: {
        kind: 'plaintext',
        persisted: true,
        encrypted: false,
        problem: { code: 'KEYCHAIN_UNAVAILABLE', message: 'No keyring.' },
      },
      accountsNeedingSignIn: 0,
    }
    harness.stored.clipboardClearSeconds = 0
    const wrapper = await harness.mountView()
    expect(await seriousAxeFindings(wrapper.element, { minimumPasses: 11 })).toEqual([])

    // The states that add elements: field errors, a refused save, the confirmation dialog.
    await wrapper.get('[data-testid="settings-proxy"]').setValue('ftp://nope')
    await wrapper.get('[data-testid="settings-proxy-save"]').trigger('click')
    await wrapper.get('[data-testid="settings-export-passphrase"]').setValue('short')
    await wrapper.get('[data-testid="settings-export"]').trigger('click')
    const answer = harness.api.answers.updateSettings
    harness.api.answers.updateSettings = () => failure('STORE_FAILED')
    await wrapper.get('[data-testid="settings-default-region"]').setValue('com')
    await flushPromises()
    harness.api.answers.updateSettings = answer
    harness.mainAsks = true
    await wrapper.get('[data-testid="settings-allow-plaintext"]').setValue(true)
    await flushPromises()
    expect(wrapper.find('[data-testid="weakening-confirm"]').exists()).toBe(true)
    expect(wrapper.findAll('[role="alert"]').length).toBeGreaterThan(2)
    expect(await seriousAxeFindings(wrapper.element, { minimumPasses: 11 })).toEqual([])
  })
})
