// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'
import type { SettingsHarness } from '../components/settings/settings-harness'
import { createSettingsHarness } from '../components/settings/settings-harness'
import { deferred, failure, later, ok } from './helpers'

// The settings screen's fake main serves the store too: it keeps the settings and applies patches.
let harness: SettingsHarness

beforeEach(() => {
  harness = createSettingsHarness()
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('useSettingsStore', () => {
  it('loads the settings and uses an explicit language as it is', async () => {
    harness.stored.language = 'zh-CN'
    const store = useSettingsStore()
    await store.load()
    expect(store.settings).toEqual(harness.stored)
    expect(store.loaded).toBe(true)
    expect(store.effectiveLocale).toBe('zh-CN')
  })

  it('detects the locale from the system languages for "system"', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-TW', 'en-US'])
    harness.stored.language = 'system'
    const store = useSettingsStore()
    await store.load()
    expect(store.effectiveLocale).toBe('zh-CN')
  })

  it('follows a system language change', async () => {
    const languages = vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-GB'])
    harness.stored.language = 'system'
    const store = useSettingsStore()
    await store.load()
    expect(store.effectiveLocale).toBe('en')
    languages.mockReturnValue(['zh-CN'])
    window.dispatchEvent(new Event('languagechange'))
    expect(store.effectiveLocale).toBe('zh-CN')
  })

  it('says what "follow the system" means even while another language is chosen', async () => {
    const languages = vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-CN'])
    const store = useSettingsStore()
    await store.load()
    expect(store.effectiveLocale).toBe('en')
    expect(store.systemLocale).toBe('zh-CN')
    languages.mockReturnValue(['en-AU'])
    window.dispatchEvent(new Event('languagechange'))
    expect(store.systemLocale).toBe('en')
  })

  it('stays "saving" until the last of two overlapping updates is answered', async () => {
    const store = useSettingsStore()
    await store.load()
    const first = deferred<ReturnType<NonNullable<typeof harness.api.answers.updateSettings>>>()
    const second = deferred<ReturnType<NonNullable<typeof harness.api.answers.updateSettings>>>()
    harness.api.answers.updateSettings = later(first)
    const firstUpdate = store.update({ keepInTray: false })
    harness.api.answers.updateSettings = later(second)
    const secondUpdate = store.update({ launchAtLogin: true })
    expect(store.saving).toBe(true)
    first.resolve(ok({ ...harness.stored, keepInTray: false }))
    await firstUpdate
    expect(store.saving).toBe(true)
    second.resolve(ok({ ...harness.stored, keepInTray: false, launchAtLogin: true }))
    await secondUpdate
    expect(store.saving).toBe(false)
    expect(store.settings?.launchAtLogin).toBe(true)
  })

  it('sends a patch and takes the settings main answers with', async () => {
    const store = useSettingsStore()
    await store.load()
    expect(await store.update({ clipboardClearSeconds: 0, proxyUrl: null })).toBe(true)
    expect(harness.api.calls.at(-1)?.request).toEqual({ clipboardClearSeconds: 0, proxyUrl: null })
    expect(store.settings?.clipboardClearSeconds).toBe(0)
    expect(store.saving).toBe(false)
  })

  it('keeps the stored settings when an update fails', async () => {
    const store = useSettingsStore()
    await store.load()
    harness.api.answers.updateSettings = () =>
      failure('INVALID_ARGUMENT', 'The proxy URL is not valid.')
    expect(await store.update({ proxyUrl: 'ftp://nope' })).toBe(false)
    expect(store.error?.code).toBe('INVALID_ARGUMENT')
    expect(store.settings).toEqual(harness.stored)
    expect(store.saving).toBe(false)
  })

  it('reports a failed load', async () => {
    harness.api.answers.getSettings = () => failure('STORE_FAILED')
    const store = useSettingsStore()
    await store.load()
    expect(store.error?.code).toBe('STORE_FAILED')
    expect(store.settings).toBeUndefined()
    expect(store.loaded).toBe(true)
  })

  it('takes changes main announces, until stopped', async () => {
    const store = useSettingsStore()
    await store.load()
    harness.api.emit('settingsChanged', { ...harness.stored, language: 'zh-CN', keepInTray: false })
    await flushPromises()
    expect(store.settings?.keepInTray).toBe(false)
    expect(store.effectiveLocale).toBe('zh-CN')
    store.stop()
    harness.api.emit('settingsChanged', { ...harness.stored, language: 'en' })
    expect(store.settings?.language).toBe('zh-CN')
  })
})
