// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppSettings } from '../../../src/shared/ipc-contract'
import { installApi } from '../../../src/renderer/src/api/bridge'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'
import type { FakeApi } from '../fake-api'
import { createFakeApi } from '../fake-api'
import { deferred, failure, later, ok } from './helpers'

let api: FakeApi
let stored: AppSettings

beforeEach(() => {
  setActivePinia(createPinia())
  api = createFakeApi()
  installApi(api)
  stored = {
    defaultRegion: 'cn',
    clipboardClearSeconds: 30,
    keepInTray: true,
    launchAtLogin: false,
    language: 'en',
    secretStorage: 'safe-storage',
    allowPlaintextSecrets: false,
  }
  api.answers.getSettings = () => ok(structuredClone(stored))
  api.answers.updateSettings = (request) => {
    stored = { ...stored, ...(request as Partial<AppSettings>) }
    return ok(structuredClone(stored))
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('useSettingsStore', () => {
  it('loads the settings and uses an explicit language as it is', async () => {
    stored.language = 'zh-CN'
    const store = useSettingsStore()
    await store.load()
    expect(store.settings).toEqual(stored)
    expect(store.loaded).toBe(true)
    expect(store.effectiveLocale).toBe('zh-CN')
  })

  it('detects the locale from the system languages for "system"', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-TW', 'en-US'])
    stored.language = 'system'
    const store = useSettingsStore()
    await store.load()
    expect(store.effectiveLocale).toBe('zh-CN')
  })

  it('follows a system language change', async () => {
    const languages = vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-GB'])
    stored.language = 'system'
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
    const first = deferred<ReturnType<NonNullable<typeof api.answers.updateSettings>>>()
    const second = deferred<ReturnType<NonNullable<typeof api.answers.updateSettings>>>()
    api.answers.updateSettings = later(first)
    const firstUpdate = store.update({ keepInTray: false })
    api.answers.updateSettings = later(second)
    const secondUpdate = store.update({ launchAtLogin: true })
    expect(store.saving).toBe(true)
    first.resolve(ok({ ...stored, keepInTray: false }))
    await firstUpdate
    expect(store.saving).toBe(true)
    second.resolve(ok({ ...stored, keepInTray: false, launchAtLogin: true }))
    await secondUpdate
    expect(store.saving).toBe(false)
    expect(store.settings?.launchAtLogin).toBe(true)
  })

  it('sends a patch and takes the settings main answers with', async () => {
    const store = useSettingsStore()
    await store.load()
    expect(await store.update({ clipboardClearSeconds: 0, proxyUrl: null })).toBe(true)
    expect(api.calls.at(-1)?.request).toEqual({ clipboardClearSeconds: 0, proxyUrl: null })
    expect(store.settings?.clipboardClearSeconds).toBe(0)
    expect(store.saving).toBe(false)
  })

  it('keeps the stored settings when an update fails', async () => {
    const store = useSettingsStore()
    await store.load()
    api.answers.updateSettings = () => failure('INVALID_ARGUMENT', 'The proxy URL is not valid.')
    expect(await store.update({ proxyUrl: 'ftp://nope' })).toBe(false)
    expect(store.error?.code).toBe('INVALID_ARGUMENT')
    expect(store.settings).toEqual(stored)
    expect(store.saving).toBe(false)
  })

  it('reports a failed load', async () => {
    api.answers.getSettings = () => failure('STORE_FAILED')
    const store = useSettingsStore()
    await store.load()
    expect(store.error?.code).toBe('STORE_FAILED')
    expect(store.settings).toBeUndefined()
    expect(store.loaded).toBe(true)
  })

  it('takes changes main announces, until stopped', async () => {
    const store = useSettingsStore()
    await store.load()
    api.emit('settingsChanged', { ...stored, language: 'zh-CN', keepInTray: false })
    await flushPromises()
    expect(store.settings?.keepInTray).toBe(false)
    expect(store.effectiveLocale).toBe('zh-CN')
    store.stop()
    api.emit('settingsChanged', { ...stored, language: 'en' })
    expect(store.settings?.language).toBe('zh-CN')
  })
})
