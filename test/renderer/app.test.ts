// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../src/renderer/src/App.vue'
import type { AppSettings } from '../../src/shared/ipc-contract'
import { defaultSettings } from './components/settings/settings-harness'
import type { CompanionApi } from '../../src/shared/ipc-contract'
import { installApi } from '../../src/renderer/src/api/bridge'
import { setLocale } from '../../src/renderer/src/i18n'
import type { FakeApi } from './fake-api'
import { createFakeApi } from './fake-api'
import { details, ok, summary } from './stores/helpers'

let api: FakeApi
const mounted: ReturnType<typeof mount>[] = []

beforeEach(() => {
  setActivePinia(createPinia())
  setLocale('en')
  api = createFakeApi()
  installApi(api)
})

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
})

async function mountApp(): Promise<ReturnType<typeof mount>> {
  const wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

describe('App', () => {
  it('shows the empty state and the version line from main', async () => {
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="accounts-empty"]').text()).toContain('No accounts yet')
    expect(wrapper.get('[data-testid="empty-sign-in"]').text()).toBe('Sign in to Coze')
    expect(wrapper.find('[data-testid="account-list"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="app-info"]').text()).toBe(
      'Version 0.1.0 · Browser host · linux-x64',
    )
    expect(api.calls.map((call) => call.operation)).toEqual(
      expect.arrayContaining(['getAppInfo', 'listAccounts']),
    )
  })

  it('reloads the list when main says the accounts changed', async () => {
    const wrapper = await mountApp()
    api.state.accounts = [
      {
        id: 'a1',
        label: 'Work (coze.cn)',
        region: 'cn',
        method: 'pkce',
        status: 'active',
        tokenHint: 'czu_…9f2a',
        workspaceCount: 3,
      },
    ]
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    expect(wrapper.get('[data-testid="account-list"]').text()).toContain('Work (coze.cn)')
    expect(wrapper.get('[data-testid="accounts-count"]').text()).toBe('1 account')
  })

  it('shows a failed load with its message and retries on request', async () => {
    api.state.failList = {
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside the app.' },
    }
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="accounts-error"]').text()).toContain('Something went wrong')
    api.state.failList = undefined
    await wrapper.get('[data-testid="accounts-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="accounts-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="accounts-empty"]').text()).toContain('No accounts yet')
  })

  /** Picks a language where the window has its one picker: Settings. */
  async function chooseLanguage(
    wrapper: ReturnType<typeof mount>,
    language: AppSettings['language'],
  ): Promise<void> {
    await wrapper.get('[data-testid="nav-settings"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="settings-language"]').setValue(language)
    await flushPromises()
    await wrapper.get('[data-testid="nav-accounts"]').trigger('click')
    await flushPromises()
  }

  function answerSettings(): { stored: AppSettings } {
    const state = { stored: { ...defaultSettings(), language: 'system' } as AppSettings }
    api.answers.getSettings = () => ok(structuredClone(state.stored))
    api.answers.updateSettings = (patch) => {
      state.stored = { ...state.stored, ...(patch as Partial<AppSettings>) }
      return ok(structuredClone(state.stored))
    }
    api.answers.getProxyStatus = () => ok({ source: 'none' })
    return state
  }

  it('switches to Chinese from Settings, and back', async () => {
    const state = answerSettings()
    const wrapper = await mountApp()
    await chooseLanguage(wrapper, 'zh-CN')
    expect(state.stored.language).toBe('zh-CN')
    expect(wrapper.get('h1').text()).toBe('扣子授权助手')
    expect(wrapper.get('[data-testid="accounts-empty"]').text()).toContain('还没有账号')
    expect(wrapper.get('[data-testid="empty-sign-in"]').text()).toBe('登录扣子')
    expect(document.documentElement.lang).toBe('zh-CN')
    await chooseLanguage(wrapper, 'system')
    expect(wrapper.get('[data-testid="empty-sign-in"]').text()).toBe('Sign in to Coze')
  })

  it('has exactly one language picker in the whole window, on every screen', async () => {
    answerSettings()
    const wrapper = await mountApp()
    /** Every control that offers a language: a select with an option for Chinese. */
    const pickers = (): number =>
      wrapper.findAll('select').filter((select) => select.find('option[value="zh-CN"]').exists())
        .length
    expect(pickers()).toBe(0)
    expect(wrapper.find('[data-testid="locale-select"]').exists()).toBe(false)
    await wrapper.get('[data-testid="nav-add-account"]').trigger('click')
    await flushPromises()
    expect(pickers()).toBe(0)
    await wrapper.get('[data-testid="nav-settings"]').trigger('click')
    await flushPromises()
    expect(pickers()).toBe(1)
    expect(wrapper.find('[data-testid="settings-language"]').exists()).toBe(true)
  })

  it('takes the empty state’s big button to the sign-in screen', async () => {
    const wrapper = await mountApp()
    await wrapper.get('[data-testid="empty-sign-in"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="nav-add-account"]').attributes('aria-current')).toBe('page')
    expect(wrapper.find('[data-testid="accounts-empty"]').exists()).toBe(false)
  })

  it('lists the accounts and opens one, with the focus on the screen heading on return', async () => {
    api.state.accounts = [
      summary('a1', { label: 'Work', workspaceCount: 2 }),
      summary('a2', { label: 'Home', region: 'com', method: 'pat' }),
    ]
    api.answers.getAccount = (request) => {
      const id = (request as { accountId: string }).accountId
      const found = api.state.accounts.find((account) => account.id === id)
      return ok(details(id, { ...found }))
    }
    const wrapper = await mountApp()
    expect(wrapper.findAll('[data-testid="account-row"]')).toHaveLength(2)
    expect(wrapper.get('[data-testid="accounts-count"]').text()).toBe('2 accounts')
    await wrapper.get('[data-account-id="a2"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="detail-label"]').text()).toBe('Home')

    await wrapper.get('[data-testid="nav-settings"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="nav-accounts"]').trigger('click')
    await flushPromises()
    // The open account is kept, and App moves the focus to the accounts screen's h2.
    expect(wrapper.get('[data-testid="detail-label"]').text()).toBe('Home')
    expect((document.activeElement as HTMLElement | null)?.textContent).toBe('Accounts')
  })

  it('says the page is not connected when there is no app behind it', async () => {
    installApi(undefined as unknown as CompanionApi)
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="no-bridge"]').text()).toContain(
      'This page is not connected to the app',
    )
    expect(wrapper.find('[data-testid="accounts-empty"]').exists()).toBe(false)
    expect(wrapper.find('nav').exists()).toBe(false)
  })

  it("says on every screen when secrets are kept only in memory, in the reader's language", async () => {
    api.answers.getStorageStatus = () => ({
      ok: true,
      value: {
        secrets: {
          kind: 'memory',
          persisted: false,
          encrypted: false,
          warning: 'Secrets are kept only until the app quits.',
        },
        accountsNeedingSignIn: 2,
      },
    })
    answerSettings()
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="storage-warning-memory"]').text()).toContain(
      'only until the app quits',
    )
    expect(wrapper.get('[data-testid="storage-needs-sign-in"]').text()).toContain('2 accounts')
    await chooseLanguage(wrapper, 'zh-CN')
    expect(wrapper.get('[data-testid="storage-warning-memory"]').text()).toContain('应用退出')
  })

  it('warns about unencrypted storage the person chose, and shows nothing when all is well', async () => {
    api.answers.getStorageStatus = () => ({
      ok: true,
      value: {
        secrets: { kind: 'plaintext', persisted: true, encrypted: false },
        accountsNeedingSignIn: 0,
      },
    })
    const warned = await mountApp()
    expect(warned.find('[data-testid="storage-warning-plaintext"]').exists()).toBe(true)
    mounted.splice(0).forEach((wrapper) => wrapper.unmount())
    setActivePinia(createPinia())
    api.answers.getStorageStatus = () => ({
      ok: true,
      value: {
        secrets: { kind: 'keychain', persisted: true, encrypted: true },
        accountsNeedingSignIn: 0,
      },
    })
    const calm = await mountApp()
    expect(calm.find('.storage-banners').exists()).toBe(false)
  })
})
