// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { AccountSummary } from '../../../../src/shared/ipc-contract'
import AccountList from '../../../../src/renderer/src/components/accounts/AccountList.vue'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { summary } from '../../stores/helpers'
import { day, manyAccounts, minute, now } from './accounts-harness'

/** A picture as main hands it over: a data: URL (the window loads no remote image). */
const pictureUrl = 'data:image/png;base64,iVBORw0KGgo='

let wrapper: VueWrapper | undefined

beforeEach(() => setLocale('en'))
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('en')
})

const sample: AccountSummary[] = [
  summary('work', {
    label: 'Work (coze.cn)',
    region: 'cn',
    method: 'pkce',
    accessTokenExpiresAt: now + 12 * minute,
    refreshTokenExpiresAt: now + 30 * day,
    workspaceCount: 3,
    tokenHint: 'czu_…9f2a',
  }),
  summary('bot', {
    label: 'Bot service',
    region: 'com',
    method: 'jwt',
    accessTokenExpiresAt: now + minute,
    workspaceCount: 1,
    tokenHint: 'czs_…77aa',
  }),
  summary('old', {
    label: 'Old laptop',
    region: 'com',
    method: 'pat',
    accessTokenExpiresAt: now - 2 * day,
    workspaceCount: 0,
    tokenHint: 'pat_…0042',
  }),
  summary('gone', {
    label: 'Gone',
    region: 'cn',
    method: 'device',
    status: 'needs-sign-in',
    workspaceCount: 2,
    tokenHint: 'czu_…dead',
  }),
  summary('forever', {
    label: 'Forever token',
    region: 'custom',
    method: 'sat',
    accessTokenExpiresAt: undefined,
    workspaceCount: 1,
    tokenHint: 'sat_…1111',
  }),
]

function mountList(accounts: AccountSummary[] = sample, selectedId?: string): VueWrapper {
  wrapper = mount(AccountList, {
    props: { accounts, now, selectedId },
    attachTo: document.body,
  })
  return wrapper
}

function rowIds(list: VueWrapper): string[] {
  return list
    .findAll('[data-testid="account-row"]')
    .map((row) => row.attributes('data-account-id') ?? '')
}

async function search(list: VueWrapper, text: string): Promise<void> {
  await list.get('[data-testid="account-search"]').setValue(text)
}

async function press(list: VueWrapper, key: string): Promise<void> {
  await list.get('[data-testid="account-list"]').trigger('keydown', { key })
}

function activeRow(list: VueWrapper): Element | null {
  const id = list.get('[data-testid="account-list"]').attributes('aria-activedescendant')
  return id ? document.getElementById(id) : null
}

describe('AccountList', () => {
  it('shows each account with its region, method, workspaces and remaining time', () => {
    const list = mountList()
    const rows = list.findAll('[data-testid="account-row"]')
    expect(rows).toHaveLength(5)
    const work = rows[0]!
    expect(work.get('[data-testid="account-row-label"]').text()).toBe('Work (coze.cn)')
    expect(work.get('[data-testid="account-row-region"]').text()).toBe('coze.cn')
    expect(work.get('[data-testid="account-row-method"]').text()).toBe('PKCE')
    expect(work.get('[data-testid="account-row-method"]').attributes('title')).toBe(
      'Browser (PKCE)',
    )
    expect(work.get('[data-testid="account-row-workspaces"]').text()).toBe('3 workspaces')
    expect(work.get('[data-testid="account-row-remaining"]').text()).toBe('12 min left')
    expect(work.attributes('role')).toBe('option')
    expect(work.attributes('aria-posinset')).toBe('1')
    expect(work.attributes('aria-setsize')).toBe('5')
    expect(work.find('img').exists()).toBe(false)
    expect(work.text()).toContain('WC')
  })

  it('gives every row a state in words and data-state, not only a colour', () => {
    const list = mountList()
    const rows = list.findAll('[data-testid="account-row"]')
    expect(rows.map((row) => row.attributes('data-state'))).toEqual([
      'fresh',
      'expiring',
      'expired',
      'needs-sign-in',
      'no-expiry',
    ])
    expect(rows.map((row) => row.get('.expiry-badge').text())).toEqual([
      'Fresh',
      'Expiring soon',
      'Expired',
      'Needs sign-in',
      'No expiry',
    ])
    expect(rows.map((row) => row.get('[data-testid="account-row-remaining"]').text())).toEqual([
      '12 min left',
      '1 min left',
      'Expired 2 d ago',
      'Sign in again',
      'Never expires',
    ])
    for (const row of rows) expect(row.find('.expiry-badge svg').exists()).toBe(true)
  })

  it('updates remaining time and state from the `now` it is given', async () => {
    const list = mountList()
    await list.setProps({ now: now + 11 * minute })
    const work = list.get('[data-account-id="work"]')
    expect(work.get('[data-testid="account-row-remaining"]').text()).toBe('1 min left')
    expect(work.attributes('data-state')).toBe('expiring')
  })

  it('shows the avatar when there is one, and initials when it fails to load', async () => {
    const list = mountList([summary('pic', { label: 'Li Lei', avatarUrl: pictureUrl })])
    const image = list.get('[data-account-id="pic"] img')
    expect(image.attributes('alt')).toBe('')
    await image.trigger('error')
    expect(list.find('[data-account-id="pic"] img').exists()).toBe(false)
    expect(list.get('[data-account-id="pic"]').text()).toContain('LL')
  })

  it('shows initials instead of a remote picture address', () => {
    const list = mountList([
      summary('remote', { label: 'Han Meimei', avatarUrl: 'https://example.invalid/han.png' }),
    ])
    expect(list.find('[data-account-id="remote"] img').exists()).toBe(false)
    expect(list.get('[data-account-id="remote"]').text()).toContain('HM')
  })

  it.each([
    ['work', ['work']],
    ['BOT', ['bot']],
    ['jwt', ['bot']],
    ['service', ['bot', 'forever']],
    ['coze.cn', ['work', 'gone']],
    ['0042', ['old']],
    ['pkce   work', ['work']],
    ['custom', ['forever']],
  ])('searches by label, region, method and token hint: %j', async (text, expected) => {
    const list = mountList()
    await search(list, text)
    expect(rowIds(list)).toEqual(expected)
    expect(list.get('[data-testid="accounts-shown"]').text()).toBe(
      `Showing ${expected.length} of 5`,
    )
  })

  it('searches the method names of the language on screen', async () => {
    setLocale('zh-CN')
    const list = mountList()
    await search(list, '设备码')
    expect(rowIds(list)).toEqual(['gone'])
    expect(list.get('[data-account-id="gone"] [data-testid="account-row-method"]').text()).toBe(
      '设备码',
    )
  })

  it('filters by region and by state, together with the search', async () => {
    const list = mountList()
    await list.get('[data-testid="account-filter-region"]').setValue('com')
    expect(rowIds(list)).toEqual(['bot', 'old'])
    await list.get('[data-testid="account-filter-state"]').setValue('expired')
    expect(rowIds(list)).toEqual(['old'])
    await list.get('[data-testid="account-filter-region"]').setValue('all')
    await list.get('[data-testid="account-filter-state"]').setValue('needs-sign-in')
    expect(rowIds(list)).toEqual(['gone'])
    await list.get('[data-testid="account-filter-state"]').setValue('expiring')
    await search(list, 'bot')
    expect(rowIds(list)).toEqual(['bot'])
  })

  it('offers the custom region only when an account uses it', () => {
    const values = (list: VueWrapper) =>
      list
        .findAll('[data-testid="account-filter-region"] option')
        .map((option) => option.attributes('value'))
    expect(values(mountList())).toEqual(['all', 'com', 'cn', 'custom'])
    wrapper?.unmount()
    expect(values(mountList(sample.slice(0, 2)))).toEqual(['all', 'com', 'cn'])
  })

  it('re-evaluates a state filter as the clock moves', async () => {
    const list = mountList()
    await list.get('[data-testid="account-filter-state"]').setValue('expired')
    expect(rowIds(list)).toEqual(['old'])
    await list.setProps({ now: now + 20 * minute })
    expect(rowIds(list)).toEqual(['work', 'bot', 'old'])
  })

  it('keeps the focus when the clock takes the last match out of a state filter', async () => {
    const list = mountList()
    await list.get('[data-testid="account-filter-state"]').setValue('expiring')
    expect(rowIds(list)).toEqual(['bot'])
    const listbox = list.get('[data-testid="account-list"]')
    ;(listbox.element as HTMLElement).focus()
    expect(document.activeElement).toBe(listbox.element)
    // A minute later the bot's token has expired: nothing is "expiring soon" any more.
    await list.setProps({ now: now + 2 * minute })
    await flushPromises()
    expect(rowIds(list)).toEqual([])
    const clear = list.get('[data-testid="clear-filters"]')
    expect(document.activeElement).toBe(clear.element)
    await clear.trigger('click')
    await flushPromises()
    expect(rowIds(list)).toHaveLength(5)
  })

  it('leaves the focus alone when the list empties while it is elsewhere', async () => {
    const list = mountList()
    await list.get('[data-testid="account-filter-state"]').setValue('expiring')
    const select = list.get('[data-testid="account-filter-state"]').element as HTMLSelectElement
    select.focus()
    await list.setProps({ now: now + 2 * minute })
    await flushPromises()
    expect(rowIds(list)).toEqual([])
    expect(document.activeElement).toBe(select)
  })

  it('says when nothing matches, and clearing brings every account back', async () => {
    const list = mountList()
    await search(list, 'no such account')
    await list.get('[data-testid="account-filter-region"]').setValue('cn')
    expect(rowIds(list)).toEqual([])
    expect(list.get('[data-testid="accounts-no-match"]').text()).toContain('No account matches')
    await list.get('[data-testid="clear-filters"]').trigger('click')
    expect(rowIds(list)).toHaveLength(5)
    expect(list.find('[data-testid="accounts-no-match"]').exists()).toBe(false)
    expect(
      (list.get('[data-testid="account-filter-region"]').element as HTMLSelectElement).value,
    ).toBe('all')
    expect(list.get('[data-testid="accounts-shown"]').text()).toBe('')
    // The list moves the focus on Vue's next tick, once the cleared filters are rendered.
    await nextTick()
    expect(document.activeElement).toBe(list.get('[data-testid="account-search"]').element)
  })

  it('clears the search with Escape', async () => {
    const list = mountList()
    await search(list, 'bot')
    const input = list.get('[data-testid="account-search"]')
    await input.trigger('keydown', { key: 'Escape' })
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(rowIds(list)).toHaveLength(5)
  })

  it('jumps to the search with "/" or Ctrl/Cmd+F, but "/" typed in a field stays there', async () => {
    const list = mountList()
    const input = list.get('[data-testid="account-search"]').element
    const listbox = list.get('[data-testid="account-list"]').element as HTMLElement
    listbox.focus()
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }))
    expect(document.activeElement).toBe(input)

    listbox.focus()
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true }))
    expect(document.activeElement).toBe(input)
    listbox.focus()
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'F', metaKey: true, bubbles: true }))
    expect(document.activeElement).toBe(input)

    const elsewhere = document.createElement('input')
    document.body.append(elsewhere)
    elsewhere.focus()
    const slash = new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true })
    elsewhere.dispatchEvent(slash)
    expect(document.activeElement).toBe(elsewhere)
    expect(slash.defaultPrevented).toBe(false)
    elsewhere.remove()
  })

  it('copies the highlighted account with Ctrl+C or Cmd+C, and nothing with plain C', async () => {
    const list = mountList()
    const listbox = list.get('[data-testid="account-list"]')
    await listbox.trigger('focus')
    await press(list, 'ArrowDown')
    await listbox.trigger('keydown', { key: 'c' })
    expect(list.emitted('copy')).toBeUndefined()
    await listbox.trigger('keydown', { key: 'c', ctrlKey: true })
    await press(list, 'ArrowDown')
    await listbox.trigger('keydown', { key: 'C', metaKey: true })
    expect(list.emitted('copy')).toEqual([['bot'], [rowIds(list)[2]]])
    expect(list.emitted('open')).toBeUndefined()
  })

  it('moves through the rows with the arrow keys, Home, End and the page keys', async () => {
    const list = mountList()
    const listbox = list.get('[data-testid="account-list"]')
    await listbox.trigger('focus')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('work')
    await press(list, 'ArrowDown')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('bot')
    await press(list, 'ArrowDown')
    await press(list, 'ArrowUp')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('bot')
    await press(list, 'End')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('forever')
    await press(list, 'ArrowDown')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('forever')
    await press(list, 'Home')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('work')
    await press(list, 'ArrowUp')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('work')
    await press(list, 'PageDown')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('forever')
    await press(list, 'PageUp')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('work')
    expect(activeRow(list)?.classList.contains('active')).toBe(true)
  })

  it('opens the active row with Enter, and a clicked row too', async () => {
    const list = mountList()
    await list.get('[data-testid="account-list"]').trigger('focus')
    await press(list, 'ArrowDown')
    await press(list, 'Enter')
    await list.get('[data-account-id="old"]').trigger('click')
    expect(list.emitted('open')).toEqual([
      ['bot', 'keyboard'],
      ['old', 'pointer'],
    ])
  })

  it('marks the open account as selected and starts the keys there', async () => {
    const list = mountList(sample, 'old')
    expect(list.get('[data-account-id="old"]').attributes('aria-selected')).toBe('true')
    expect(list.get('[data-account-id="work"]').attributes('aria-selected')).toBe('false')
    await list.get('[data-testid="account-list"]').trigger('focus')
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('old')
    await list.setProps({ selectedId: 'gone' })
    expect(activeRow(list)?.getAttribute('data-account-id')).toBe('gone')
  })

  it('goes from the search to the list with the down arrow', async () => {
    const list = mountList()
    await list.get('[data-testid="account-search"]').trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(list.get('[data-testid="account-list"]').element)
  })

  describe('with 1,000 accounts', () => {
    const thousand = manyAccounts(1000)

    it('renders only the rows in view, positioned in a list of the full height', () => {
      const list = mountList(thousand)
      const rows = list.findAll('[data-testid="account-row"]')
      expect(rows.length).toBeGreaterThan(5)
      expect(rows.length).toBeLessThan(40)
      expect(rows[0]?.attributes('aria-setsize')).toBe('1000')
      const spacer = list.get('[data-testid="account-list"] > [role="none"]').element as HTMLElement
      const top = Number.parseInt(spacer.style.paddingTop, 10)
      const bottom = Number.parseInt(spacer.style.paddingBottom, 10)
      expect(top + rows.length * 64 + bottom).toBe(1000 * 64)
    })

    it('keeps keyboard navigation over every account: End reaches the last one', async () => {
      const list = mountList(thousand)
      const listbox = list.get('[data-testid="account-list"]')
      await listbox.trigger('focus')
      await press(list, 'End')
      const last = activeRow(list)
      expect(last?.getAttribute('data-account-id')).toBe('acct-999')
      expect(last?.getAttribute('aria-posinset')).toBe('1000')
      expect(rowIds(list)).not.toContain('acct-0')
      expect(list.findAll('[data-testid="account-row"]').length).toBeLessThan(40)
      await press(list, 'PageUp')
      const page = Number(activeRow(list)?.getAttribute('aria-posinset'))
      expect(page).toBeLessThan(1000)
      expect(page).toBeGreaterThan(990)
      await press(list, 'Home')
      expect(activeRow(list)?.getAttribute('data-account-id')).toBe('acct-0')
    })

    it('renders the window where the list is scrolled to', async () => {
      const list = mountList(thousand)
      const listbox = list.get('[data-testid="account-list"]').element as HTMLElement
      listbox.scrollTop = 500 * 64
      await list.get('[data-testid="account-list"]').trigger('scroll')
      const ids = rowIds(list)
      expect(ids).toContain('acct-500')
      expect(ids).not.toContain('acct-0')
      const spacer = listbox.firstElementChild as HTMLElement
      expect(Number.parseInt(spacer.style.paddingTop, 10)).toBeGreaterThan(400 * 64)
    })

    it('filters all of them, not only the rendered ones', async () => {
      const list = mountList(thousand)
      await search(list, '0999')
      expect(rowIds(list)).toEqual(['acct-999'])
      await search(list, 'jwt')
      expect(list.get('[data-testid="accounts-shown"]').text()).toBe('Showing 167 of 1000')
    })
  })
})
