// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import CommandLineApprovalDialog from '../../../../src/renderer/src/components/common/CommandLineApprovalDialog.vue'
import { installApi } from '../../../../src/renderer/src/api/bridge'
import { setLocale } from '../../../../src/renderer/src/i18n'
import type { FakeApi } from '../../fake-api'
import { createFakeApi } from '../../fake-api'

let api: FakeApi

beforeEach(() => {
  setLocale('en')
  setActivePinia(createPinia())
  api = createFakeApi()
  installApi(api)
  api.answers.answerCommandLineApproval = () => ({ ok: true, value: { answered: true } })
})

afterEach(() => {
  document.body.innerHTML = ''
})

const asking = (requestId: string) =>
  ({
    requestId,
    state: 'asking',
    program: 'python3 deploy.py (pid 4242), through coze-auth',
    accountLabel: 'Work',
    expiresAt: Date.now() + 60_000,
  }) as const

describe('CommandLineApprovalDialog', () => {
  it('asks, naming the program and the account, and sends the answer once', async () => {
    const wrapper = mount(CommandLineApprovalDialog, { attachTo: document.body })
    expect(wrapper.find('[data-testid="command-line-approval"]').exists()).toBe(false)
    api.emit('commandLineApproval', asking('q1'))
    await flushPromises()
    const dialog = wrapper.get('[data-testid="command-line-approval"]')
    expect(dialog.text()).toContain('python3 deploy.py (pid 4242)')
    expect(dialog.text()).toContain('Work')
    await wrapper.get('[data-testid="command-line-approval-allow"]').trigger('click')
    await flushPromises()
    expect(api.calls.filter((c) => c.operation === 'answerCommandLineApproval')).toEqual([
      { operation: 'answerCommandLineApproval', request: { requestId: 'q1', allow: true } },
    ])
    expect(wrapper.find('[data-testid="command-line-approval"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('denies with the harmless button, and drops a question main has settled', async () => {
    const wrapper = mount(CommandLineApprovalDialog, { attachTo: document.body })
    api.emit('commandLineApproval', asking('q2'))
    api.emit('commandLineApproval', asking('q3'))
    await flushPromises()
    await wrapper.get('[data-testid="command-line-approval-deny"]').trigger('click')
    await flushPromises()
    // The next question waits its turn; main withdrawing it takes it off the screen.
    expect(wrapper.find('[data-testid="command-line-approval"]').exists()).toBe(true)
    api.emit('commandLineApproval', { requestId: 'q3', state: 'settled' })
    await flushPromises()
    expect(wrapper.find('[data-testid="command-line-approval"]').exists()).toBe(false)
    expect(api.calls.filter((c) => c.operation === 'answerCommandLineApproval')).toEqual([
      { operation: 'answerCommandLineApproval', request: { requestId: 'q2', allow: false } },
    ])
    wrapper.unmount()
  })
})
