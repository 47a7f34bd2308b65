// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { StorageStatus } from '../../../../src/shared/ipc-contract'
import { installApi } from '../../../../src/renderer/src/api/bridge'
import StorageBanner from '../../../../src/renderer/src/components/StorageBanner.vue'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import type { FakeApi } from '../../fake-api'
import { createFakeApi } from '../../fake-api'
import { ok } from '../../stores/helpers'

let api: FakeApi
let pinia: Pinia

beforeEach(() => {
  setLocale('en')
  pinia = createPinia()
  setActivePinia(pinia)
  api = createFakeApi()
  installApi(api)
})

async function mountBanner(status: StorageStatus): Promise<ReturnType<typeof mount>> {
  api.answers.getStorageStatus = () => ok(structuredClone(status))
  const wrapper = mount(StorageBanner, { global: { plugins: [pinia] } })
  await flushPromises()
  return wrapper
}

describe('StorageBanner', () => {
  it('shows nothing when secrets are encrypted and nothing was lost', async () => {
    const wrapper = await mountBanner({
      secrets: { kind: 'keychain', persisted: true, encrypted: true },
      accountsNeedingSignIn: 0,
    })
    expect(wrapper.find('.storage-banners').exists()).toBe(false)
  })

  it('warns about unencrypted secrets and leads to Settings', async () => {
    const wrapper = await mountBanner({
      secrets: { kind: 'plaintext', persisted: true, encrypted: false },
      accountsNeedingSignIn: 0,
    })
    const warning = wrapper.get('[data-testid="storage-warning-plaintext"]')
    expect(warning.attributes('role')).toBe('alert')
    expect(warning.text()).toContain('Secrets are stored unencrypted')
    await wrapper.get('[data-testid="storage-open-settings"]').trigger('click')
    expect(useNavigationStore().view).toBe('settings')
    // Already there: the way there is not offered again.
    expect(wrapper.find('[data-testid="storage-open-settings"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="storage-warning-plaintext"]').exists()).toBe(true)
  })

  it('warns about secrets kept only in memory, in Chinese too', async () => {
    const wrapper = await mountBanner({
      secrets: { kind: 'memory', persisted: false, encrypted: false, warning: 'Lost on quit.' },
      accountsNeedingSignIn: 0,
    })
    expect(wrapper.get('[data-testid="storage-warning-memory"]').text()).toContain(
      'until the app quits',
    )
    setLocale('zh-CN')
    await flushPromises()
    expect(wrapper.get('[data-testid="storage-warning-memory"]').text()).toContain('应用退出')
    expect(wrapper.get('[data-testid="storage-open-settings"]').text()).toBe('打开设置')
    setLocale('en')
  })

  it('says when the list was repaired and how many accounts lost their tokens', async () => {
    const wrapper = await mountBanner({
      secrets: { kind: 'safe-storage', persisted: true, encrypted: true },
      recovery: { restoredFromBackup: true, setAside: 0 },
      accountsNeedingSignIn: 4,
    })
    expect(wrapper.find('[data-testid="storage-recovered"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="storage-needs-sign-in"]').text()).toContain('4 accounts')
    expect(wrapper.find('[data-testid="storage-open-settings"]').exists()).toBe(false)
  })

  it('updates when the accounts change', async () => {
    const wrapper = await mountBanner({
      secrets: { kind: 'keychain', persisted: true, encrypted: true },
      accountsNeedingSignIn: 1,
    })
    expect(wrapper.get('[data-testid="storage-needs-sign-in"]').text()).toBe(
      '1 account lost its tokens and needs you to sign in again.',
    )
    api.answers.getStorageStatus = () =>
      ok({
        secrets: { kind: 'keychain', persisted: true, encrypted: true },
        accountsNeedingSignIn: 0,
      })
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    expect(wrapper.find('.storage-banners').exists()).toBe(false)
  })
})
