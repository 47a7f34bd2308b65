// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import App from '../../src/renderer/src/App.vue'
import { installApi } from '../../src/renderer/src/api/bridge'
import { setLocale } from '../../src/renderer/src/i18n'
import type { FakeApi } from './fake-api'
import { createFakeApi } from './fake-api'

let api: FakeApi

beforeEach(() => {
  setActivePinia(createPinia())
  setLocale('en')
  api = createFakeApi()
  installApi(api)
})

async function mountApp(): Promise<ReturnType<typeof mount>> {
  const wrapper = mount(App, { global: { plugins: [createPinia()] } })
  await flushPromises()
  return wrapper
}

describe('App', () => {
  it('shows the empty state and the version line from main', async () => {
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="accounts-empty"]').text()).toContain('No accounts yet')
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

  it('switches to Chinese', async () => {
    const wrapper = await mountApp()
    await wrapper.get('[data-testid="locale-select"]').setValue('zh-CN')
    expect(wrapper.get('h1').text()).toBe('扣子授权助手')
    expect(wrapper.get('[data-testid="accounts-empty"]').text()).toContain('还没有账号')
    expect(document.documentElement.lang).toBe('zh-CN')
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
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="storage-warning-memory"]').text()).toContain(
      'only until the app quits',
    )
    expect(wrapper.get('[data-testid="storage-needs-sign-in"]').text()).toContain('2 accounts')
    await wrapper.get('[data-testid="locale-select"]').setValue('zh-CN')
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
    warned.unmount()
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
