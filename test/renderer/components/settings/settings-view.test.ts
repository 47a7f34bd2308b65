// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppSettings } from '../../../../src/shared/ipc-contract'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { deferred, failure, later } from '../../stores/helpers'
import { expectNoSecret } from '../../support/secrets'
import type { SettingsHarness } from './settings-harness'
import { byTestId, createSettingsHarness } from './settings-harness'

let harness: SettingsHarness

beforeEach(() => {
  setLocale('en')
  harness = createSettingsHarness()
})

afterEach(() => {
  vi.restoreAllMocks()
  setLocale('en')
})

describe('SettingsView: loading', () => {
  it('shows every control with the stored values', async () => {
    harness.stored = {
      ...harness.stored,
      language: 'zh-CN',
      defaultRegion: 'com',
      clipboardClearSeconds: 45,
      proxyUrl: 'http://proxy.example:8080/',
      keepInTray: false,
      launchAtLogin: true,
      secretStorage: 'keychain',
    }
    const view = await harness.mountView()
    const value = (id: string): string =>
      (byTestId(view, id).element as HTMLInputElement | HTMLSelectElement).value
    const checked = (id: string): boolean =>
      (byTestId(view, id).element as HTMLInputElement).checked
    expect(value('settings-language')).toBe('zh-CN')
    expect(value('settings-default-region')).toBe('com')
    expect(value('settings-clipboard-delay')).toBe('45')
    expect(value('settings-proxy')).toBe('http://proxy.example:8080/')
    expect(checked('settings-keep-in-tray')).toBe(false)
    expect(checked('settings-launch-at-login')).toBe(true)
    expect(value('settings-secret-storage')).toBe('keychain')
    expect(checked('settings-allow-plaintext')).toBe(false)
    expect(view.find('[data-testid="settings-plaintext-warning"]').exists()).toBe(false)
  })

  it('labels every control and links its help text', async () => {
    const view = await harness.mountView()
    for (const control of view.findAll('input, select')) {
      const element = control.element as HTMLElement
      const label = element.id ? document.querySelector(`label[for="${element.id}"]`) : null
      expect(label?.textContent?.trim(), element.outerHTML).toBeTruthy()
      for (const describedId of (element.getAttribute('aria-describedby') ?? '').split(' ')) {
        if (describedId) expect(document.getElementById(describedId), describedId).not.toBeNull()
      }
    }
  })

  it('says a failed load and loads again on request', async () => {
    harness.api.answers.getSettings = () => failure('STORE_FAILED')
    const view = await harness.mountView()
    expect(byTestId(view, 'error-notice').attributes('data-code')).toBe('STORE_FAILED')
    expect(view.find('[data-testid="settings-language"]').exists()).toBe(false)
    harness.api.answers.getSettings = () => ({ ok: true, value: structuredClone(harness.stored) })
    await byTestId(view, 'error-notice').get('button').trigger('click')
    await flushPromises()
    expect(view.find('[data-testid="error-notice"]').exists()).toBe(false)
    expect(view.find('[data-testid="settings-language"]').exists()).toBe(true)
  })
})

describe('SettingsView: language and region', () => {
  it('says which language "follow the system" means now', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-TW', 'en'])
    harness = createSettingsHarness()
    harness.stored.language = 'system'
    const view = await harness.mountView()
    const select = byTestId(view, 'settings-language')
    expect(select.get('option[value="system"]').text()).toBe('Follow the system (now 简体中文)')
    expect((select.element as HTMLSelectElement).value).toBe('system')
  })

  it('sends the chosen language and says "Saving…", then "Saved"', async () => {
    const view = await harness.mountView()
    const pending = deferred<ReturnType<NonNullable<typeof harness.api.answers.updateSettings>>>()
    const answer = harness.api.answers.updateSettings
    harness.api.answers.updateSettings = later(pending)
    await byTestId(view, 'settings-language').setValue('zh-CN')
    expect(harness.requests('updateSettings')).toEqual([{ language: 'zh-CN' }])
    expect(byTestId(view, 'settings-saved').text()).toBe('Saving…')
    expect(byTestId(view, 'settings-saved').attributes('role')).toBe('status')
    pending.resolve(answer!({ language: 'zh-CN' }))
    await flushPromises()
    expect(byTestId(view, 'settings-saved').text()).toBe('Saved')
    expect(harness.stored.language).toBe('zh-CN')
  })

  it('sends the default region', async () => {
    const view = await harness.mountView()
    await byTestId(view, 'settings-default-region').setValue('com')
    await flushPromises()
    expect(harness.requests('updateSettings')).toEqual([{ defaultRegion: 'com' }])
    expect(harness.stored.defaultRegion).toBe('com')
  })

  it('shows a refused change with the error notice and goes back to the stored choice', async () => {
    const view = await harness.mountView()
    harness.api.answers.updateSettings = () => failure('STORE_FAILED')
    const select = byTestId(view, 'settings-default-region')
    await select.setValue('com')
    await flushPromises()
    expect((select.element as HTMLSelectElement).value).toBe('cn')
    expect(view.get('[data-testid="error-notice"]').attributes('data-code')).toBe('STORE_FAILED')
    expect(byTestId(view, 'settings-saved').text()).toBe('')
  })
})

describe('SettingsView: clipboard delay', () => {
  async function typeDelay(view: VueWrapper, text: string): Promise<void> {
    const field = byTestId(view, 'settings-clipboard-delay')
    await field.setValue(text)
    await field.trigger('change')
    await flushPromises()
  }

  it('sends the seconds when the field is left, once even when Save follows', async () => {
    const view = await harness.mountView()
    await typeDelay(view, '90')
    await byTestId(view, 'settings-clipboard-delay-save').trigger('click')
    await flushPromises()
    expect(harness.requests('updateSettings')).toEqual([{ clipboardClearSeconds: 90 }])
    expect(harness.stored.clipboardClearSeconds).toBe(90)
    expect(byTestId(view, 'settings-saved').text()).toBe('Saved')
  })

  it('warns that 0 leaves the token in the clipboard', async () => {
    const view = await harness.mountView()
    expect(view.find('[data-testid="settings-clipboard-never-warning"]').exists()).toBe(false)
    await typeDelay(view, '0')
    expect(harness.requests('updateSettings')).toEqual([{ clipboardClearSeconds: 0 }])
    const warning = byTestId(view, 'settings-clipboard-never-warning')
    expect(warning.text()).toContain('never cleared')
    const field = byTestId(view, 'settings-clipboard-delay')
    expect(field.attributes('aria-describedby')).toContain(warning.attributes('id'))
  })

  it.each(['3601', '-5', '2.5', ''])('refuses %j without asking main', async (text) => {
    const view = await harness.mountView()
    await typeDelay(view, text)
    expect(harness.requests('updateSettings')).toEqual([])
    expect(byTestId(view, 'settings-clipboard-delay-invalid').text()).toContain('0 to 3600')
    expect(byTestId(view, 'settings-clipboard-delay').attributes('aria-invalid')).toBe('true')
    await typeDelay(view, '3600')
    expect(view.find('[data-testid="settings-clipboard-delay-invalid"]').exists()).toBe(false)
    expect(harness.requests('updateSettings')).toEqual([{ clipboardClearSeconds: 3600 }])
  })
})

describe('SettingsView: proxy', () => {
  async function typeProxy(view: VueWrapper, text: string): Promise<void> {
    await byTestId(view, 'settings-proxy').setValue(text)
    await byTestId(view, 'settings-proxy-save').trigger('click')
    await flushPromises()
  }

  it('saves an http(s) address and shows it as in use', async () => {
    const view = await harness.mountView()
    expect(byTestId(view, 'settings-proxy-current').text()).toBe(
      'In use: no proxy. Requests go straight to Coze.',
    )
    await typeProxy(view, '  http://proxy.example:8080 ')
    expect(harness.requests('updateSettings')).toEqual([{ proxyUrl: 'http://proxy.example:8080' }])
    expect(byTestId(view, 'settings-proxy-current').text()).toBe(
      'In use: http://proxy.example:8080/, set here.',
    )
    // Asked of main at the start and again after the address changed.
    expect(harness.requests('getProxyStatus')).toHaveLength(2)
    expect((byTestId(view, 'settings-proxy').element as HTMLInputElement).value).toBe(
      'http://proxy.example:8080/',
    )
  })

  it("states HTTPS_PROXY from main's environment as the proxy in use, and the setting over it", async () => {
    harness.environmentProxy = {
      source: 'environment',
      variable: 'HTTPS_PROXY',
      address: 'http://••••••@corp-proxy.example:3128/',
    }
    const view = await harness.mountView()
    const current = byTestId(view, 'settings-proxy-current')
    expect(current.attributes('data-source')).toBe('environment')
    expect(current.text()).toBe(
      'In use: http://••••••@corp-proxy.example:3128/, from HTTPS_PROXY in the environment.',
    )
    // The field is for an address of one's own: empty, the environment's applies.
    expect((byTestId(view, 'settings-proxy').element as HTMLInputElement).value).toBe('')
    await typeProxy(view, 'http://mine.example:8080')
    expect(byTestId(view, 'settings-proxy-current').attributes('data-source')).toBe('settings')
    await byTestId(view, 'settings-proxy-remove').trigger('click')
    await flushPromises()
    expect(byTestId(view, 'settings-proxy-current').attributes('data-source')).toBe('environment')
  })

  it('says when an HTTPS_PROXY is set but ignored, without its value', async () => {
    harness.environmentProxy = { source: 'none', ignoredVariable: 'https_proxy' }
    const view = await harness.mountView()
    expect(byTestId(view, 'settings-proxy-current').text()).toContain(
      'https_proxy is set in the environment but is not an http:// or https:// address',
    )
  })

  it('never shows the user name or password of a proxy', async () => {
    harness.stored.proxyUrl = 'http://alice:hunter2secret@proxy.example:8080/'
    const view = await harness.mountView()
    expect(byTestId(view, 'settings-proxy-current').text()).toBe(
      'In use: http://••••••@proxy.example:8080/, set here.',
    )
    expect(view.html()).not.toContain('hunter2secret')
  })

  it('sends an address once when leaving the field and pressing Save overlap', async () => {
    const view = await harness.mountView()
    const pending = deferred<ReturnType<NonNullable<typeof harness.api.answers.updateSettings>>>()
    const answer = harness.api.answers.updateSettings
    harness.api.answers.updateSettings = later(pending)
    const field = byTestId(view, 'settings-proxy')
    await field.setValue('http://proxy.example:3128')
    await field.trigger('change')
    await byTestId(view, 'settings-proxy-save').trigger('click')
    pending.resolve(answer!({ proxyUrl: 'http://proxy.example:3128' }))
    await flushPromises()
    expect(harness.requests('updateSettings')).toEqual([{ proxyUrl: 'http://proxy.example:3128' }])
  })

  it.each(['proxy.example:8080', 'socks5://proxy.example:1080', 'http://'])(
    'refuses %j in the window',
    async (text) => {
      const view = await harness.mountView()
      await typeProxy(view, text)
      expect(harness.requests('updateSettings')).toEqual([])
      expect(byTestId(view, 'settings-proxy-invalid').text()).toContain('http://')
      expect(byTestId(view, 'settings-proxy').attributes('aria-invalid')).toBe('true')
    },
  )

  it("words main's refusal in the window's language, its English only in the details", async () => {
    setLocale('zh-CN')
    const view = await harness.mountView()
    const english = 'Only http:// and https:// proxies are supported.'
    harness.api.answers.updateSettings = () => ({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: english, params: { reason: 'proxy-url-scheme' } },
    })
    await typeProxy(view, 'https://proxy.example')
    const notice = byTestId(view, 'error-notice')
    expect(notice.attributes('data-code')).toBe('INVALID_ARGUMENT')
    expect(notice.get('.error-title').text()).toBe('只支持 http 和 https 代理')
    expect(notice.get('.error-next').text()).toContain('http://proxy.example:8080')
    // Main's sentence is kept for a support ticket, folded away, never as the text.
    const outsideDetails = notice.findAll(':scope > :not(details)').map((part) => part.text())
    expect(outsideDetails.join(' ')).not.toContain(english)
    expect(notice.get('details').text()).toContain(english)
  })

  it('removes the proxy with null, from the button or by emptying the field', async () => {
    harness.stored.proxyUrl = 'http://proxy.example:8080/'
    const view = await harness.mountView()
    await byTestId(view, 'settings-proxy-remove').trigger('click')
    await flushPromises()
    expect(harness.requests('updateSettings')).toEqual([{ proxyUrl: null }])
    expect(view.find('[data-testid="settings-proxy-remove"]').exists()).toBe(false)
    expect((byTestId(view, 'settings-proxy').element as HTMLInputElement).value).toBe('')

    harness.stored.proxyUrl = 'http://other.example:3128/'
    harness.api.emit('settingsChanged', structuredClone(harness.stored))
    await flushPromises()
    await typeProxy(view, '')
    expect(harness.requests('updateSettings')).toEqual([{ proxyUrl: null }, { proxyUrl: null }])
  })

  it('never puts a proxy password in the page, and will not save the masked one', async () => {
    harness.stored.proxyUrl = 'http://alice:pa55word@proxy.example:8080/'
    const view = await harness.mountView()
    const field = byTestId(view, 'settings-proxy').element as HTMLInputElement
    expect(field.value).toBe('http://alice:••••••@proxy.example:8080/')
    expectNoSecret('pa55word')
    // Unchanged: nothing to send.
    await typeProxy(view, field.value)
    expect(harness.requests('updateSettings')).toEqual([])
    // Changed but still masked: the person must type the password again.
    await typeProxy(view, 'http://alice:••••••@proxy2.example:8080/')
    expect(harness.requests('updateSettings')).toEqual([])
    expect(byTestId(view, 'settings-proxy-invalid').text()).toContain('password')
  })
})

describe('SettingsView: tray and login', () => {
  it.each([
    ['settings-keep-in-tray', { keepInTray: false }],
    ['settings-launch-at-login', { launchAtLogin: true }],
  ] as const)('%s sends its patch in the desktop app', async (testId, patch) => {
    const view = await harness.mountView()
    const box = byTestId(view, testId)
    expect(box.attributes('disabled')).toBeUndefined()
    const [key, value] = Object.entries(patch)[0] as [keyof AppSettings, boolean]
    await box.setValue(value)
    await flushPromises()
    expect(harness.requests('updateSettings')).toEqual([patch])
    expect(harness.stored[key]).toBe(value)
  })

  it('leaves them out in the browser host, where they cannot apply', async () => {
    harness = createSettingsHarness('browser')
    const view = await harness.mountView()
    expect(view.find('[data-testid="settings-desktop"]').exists()).toBe(false)
    expect(view.find('[data-testid="settings-keep-in-tray"]').exists()).toBe(false)
    expect(view.find('[data-testid="settings-launch-at-login"]').exists()).toBe(false)
    // Nor explained away: no word of a tray.
    expect(view.text()).not.toMatch(/tray/i)
  })

  it('puts a checkbox back when main refuses the change', async () => {
    const view = await harness.mountView()
    harness.api.answers.updateSettings = () => failure('STORE_FAILED')
    const box = byTestId(view, 'settings-keep-in-tray')
    await box.setValue(false)
    await flushPromises()
    expect((box.element as HTMLInputElement).checked).toBe(true)
    expect(view.find('[data-testid="error-notice"]').exists()).toBe(true)
  })
})

describe('SettingsView: language of the screen', () => {
  it('is in Chinese when the window is', async () => {
    const view = await harness.mountView()
    setLocale('zh-CN')
    await flushPromises()
    expect(view.get('h2').text()).toBe('设置')
    expect(view.text()).toContain('凭据的保存位置')
  })
})
