// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountDetails } from '../../../../src/shared/ipc-contract'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { copyFormatStorageKey } from '../../../../src/renderer/src/stores/copy-format'
import { details, ok, profile, summary } from '../../stores/helpers'
import type { AccountsHarness } from './accounts-harness'
import { createAccountsHarness, day, minute, now } from './accounts-harness'

/*
 * Issue 14, the account view: copying is the primary action, the account's state decides what
 * is offered, and a failed refresh shows where it happened.
 */

let harness: AccountsHarness
let wrapper: VueWrapper | undefined

const oauth: AccountDetails = details('oauth', {
  label: 'Work',
  method: 'pkce',
  accessTokenExpiresAt: now + 12 * minute,
  refreshTokenExpiresAt: now + 30 * day,
  profileId: 'profile-pkce',
  lastRefresh: { at: now - 5 * minute, ok: true },
})

beforeEach(() => {
  setLocale('en')
  harness = createAccountsHarness()
  harness.setAccounts([oauth])
  harness.server.set('oauth', oauth)
  harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('en')
})

async function open(accountId: string): Promise<VueWrapper> {
  wrapper = await harness.mountView({ selectedId: accountId })
  return wrapper
}

function testId(id: string): string {
  return `[data-testid="${id}"]`
}

/** A key pressed where the focus is, as the browser would send it. */
async function press(key: string): Promise<void> {
  const focused = document.activeElement
  if (!(focused instanceof HTMLElement)) throw new Error('nothing has the focus')
  focused.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  await flushPromises()
}

function focusedTestId(): string | null {
  return document.activeElement?.getAttribute('data-testid') ?? null
}

describe('the Copy button', () => {
  it('is the one filled button, and copies the raw token at first', async () => {
    const view = await open('oauth')
    const copy = view.get(testId('copy-token'))
    expect(copy.text()).toBe('Copy token')
    expect(copy.classes()).toContain('primary')
    expect(view.get(testId('refresh-account')).classes()).not.toContain('primary')
    // Filled: the Copy button and the toggle of its menu, which belong together; nothing else.
    expect(
      view
        .findAll(`${testId('account-detail')} button.primary`)
        .map((b) => b.attributes('data-testid')),
    ).toEqual(['copy-token', 'copy-menu-button'])
    // One way to copy on the screen; the formats are in its menu until it is opened.
    expect(
      view
        .findAll(`${testId('token-panel')} [data-testid^="copy-"]:not([data-testid="copy-status"])`)
        .map((b) => b.attributes('data-testid')),
    ).toEqual(['copy-token', 'copy-menu-button'])
    await copy.trigger('click')
    await flushPromises()
    expect(harness.callsOf('copyToken')).toEqual([{ accountId: 'oauth', format: 'raw' }])
  })

  it('remembers the format chosen last, in this window and for the next start', async () => {
    let view = await open('oauth')
    await view.get(testId('copy-menu-button')).trigger('click')
    await flushPromises()
    await view.get(testId('copy-curl')).trigger('click')
    await flushPromises()
    expect(harness.callsOf('copyToken')).toEqual([{ accountId: 'oauth', format: 'curl' }])
    expect(view.get(testId('copy-token')).text()).toBe('Copy curl command')
    expect(window.localStorage.getItem(copyFormatStorageKey)).toBe('curl')
    await view.get(testId('copy-token')).trigger('click')
    await flushPromises()
    expect(harness.callsOf('copyToken')).toHaveLength(2)
    expect(harness.callsOf('copyToken')[1]).toEqual({ accountId: 'oauth', format: 'curl' })

    // The next start: a new window state, the stored choice read back.
    view.unmount()
    harness = createAccountsHarness()
    window.localStorage.setItem(copyFormatStorageKey, 'dotenv')
    harness.setAccounts([oauth])
    harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
    view = await open('oauth')
    expect(view.get(testId('copy-token')).text()).toBe('Copy .env line')
    await view.get(testId('copy-token')).trigger('click')
    await flushPromises()
    expect(harness.callsOf('copyToken')).toEqual([{ accountId: 'oauth', format: 'dotenv' }])
  })

  it('ignores a stored format it does not know', async () => {
    harness = createAccountsHarness()
    window.localStorage.setItem(copyFormatStorageKey, 'token-in-a-url')
    harness.setAccounts([oauth])
    harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
    const view = await open('oauth')
    expect(view.get(testId('copy-token')).text()).toBe('Copy token')
  })

  it('has a menu button that works from the keyboard', async () => {
    const view = await open('oauth')
    const toggle = view.get(testId('copy-menu-button'))
    expect(toggle.attributes('aria-haspopup')).toBe('menu')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(toggle.attributes('aria-label')).toBe('More copy formats')
    ;(toggle.element as HTMLElement).focus()

    await press('ArrowDown')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    const menu = view.get(testId('copy-menu'))
    expect(menu.attributes('role')).toBe('menu')
    expect(toggle.attributes('aria-controls')).toBe(menu.attributes('id'))
    const items = menu.findAll('[role="menuitemradio"]')
    expect(items.map((item) => item.attributes('data-testid'))).toEqual([
      'copy-raw',
      'copy-export',
      'copy-header',
      'copy-curl',
      'copy-dotenv',
    ])
    // Only the format in use is checked; the items are reached with the arrows, not with Tab.
    expect(items.map((item) => item.attributes('aria-checked'))).toEqual([
      'true',
      'false',
      'false',
      'false',
      'false',
    ])
    expect(items.every((item) => item.attributes('tabindex') === '-1')).toBe(true)
    expect(focusedTestId()).toBe('copy-raw')
    await press('ArrowDown')
    expect(focusedTestId()).toBe('copy-export')
    await press('End')
    expect(focusedTestId()).toBe('copy-dotenv')
    await press('ArrowDown')
    expect(focusedTestId()).toBe('copy-raw')
    await press('ArrowUp')
    expect(focusedTestId()).toBe('copy-dotenv')
    await press('Home')
    expect(focusedTestId()).toBe('copy-raw')

    // Escape closes the menu only (the account stays open) and gives the focus back.
    await press('Escape')
    expect(view.find(testId('copy-menu')).exists()).toBe(false)
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(focusedTestId()).toBe('copy-menu-button')
    expect(view.find(testId('account-detail')).exists()).toBe(true)
    expect(harness.callsOf('copyToken')).toEqual([])

    // ArrowUp opens it on the last item; choosing one copies and returns the focus.
    await press('ArrowUp')
    expect(focusedTestId()).toBe('copy-dotenv')
    await view.get(testId('copy-header')).trigger('click')
    await flushPromises()
    expect(view.find(testId('copy-menu')).exists()).toBe(false)
    expect(focusedTestId()).toBe('copy-menu-button')
    expect(harness.callsOf('copyToken')).toEqual([{ accountId: 'oauth', format: 'header' }])
  })
})

describe('what a dead token offers', () => {
  it('needs sign-in: "Sign in again" is the one primary action, and nothing copies', async () => {
    const lost = details('lost', {
      label: 'Lost tokens',
      method: 'pkce',
      status: 'needs-sign-in',
      // Main says the tokens are gone, though the clock alone would still call it fresh.
      accessTokenExpiresAt: now + 12 * minute,
      refreshTokenExpiresAt: now + 30 * day,
      profileId: 'profile-7',
    })
    harness.setAccounts([lost])
    const view = await open('lost')
    const primaries = view.findAll(`${testId('account-detail')} button.primary`)
    expect(primaries.map((button) => button.text())).toEqual(['Sign in again'])
    for (const control of ['copy-token', 'copy-menu-button', 'copy-menu', 'reveal-token']) {
      expect(view.find(testId(control)).exists(), control).toBe(false)
    }
    // A refresh cannot work either.
    expect(view.find(testId('refresh-account')).exists()).toBe(false)
  })

  it('is not copied from the list either (Ctrl+C on its row)', async () => {
    const lost = details('lost', { label: 'Lost tokens', status: 'needs-sign-in' })
    const oldPat = details('old-pat', {
      label: 'Old PAT',
      method: 'pat',
      accessTokenExpiresAt: now - day,
    })
    harness.setAccounts([lost, oldPat, oauth])
    // No account open: the first row is where the keyboard starts.
    wrapper = await harness.mountView()
    const view = wrapper
    const listbox = view.get(testId('account-list'))
    await listbox.trigger('focus')
    await listbox.trigger('keydown', { key: 'c', ctrlKey: true })
    await flushPromises()
    expect(view.get(testId('quick-copy-status')).text()).toBe(
      'The token of Lost tokens no longer works, so it was not copied. Open the account to get a new one.',
    )
    await listbox.trigger('keydown', { key: 'ArrowDown' })
    await listbox.trigger('keydown', { key: 'c', ctrlKey: true })
    await flushPromises()
    expect(view.get(testId('quick-copy-status')).text()).toContain('Old PAT no longer works')
    expect(harness.callsOf('copyToken')).toEqual([])
    // A live one still copies.
    await listbox.trigger('keydown', { key: 'ArrowDown' })
    await listbox.trigger('keydown', { key: 'c', ctrlKey: true })
    await flushPromises()
    expect(harness.callsOf('copyToken')).toEqual([{ accountId: 'oauth', format: 'raw' }])
  })

  it('never shows time left on a dead or expired token', async () => {
    const lost = details('lost', {
      label: 'Lost tokens',
      status: 'needs-sign-in',
      accessTokenExpiresAt: now + 12 * minute,
      refreshTokenExpiresAt: now + 30 * day,
    })
    const expired = details('expired', {
      label: 'Expired by main',
      status: 'expired',
      accessTokenExpiresAt: now + 12 * minute,
      refreshTokenExpiresAt: now + 30 * day,
    })
    harness.setAccounts([lost, expired])
    let view = await open('lost')
    expect(view.get(testId('detail-access-remaining')).text()).toBe('Needs sign-in')
    expect(view.get(testId('detail-refresh-remaining')).text()).toBe('Needs sign-in')
    expect(view.get(testId('account-detail')).text()).not.toContain('left')
    view.unmount()
    view = await open('expired')
    expect(view.get(testId('detail-access-remaining')).text()).toBe('Expired')
    expect(view.get(`${testId('account-detail')} header`).text()).not.toContain('left')
    expect(view.get(testId('detail-access-remaining')).text()).not.toContain('left')
    const row = view.get('[data-testid="account-row"][data-account-id="expired"]')
    expect(row.get(testId('account-row-remaining')).text()).toBe('Expired')
  })

  it('says the same in Chinese', async () => {
    setLocale('zh-CN')
    const lost = details('lost', {
      status: 'needs-sign-in',
      accessTokenExpiresAt: now + 12 * minute,
    })
    const expired = details('expired', { status: 'expired', accessTokenExpiresAt: now + minute })
    harness.setAccounts([lost, expired])
    let view = await open('lost')
    expect(view.get(testId('detail-access-remaining')).text()).toBe('需要重新登录')
    expect(view.get(testId('sign-in-again')).text()).toBe('重新登录')
    view.unmount()
    view = await open('expired')
    expect(view.get(testId('detail-access-remaining')).text()).toBe('已过期')
  })
})

describe('a failed refresh', () => {
  const networkDown = {
    ok: false as const,
    error: { code: 'NETWORK' as const, message: 'Could not reach Coze.', logId: 'log-net' },
  }

  it('shows beside the Refresh button at once, and stays through main’s reload', async () => {
    harness.api.answers.refreshAccount = () => networkDown
    const view = await open('oauth')
    const row = (): ReturnType<VueWrapper['get']> =>
      view.get('[data-testid="account-row"][data-account-id="oauth"]')
    expect(row().get('.expiry-badge').text()).toBe('Fresh')

    await view.get(testId('refresh-account')).trigger('click')
    await flushPromises()
    const notice = view.get(testId('refresh-error'))
    expect(notice.get(testId('error-code')).text()).toBe('NETWORK')
    expect(notice.text()).toContain('Could not reach Coze')
    // Right after the row of actions that holds the button, not at the other end of the panel.
    const actionsRow = view.get(testId('refresh-account')).element.closest('.actions-row')
    expect(notice.element.previousElementSibling).toBe(actionsRow)

    // Main records the failure and says the account changed: the reload must not clear it.
    harness.server.set('oauth', {
      ...oauth,
      lastRefresh: { at: now, ok: false, code: 'NETWORK', logId: 'log-net' },
    })
    harness.api.emit('accountsChanged', { accountIds: ['oauth'] })
    await flushPromises()
    expect(view.find(testId('refresh-error')).exists()).toBe(true)

    // The row is marked, not "Fresh".
    expect(row().attributes('data-refresh')).toBe('failed')
    expect(row().get('.expiry-badge').text()).toBe('Refresh failed')
    expect(view.get(`${testId('account-detail')} header .expiry-badge`).text()).toBe(
      'Refresh failed',
    )

    // Dismissed: the notice goes, the row stays marked until a refresh works.
    await view.get(`${testId('refresh-error')} .link-button`).trigger('click')
    expect(view.find(testId('refresh-error')).exists()).toBe(false)
    expect(row().attributes('data-refresh')).toBe('failed')

    harness.api.answers.refreshAccount = () => ok(summary('oauth', { ...oauth }))
    await view.get(testId('refresh-account')).trigger('click')
    await flushPromises()
    expect(row().attributes('data-refresh')).toBeUndefined()
    expect(row().get('.expiry-badge').text()).toBe('Fresh')
  })

  it('goes away with the next successful refresh', async () => {
    harness.api.answers.refreshAccount = () => networkDown
    const view = await open('oauth')
    await view.get(testId('refresh-account')).trigger('click')
    await flushPromises()
    expect(view.find(testId('refresh-error')).exists()).toBe(true)
    harness.api.answers.refreshAccount = () => ok(summary('oauth', { ...oauth }))
    await view.get(testId('refresh-account')).trigger('click')
    await flushPromises()
    expect(view.find(testId('refresh-error')).exists()).toBe(false)
    expect(view.get(testId('detail-status')).text()).toBe('Refreshed.')
  })

  it('found in an account’s details (main’s own renewal) marks its row', async () => {
    const failing = details('failing', {
      label: 'Failing',
      lastRefresh: { at: now - minute, ok: false, code: 'NETWORK' },
    })
    harness.setAccounts([oauth, failing])
    const view = await open('failing')
    expect(
      view.get('[data-testid="account-row"][data-account-id="failing"]').attributes('data-refresh'),
    ).toBe('failed')
    // Not a notice the person has to dismiss: the last-refresh section tells it.
    expect(view.find(testId('refresh-error')).exists()).toBe(false)
    expect(
      view.get('[data-testid="account-row"][data-account-id="oauth"]').attributes('data-refresh'),
    ).toBeUndefined()
  })
})

describe('Refresh all', () => {
  it('names each failed account, as a button that opens it with its error', async () => {
    const five = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id, index) =>
      details(id, { label: `Account ${index + 1}`, accessTokenExpiresAt: now + 12 * minute }),
    )
    harness.setAccounts(five)
    harness.api.answers.refreshAllAccounts = () =>
      ok([
        { accountId: 'a1', ok: true },
        { accountId: 'a2', ok: false, code: 'NETWORK' },
        { accountId: 'a3', ok: true },
        { accountId: 'a4', ok: false, code: 'RATE_LIMITED' },
        { accountId: 'a5', ok: true },
      ])
    const view = await open('a1')
    await view.get(testId('refresh-all')).trigger('click')
    await flushPromises()
    expect(view.get(testId('refresh-all-status')).text()).toBe(
      'Refreshed 3 of 5 accounts; 2 of 5 failed:',
    )
    expect(view.text()).not.toContain('Open an account to see why')
    const links = view.findAll(testId('refresh-all-failure'))
    expect(links.map((link) => link.text())).toEqual(['Account 2', 'Account 4'])
    expect(links.map((link) => link.attributes('aria-label'))).toEqual([
      'Open Account 2',
      'Open Account 4',
    ])
    expect(
      view.get('[data-testid="account-row"][data-account-id="a2"]').attributes('data-refresh'),
    ).toBe('failed')
    expect(
      view.get('[data-testid="account-row"][data-account-id="a4"]').attributes('data-refresh'),
    ).toBe('failed')
    expect(
      view.get('[data-testid="account-row"][data-account-id="a1"]').attributes('data-refresh'),
    ).toBeUndefined()

    await links[1]?.trigger('click')
    await flushPromises()
    expect(view.get(testId('detail-label')).text()).toBe('Account 4')
    expect(document.activeElement).toBe(view.get(testId('detail-label')).element)
    expect(view.get(`${testId('refresh-error')} ${testId('error-code')}`).text()).toBe(
      'RATE_LIMITED',
    )
  })
})

describe('a JWT service app', () => {
  it('is named by its app, never "Unknown", and gets a new token rather than a sign-in', async () => {
    harness.api.answers.listProfiles = () =>
      ok([profile('profile-jwt', { name: 'Billing bot', clientType: 'jwt' })])
    const bot = details('bot', {
      label: 'Service app 1',
      method: 'jwt',
      accessTokenExpiresAt: now + 12 * minute,
      profileId: 'profile-jwt',
    })
    const deadBot = details('dead-bot', {
      label: 'Old bot',
      method: 'jwt',
      status: 'needs-sign-in',
      profileId: 'profile-jwt',
    })
    harness.setAccounts([bot, deadBot])
    let view = await open('bot')
    const section = view.get(testId('detail-service-app'))
    expect(section.text()).toContain('Service app')
    expect(view.get(testId('detail-user-name')).text()).toBe('Billing bot')
    expect(view.get(testId('account-detail')).text()).not.toContain('Unknown')
    view.unmount()

    view = await open('dead-bot')
    expect(view.get(testId('sign-in-again')).text()).toBe('Get a new token')
    expect(view.get(testId('account-detail')).text()).not.toContain('Sign in again')
    const row = view.get('[data-testid="account-row"][data-account-id="dead-bot"]')
    expect(row.get('.expiry-badge').text()).toBe('Needs a new token')
    expect(row.get(testId('account-row-remaining')).text()).toBe('Get a new token')
  })
})

describe('workspace IDs', () => {
  it('copy with the page’s clipboard, one button per row', async () => {
    const view = await open('oauth')
    const buttons = view.findAll(testId('copy-workspace-id'))
    expect(buttons).toHaveLength(1)
    expect(buttons[0]?.attributes('aria-label')).toBe('Copy the ID of Personal')
    await buttons[0]?.trigger('click')
    await flushPromises()
    expect(await navigator.clipboard.readText()).toBe('w1')
    expect(view.get(testId('workspace-copy-status')).text()).toBe('Copied the ID of Personal.')
    // No token operation for it.
    expect(harness.callsOf('copyToken')).toEqual([])
  })

  it('is one landmark named "Workspaces", not two', async () => {
    const view = await open('oauth')
    const named = view.findAll('section, [role="region"]').filter((element) => {
      const labelledBy = element.attributes('aria-labelledby')
      return labelledBy && document.getElementById(labelledBy)?.textContent?.includes('Workspaces')
    })
    expect(named).toHaveLength(1)
  })
})
