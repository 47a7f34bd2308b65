// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import axe from 'axe-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { HostKind } from '../../../../src/shared/ipc-contract'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { failure } from '../../stores/helpers'
import { createSettingsHarness } from './settings-harness'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('en')
})

/** Serious and critical findings; contrast needs real layout and is left to the Chromium scan. */
async function blockingFindings(root: Element): Promise<string[]> {
  const result = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } })
  expect(result.passes.length).toBeGreaterThan(10)
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`)
}

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
    wrapper = await harness.mountView()
    expect(await blockingFindings(wrapper.element)).toEqual([])

    // The states that add elements: field errors, a refused save, the confirmation dialog.
    await wrapper.get('[data-testid="settings-proxy"]').setValue('ftp://nope')
    await wrapper.get('[data-testid="settings-proxy-save"]').trigger('click')
    await wrapper.get('[data-testid="settings-export-passphrase"]').setValue('short')
    await wrapper.get('[data-testid="settings-export"]').trigger('click')
    harness.api.answers.updateSettings = () => failure('STORE_FAILED')
    await wrapper.get('[data-testid="settings-default-region"]').setValue('com')
    await wrapper.get('[data-testid="settings-allow-plaintext"]').setValue(true)
    await flushPromises()
    expect(wrapper.find('[data-testid="settings-plaintext-confirm"]').exists()).toBe(true)
    expect(wrapper.findAll('[role="alert"]').length).toBeGreaterThan(2)
    expect(await blockingFindings(wrapper.element)).toEqual([])
  })
})
