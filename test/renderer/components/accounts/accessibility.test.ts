// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { details, ok, summary } from '../../stores/helpers'
import { seriousAxeFindings } from '../../support/axe'
import { createAccountsHarness, day, manyAccounts, minute, now } from './accounts-harness'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('en')
})

describe('the accounts screen (axe-core)', () => {
  it.each(['en', 'zh-CN'] as const)('has no serious problem when empty (%s)', async (locale) => {
    setLocale(locale)
    const harness = createAccountsHarness()
    wrapper = await harness.mountView()
    expect(await seriousAxeFindings(wrapper.element, { minimumPasses: 6 })).toEqual([])
  })

  it.each(['en', 'zh-CN'] as const)(
    'has no serious problem with a list, an open account and its dialogs (%s)',
    async (locale) => {
      setLocale(locale)
      const harness = createAccountsHarness()
      const accounts = manyAccounts(40)
      harness.setAccounts(accounts)
      harness.server.set(
        'acct-0',
        details('acct-0', {
          ...accounts[0],
          refreshTokenExpiresAt: now + 20 * day,
          user: { userId: '1', userName: 'li', nickName: 'Li', avatarUrl: '' },
          lastRefresh: { at: now - minute, ok: false, code: 'NETWORK', logId: 'log-1' },
        }),
      )
      harness.api.answers.revealToken = () => ok({ token: 'shown-token' })
      harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
      wrapper = await harness.mountView({ selectedId: 'acct-0' })
      const listbox = wrapper.get('[data-testid="account-list"]')
      ;(listbox.element as HTMLElement).focus()
      await listbox.trigger('keydown', { key: 'ArrowDown' })
      expect(await seriousAxeFindings(wrapper.element, { minimumPasses: 6 })).toEqual([])

      // Every state that adds elements: copied, revealed, renaming with a problem, the dialog,
      // a search that matches nothing.
      await wrapper.get('[data-testid="copy-token"]').trigger('click')
      await wrapper.get('[data-testid="reveal-token"]').trigger('click')
      await wrapper.get('[data-testid="rename-account"]').trigger('click')
      await flushPromises()
      await wrapper.get('[data-testid="rename-input"]').setValue('')
      await wrapper.get('[data-testid="rename-save"]').trigger('click')
      await flushPromises()
      await wrapper.get('[data-testid="copy-menu-button"]').trigger('click')
      await flushPromises()
      expect(wrapper.find('[data-testid="copy-menu"]').exists()).toBe(true)
      expect(wrapper.find('[data-testid="revealed-token"]').exists()).toBe(true)
      expect(wrapper.find('[data-testid="rename-problem"]').exists()).toBe(true)
      expect(await seriousAxeFindings(wrapper.element, { minimumPasses: 6 })).toEqual([])

      await wrapper.get('[data-testid="account-search"]').setValue('nothing like this')
      expect(wrapper.find('[data-testid="accounts-no-match"]').exists()).toBe(true)
      expect(await seriousAxeFindings(wrapper.element, { minimumPasses: 6 })).toEqual([])

      // Removed, with its Undo offered.
      await wrapper.get('[data-testid="account-search"]').setValue('')
      harness.api.answers.removeAccount = () => ok({ removed: true, undoUntil: Date.now() + 8000 })
      await wrapper.get('[data-testid="remove-account"]').trigger('click')
      await flushPromises()
      expect(wrapper.find('[data-testid="undo-remove"]').exists()).toBe(true)
      expect(await seriousAxeFindings(wrapper.element, { minimumPasses: 6 })).toEqual([])
    },
  )

  it('labels every control it renders', async () => {
    const harness = createAccountsHarness()
    harness.setAccounts([summary('a1', { method: 'pat' })])
    wrapper = await harness.mountView({ selectedId: 'a1' })
    for (const control of wrapper.findAll('input, select, button')) {
      const element = control.element as HTMLElement
      const labelled =
        element.getAttribute('aria-label') ??
        (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
        element.closest('label')?.textContent ??
        element.textContent
      expect(labelled?.trim(), element.outerHTML).toBeTruthy()
    }
  })
})
