// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import type { SettingsHarness } from './settings-harness'
import { byTestId, createSettingsHarness } from './settings-harness'

let harness: SettingsHarness

beforeEach(() => {
  setLocale('en')
})

describe('SettingsView: asking before a command-line tool gets a token', () => {
  it.each(['electron', 'browser'] as const)(
    'is off by default and sends its patch (%s)',
    async (host) => {
      harness = createSettingsHarness(host)
      const view = await harness.mountView()
      const box = byTestId(view, 'settings-ask-before-command-line-token')
      expect((box.element as HTMLInputElement).checked).toBe(false)
      expect(view.text()).toContain('Ask in the app before a command-line tool gets a token')
      await box.setValue(true)
      await flushPromises()
      expect(harness.requests('updateSettings')).toEqual([{ askBeforeCommandLineToken: true }])
      expect(harness.stored.askBeforeCommandLineToken).toBe(true)
      await box.setValue(false)
      await flushPromises()
      expect(harness.stored.askBeforeCommandLineToken).toBe(false)
    },
  )

  it('reads in Chinese too', async () => {
    harness = createSettingsHarness('browser')
    setLocale('zh-CN')
    const view = await harness.mountView()
    expect(view.text()).toContain('命令行工具获取令牌前先在应用中询问')
  })
})
