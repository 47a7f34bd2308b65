// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { UpdateStatus } from '../../../src/shared/ipc-contract'
import { installApi } from '../../../src/renderer/src/api/bridge'
import UpdateBanner from '../../../src/renderer/src/components/UpdateBanner.vue'
import { setLocale } from '../../../src/renderer/src/i18n'
import type { FakeApi } from '../fake-api'
import { createFakeApi } from '../fake-api'
import { ok } from '../stores/helpers'

let api: FakeApi
let pinia: Pinia

beforeEach(() => {
  setLocale('en')
  pinia = createPinia()
  setActivePinia(pinia)
  api = createFakeApi()
  installApi(api)
})

async function mountBanner(status: UpdateStatus) {
  api.answers.getUpdateStatus = () => ok(structuredClone(status))
  const wrapper = mount(UpdateBanner, { global: { plugins: [pinia] } })
  await flushPromises()
  return wrapper
}

describe('UpdateBanner', () => {
  it.each<UpdateStatus>([
    { state: 'off', reason: 'browser-host' },
    { state: 'off', reason: 'no-update-server' },
    { state: 'idle' },
  ])('shows nothing while no update is ready (%o)', async (status) => {
    const wrapper = await mountBanner(status)
    expect(wrapper.find('[data-testid="update-ready"]').exists()).toBe(false)
    expect(api.calls.map((call) => call.operation)).toEqual(['getUpdateStatus'])
  })

  it('says "Update ready: restart", and only the click asks main to restart', async () => {
    const wrapper = await mountBanner({ state: 'ready', version: '1.2.0' })
    const banner = wrapper.get('[data-testid="update-ready"]')
    expect(banner.attributes('role')).toBe('status')
    expect(banner.text()).toContain('Version 1.2.0 of the app has been downloaded.')
    expect(wrapper.get('[data-testid="update-restart"]').text()).toBe('Update ready: restart')
    expect(api.calls.some((call) => call.operation === 'restartToUpdate')).toBe(false)
    api.answers.restartToUpdate = () => ok({ restarting: true })
    await wrapper.get('[data-testid="update-restart"]').trigger('click')
    await flushPromises()
    expect(api.calls.filter((call) => call.operation === 'restartToUpdate')).toHaveLength(1)
    expect(wrapper.find('[data-testid="update-not-ready"]').exists()).toBe(false)
  })

  it('appears when main announces a downloaded update, in Chinese too', async () => {
    setLocale('zh-CN')
    const wrapper = await mountBanner({ state: 'idle' })
    api.emit('updateStatusChanged', { state: 'ready', version: '2.0.0' })
    await flushPromises()
    expect(wrapper.get('[data-testid="update-restart"]').text()).toBe('更新已就绪：重启')
    expect(wrapper.get('[data-testid="update-ready"]').text()).toContain('2.0.0')
  })

  it('says so when main had nothing ready to install after all', async () => {
    const wrapper = await mountBanner({ state: 'ready', version: '1.2.0' })
    api.answers.restartToUpdate = () => ok({ restarting: false })
    await wrapper.get('[data-testid="update-restart"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="update-not-ready"]').text()).toContain('not ready any more')
  })
})
