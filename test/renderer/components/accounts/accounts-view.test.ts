// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useAccountDetailsStore } from '../../../../src/renderer/src/stores/account-details'
import { useAccountsStore } from '../../../../src/renderer/src/stores/accounts'
import { useClockStore } from '../../../../src/renderer/src/stores/clock'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import AccountsView from '../../../../src/renderer/src/views/AccountsView.vue'
import App from '../../../../src/renderer/src/App.vue'
import type {
  AccountDetails,
  AccountSummary,
  ProfileSummary,
} from '../../../../src/shared/ipc-contract'
import type { Result } from '../../../../src/shared/errors'
import { deferred, failure, later, ok, profile, summary } from '../../stores/helpers'
import type { AccountsHarness } from './accounts-harness'
import { createAccountsHarness, manyAccounts, minute, now } from './accounts-harness'

let harness: AccountsHarness
let wrapper: VueWrapper | undefined

beforeEach(() => {
  setLocale('en')
  harness = createAccountsHarness()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  setLocale('en')
})

const three = [
  summary('a1', { label: 'Work', accessTokenExpiresAt: now + 12 * minute }),
  summary('a2', { label: 'Home', region: 'com', method: 'pat' }),
  summary('a3', { label: 'Bot', method: 'jwt', accessTokenExpiresAt: now + 30 * minute }),
]

describe('AccountsView', () => {
  it('with no accounts: one big button that goes to sign-in, and no list', async () => {
    wrapper = await harness.mountView()
    const empty = wrapper.get('[data-testid="accounts-empty"]')
    expect(empty.text()).toContain('No accounts yet')
    expect(wrapper.find('[data-testid="account-list"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="accounts-count"]').exists()).toBe(false)
    const button = wrapper.get('[data-testid="empty-sign-in"]')
    expect(button.text()).toBe('Sign in to Coze')
    expect(empty.findAll('button')).toHaveLength(1)
    await button.trigger('click')
    expect(useNavigationStore().view).toBe('add-account')
  })

  it("starts the shipped app's sign-in from the one button, in the default region", async () => {
    harness.api.answers.listProfiles = () =>
      ok([
        profile('bundled:cn-app', {
          name: 'Company (China)',
          region: 'cn',
          clientType: 'pkce',
          bundled: true,
        }),
        profile('bundled:com-device', {
          name: 'Company CLI',
          region: 'com',
          clientType: 'device',
          bundled: true,
        }),
        profile('bundled:com-app', {
          name: 'Company',
          region: 'com',
          clientType: 'pkce',
          bundled: true,
        }),
        profile('own-web', { name: 'Mine', region: 'com', clientType: 'web' }),
      ])
    wrapper = await harness.mountView()
    await flushPromises()
    expect(wrapper.get('[data-testid="empty-sign-in-how"]').text()).toContain('“Company”')
    await wrapper.get('[data-testid="empty-sign-in"]').trigger('click')
    const navigation = useNavigationStore()
    expect(navigation.view).toBe('add-account')
    expect(navigation.takePendingSignIn()).toEqual({ profileId: 'bundled:com-app', start: true })
  })

  it('a click while the profiles load waits for them, then starts the shipped app', async () => {
    const profiles = deferred<Result<ProfileSummary[]>>()
    harness.api.answers.listProfiles = later(profiles)
    wrapper = await harness.mountView()
    const button = wrapper.get('[data-testid="empty-sign-in"]')
    await button.trigger('click')
    await flushPromises()
    const navigation = useNavigationStore()
    // Not decided yet: the button says it is working, and a second click starts nothing more.
    expect(navigation.view).toBe('accounts')
    expect(button.attributes('aria-busy')).toBe('true')
    await button.trigger('click')
    profiles.resolve(
      ok([profile('bundled:com-app', { region: 'com', clientType: 'pkce', bundled: true })]),
    )
    await flushPromises()
    expect(navigation.view).toBe('add-account')
    expect(navigation.takePendingSignIn()).toEqual({ profileId: 'bundled:com-app', start: true })
    expect(harness.callsOf('listProfiles')).toHaveLength(1)
  })

  it('does not move the person on if they left while the profiles loaded', async () => {
    const profiles = deferred<Result<ProfileSummary[]>>()
    harness.api.answers.listProfiles = later(profiles)
    wrapper = await harness.mountView()
    await wrapper.get('[data-testid="empty-sign-in"]').trigger('click')
    const navigation = useNavigationStore()
    navigation.go('settings')
    profiles.resolve(
      ok([profile('bundled:com-app', { region: 'com', clientType: 'pkce', bundled: true })]),
    )
    await flushPromises()
    expect(navigation.view).toBe('settings')
    expect(navigation.takePendingSignIn()).toBeUndefined()
  })

  it('leads to the add-account screen to choose when no app was shipped', async () => {
    harness.api.answers.listProfiles = () =>
      ok([profile('own-pkce', { name: 'Mine', region: 'com', clientType: 'pkce' })])
    wrapper = await harness.mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="empty-sign-in-how"]').exists()).toBe(false)
    await wrapper.get('[data-testid="empty-sign-in"]').trigger('click')
    expect(useNavigationStore().view).toBe('add-account')
    expect(useNavigationStore().takePendingSignIn()).toBeUndefined()
  })

  it('with no app at all, the one button is a token from the Coze console', async () => {
    // A service app is no way in for a person, nor a web app without its secret: no app.
    harness.api.answers.listProfiles = () =>
      ok([
        profile('own-jwt', { name: 'Service', region: 'com', clientType: 'jwt' }),
        profile('own-web', { region: 'com', clientType: 'web', hasClientSecret: false }),
      ])
    wrapper = await harness.mountView()
    await flushPromises()
    const empty = wrapper.get('[data-testid="accounts-empty"]')
    expect(wrapper.find('[data-testid="empty-sign-in"]').exists()).toBe(false)
    const button = wrapper.get('[data-testid="empty-use-token"]')
    expect(button.text()).toBe('Use a token from the Coze console')
    expect(button.classes()).toContain('big-primary')
    expect(empty.findAll('.big-primary')).toHaveLength(1)
    expect(wrapper.get(`#${button.attributes('aria-describedby')}`).text()).toContain(
      'personal access token',
    )
    const navigation = useNavigationStore()
    await button.trigger('click')
    expect(navigation.view).toBe('add-account')
    expect(navigation.takePendingWay()).toBe('paste')
    expect(navigation.takePendingSignIn()).toBeUndefined()

    // The other ways stay one click away, on the start screen.
    navigation.go('accounts')
    await flushPromises()
    await wrapper.get('[data-testid="empty-other-ways"]').trigger('click')
    expect(navigation.view).toBe('add-account')
    expect(navigation.takePendingWay()).toBeUndefined()
  })

  it('keeps "Sign in to Coze" when there is an app to sign in through, or no list to tell', async () => {
    harness.api.answers.listProfiles = () => failure('STORE_FAILED')
    wrapper = await harness.mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="empty-use-token"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="empty-sign-in"]').exists()).toBe(true)
    wrapper.unmount()

    harness = createAccountsHarness()
    harness.api.answers.listProfiles = () =>
      ok([profile('own-web', { region: 'com', clientType: 'web', hasClientSecret: true })])
    wrapper = await harness.mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="empty-use-token"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="empty-sign-in"]').exists()).toBe(true)
  })

  it('copies a token straight from the list and says when the clipboard clears', async () => {
    harness.setAccounts(three)
    harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
    wrapper = await harness.mountView()
    const listbox = wrapper.get('[data-testid="account-list"]')
    await listbox.trigger('focus')
    await listbox.trigger('keydown', { key: 'c', ctrlKey: true })
    await flushPromises()
    expect(harness.callsOf('copyToken')).toEqual([{ accountId: three[0]!.id, format: 'raw' }])
    expect(wrapper.get('[data-testid="quick-copy-status"]').text()).toBe(
      `Copied the token of ${three[0]!.label}. The clipboard clears in 30 s.`,
    )
    // Opening an account is not needed to copy it.
    expect(useNavigationStore().selectedAccountId).toBeUndefined()

    // The countdown follows the shared clock; what is announced stays the same sentence.
    const announced = wrapper.get('[data-testid="quick-copy-status"] [role="status"]')
    expect(announced.text()).toBe(`Copied the token of ${three[0]!.label}.`)
    useClockStore().setNow(now + 12_500)
    await flushPromises()
    expect(wrapper.get('[data-testid="quick-copy-status"] [role="timer"]').text()).toBe(
      'The clipboard clears in 17 s.',
    )
    expect(announced.text()).toBe(`Copied the token of ${three[0]!.label}.`)
    useClockStore().setNow(now + 30_000)
    await flushPromises()
    expect(wrapper.get('[data-testid="quick-copy-status"]').text()).toBe(
      `Copied the token of ${three[0]!.label}. The clipboard has been cleared.`,
    )
    expect(announced.text()).toBe(`Copied the token of ${three[0]!.label}.`)

    harness.api.answers.copyToken = () => failure('REFRESH_TOKEN_DEAD')
    await listbox.trigger('keydown', { key: 'c', ctrlKey: true })
    await flushPromises()
    expect(wrapper.get('[data-testid="quick-copy-status"]').text()).toBe('')
    expect(wrapper.get('[data-testid="quick-copy-error"] [data-testid="error-code"]').text()).toBe(
      'REFRESH_TOKEN_DEAD',
    )
  })

  it('says "登录扣子" on the empty state in Chinese', async () => {
    setLocale('zh-CN')
    wrapper = await harness.mountView()
    expect(wrapper.get('[data-testid="empty-sign-in"]').text()).toBe('登录扣子')
    expect(wrapper.get('h2').text()).toBe('账号')
  })

  it('shows a failed load with Retry, and the list once it works', async () => {
    harness.setAccounts(three)
    harness.api.state.failList = failure('KEYCHAIN_LOCKED')
    wrapper = await harness.mountView()
    const notice = wrapper.get('[data-testid="accounts-error"]')
    expect(notice.get('[data-testid="error-code"]').text()).toBe('KEYCHAIN_LOCKED')
    expect(wrapper.find('[data-testid="accounts-empty"]').exists()).toBe(false)
    harness.api.state.failList = undefined
    await notice.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="accounts-error"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="account-row"]')).toHaveLength(3)
    expect(wrapper.get('[data-testid="accounts-count"]').text()).toBe('3 accounts')
  })

  it('says it is loading until the first answer', async () => {
    harness.setAccounts(three)
    harness.api.answers.listAccounts = later(deferred<Result<AccountSummary[]>>())
    void useAccountsStore().load()
    wrapper = mount(AccountsView, { global: { plugins: [harness.pinia] } })
    expect(wrapper.get('[data-testid="accounts-loading"]').text()).toBe('Loading…')
    expect(wrapper.find('[data-testid="accounts-empty"]').exists()).toBe(false)
  })

  it('holds one clock lease for the whole screen, however many rows', async () => {
    const clock = useClockStore()
    harness.setAccounts(three)
    wrapper = await harness.mountView({ selectedId: 'a1' })
    expect(wrapper.findAll('[data-testid="account-row"]')).toHaveLength(3)
    expect(wrapper.find('[data-testid="account-detail"]').exists()).toBe(true)
    expect(clock.users).toBe(1)
    wrapper.unmount()
    expect(clock.users).toBe(0)

    harness.setAccounts(manyAccounts(1000))
    wrapper = await harness.mountView()
    expect(wrapper.findAll('[data-testid="account-row"]').length).toBeGreaterThan(5)
    expect(clock.users).toBe(1)
    wrapper.unmount()
    expect(clock.users).toBe(0)

    // Nothing to count down: no lease, so the clock does not tick for an empty screen.
    harness.setAccounts([])
    useNavigationStore().openAccount(undefined)
    wrapper = await harness.mountView()
    expect(wrapper.find('[data-testid="accounts-empty"]').exists()).toBe(true)
    expect(clock.users).toBe(0)
  })

  it('moves every remaining time with the shared clock', async () => {
    harness.setAccounts(three)
    wrapper = await harness.mountView({ selectedId: 'a1' })
    const remaining = () =>
      wrapper!.get('[data-account-id="a1"] [data-testid="account-row-remaining"]').text()
    expect(remaining()).toBe('12 min left')
    expect(wrapper.get('[data-testid="detail-access-remaining"]').text()).toBe('12 min left')
    useClockStore().setNow(now + 11 * minute)
    await flushPromises()
    expect(remaining()).toBe('1 min left')
    expect(wrapper.get('[data-testid="detail-access-remaining"]').text()).toBe('1 min left')
    expect(wrapper.get('[data-account-id="a1"]').attributes('data-state')).toBe('expiring')
  })

  it('opens the clicked account next to the list and marks it selected', async () => {
    harness.setAccounts(three)
    wrapper = await harness.mountView()
    expect(wrapper.find('[data-testid="detail-placeholder"]').exists()).toBe(true)
    await wrapper.get('[data-account-id="a2"]').trigger('click')
    await flushPromises()
    expect(useNavigationStore().selectedAccountId).toBe('a2')
    expect(harness.callsOf('getAccount')).toEqual([{ accountId: 'a2' }])
    const detail = wrapper.get('[data-testid="account-detail"]')
    expect(detail.get('[data-testid="detail-label"]').text()).toBe('Home')
    const headingId = detail.get('h3').attributes('id')
    expect(detail.attributes('aria-labelledby')).toBe(headingId)
    expect(wrapper.get('[data-account-id="a2"]').attributes('aria-selected')).toBe('true')
  })

  it('opens with Enter and takes the focus to the account; Escape comes back', async () => {
    harness.setAccounts(three)
    wrapper = await harness.mountView()
    const listbox = wrapper.get('[data-testid="account-list"]')
    ;(listbox.element as HTMLElement).focus()
    await listbox.trigger('keydown', { key: 'ArrowDown' })
    await listbox.trigger('keydown', { key: 'ArrowDown' })
    await listbox.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(useNavigationStore().selectedAccountId).toBe('a3')
    const heading = wrapper.get('[data-testid="detail-label"]')
    expect(heading.text()).toBe('Bot')
    expect(document.activeElement).toBe(heading.element)
    await heading.trigger('keydown', { key: 'Escape' })
    expect(document.activeElement).toBe(listbox.element)
  })

  it('shows an account another screen opened (a finished sign-in)', async () => {
    harness.setAccounts(three)
    wrapper = await harness.mountView()
    useNavigationStore().openAccount('a3')
    await flushPromises()
    expect(wrapper.get('[data-testid="detail-label"]').text()).toBe('Bot')
    expect(useAccountDetailsStore().selectedId).toBe('a3')
  })

  it('puts the focus on an account another screen opened for the person', async () => {
    harness.setAccounts(three)
    wrapper = await harness.mountView()
    const search = wrapper.get('[data-testid="account-search"]').element as HTMLInputElement
    search.focus()
    const navigation = useNavigationStore()
    navigation.openAccount('a3', { focus: 'detail' })
    await flushPromises()
    const heading = wrapper.get('[data-testid="detail-label"]')
    expect(heading.text()).toBe('Bot')
    expect(document.activeElement).toBe(heading.element)
    // Taken once: it does not linger for a later visit.
    expect(navigation.takeFocusTarget()).toBeUndefined()

    // Opened without asking for focus, the account shows and the focus stays where it was.
    search.focus()
    navigation.openAccount('a1')
    await flushPromises()
    expect(wrapper.get('[data-testid="detail-label"]').text()).toBe('Work')
    expect(document.activeElement).toBe(search)
  })

  it('focuses the account when its opening is what brings the screen up', async () => {
    harness.setAccounts(three)
    // A finished sign-in on the add-account screen: the accounts screen mounts afterwards.
    useNavigationStore().openAccount('a2', { focus: 'detail' })
    wrapper = await harness.mountView()
    await flushPromises()
    const heading = wrapper.get('[data-testid="detail-label"]')
    expect(heading.text()).toBe('Home')
    expect(document.activeElement).toBe(heading.element)
  })

  it('opens an account just added on its Copy button, once its details are in', async () => {
    harness.setAccounts(three)
    const answer = deferred<Result<AccountDetails>>()
    const loaded = harness.server.get('a1')
    harness.api.answers.getAccount = later(answer)
    wrapper = await harness.mountView()
    useNavigationStore().openAccount('a1', { focus: 'copy' })
    await flushPromises()
    // While its details load the heading holds the focus: it names the account, and the Copy
    // button is not there yet.
    expect(wrapper.find('[data-testid="copy-token"]').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('[data-testid="detail-label"]').element)
    if (!loaded) throw new Error('no details for a1')
    answer.resolve(ok(loaded))
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get('[data-testid="copy-token"]').element)
  })

  it('moves to Copy only once the list has the new account, so nothing shifts it away', async () => {
    harness.setAccounts(three)
    // Main has the account; the list on screen was read before it was added.
    harness.api.state.accounts = three.slice(1)
    wrapper = await harness.mountView()
    useNavigationStore().openAccount('a1', { focus: 'copy' })
    await flushPromises()
    const heading = wrapper.get('[data-testid="detail-label"]')
    expect(wrapper.find('[data-testid="copy-token"]').exists()).toBe(true)
    expect(document.activeElement).toBe(heading.element)
    harness.api.state.accounts = three
    await useAccountsStore().load()
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get('[data-testid="copy-token"]').element)
  })

  it('leaves the focus where the person moved it while the new account loaded', async () => {
    harness.setAccounts(three)
    const answer = deferred<Result<AccountDetails>>()
    const loaded = harness.server.get('a1')
    harness.api.answers.getAccount = later(answer)
    wrapper = await harness.mountView()
    useNavigationStore().openAccount('a1', { focus: 'copy' })
    await flushPromises()
    const search = wrapper.get('[data-testid="account-search"]').element as HTMLInputElement
    search.focus()
    if (!loaded) throw new Error('no details for a1')
    answer.resolve(ok(loaded))
    await flushPromises()
    expect(document.activeElement).toBe(search)
  })

  it('opens an account whose token is dead on its way back, as there is nothing to copy', async () => {
    harness.setAccounts([summary('a1', { label: 'Work', status: 'needs-sign-in' })])
    wrapper = await harness.mountView()
    useNavigationStore().openAccount('a1', { focus: 'copy' })
    await flushPromises()
    expect(wrapper.find('[data-testid="copy-token"]').exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('[data-testid="sign-in-again"]').element)
  })

  it('in the window, a sign-in that completes opens the new account with Copy focused', async () => {
    harness.setAccounts(three)
    await useAccountsStore().load()
    harness.api.answers.getSettings = () => failure('STORE_FAILED')
    harness.api.answers.listProfiles = () =>
      ok([profile('pkce-1', { name: 'Desktop', region: 'com', clientType: 'pkce' })])
    const added = summary('a9', { label: 'Ada', accessTokenExpiresAt: now + 60 * minute })
    harness.api.answers.signIn = () => {
      harness.setAccounts([...three, added])
      return ok(added)
    }
    const navigation = useNavigationStore()
    navigation.go('add-account')
    wrapper = mount(App, { global: { plugins: [harness.pinia] }, attachTo: document.body })
    await flushPromises()
    const way = wrapper.get('[data-testid="way-browser"]')
    ;(way.element as HTMLButtonElement).focus()
    await way.trigger('click')
    await flushPromises()
    expect(navigation.view).toBe('accounts')
    expect(wrapper.get('[data-testid="detail-label"]').text()).toBe('Ada')
    const copy = wrapper.get('[data-testid="copy-token"]')
    expect(document.activeElement).toBe(copy.element)
    // The focused button is the one that copies this account's token.
    harness.api.answers.copyToken = () => ok({ clearsAt: null })
    await copy.trigger('click')
    await flushPromises()
    expect(harness.callsOf('copyToken')).toEqual([
      expect.objectContaining({ accountId: 'a9', format: 'raw' }),
    ])
  })

  it('in the window, the account’s heading wins over the screen’s own heading', async () => {
    harness.setAccounts(three)
    await useAccountsStore().load()
    const navigation = useNavigationStore()
    navigation.go('settings')
    wrapper = mount(App, { global: { plugins: [harness.pinia] }, attachTo: document.body })
    await flushPromises()
    navigation.openAccount('a2', { focus: 'detail' })
    await flushPromises()
    const heading = wrapper.get('[data-testid="detail-label"]')
    expect(heading.text()).toBe('Home')
    expect(document.activeElement).toBe(heading.element)
  })

  it('shows the detail of a just-added account before the list has it', async () => {
    harness.setAccounts(three)
    harness.api.state.accounts = []
    wrapper = await harness.mountView({ selectedId: 'a2' })
    expect(wrapper.find('[data-testid="accounts-empty"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="detail-label"]').text()).toBe('Home')
  })

  it('refreshes all accounts and says how it went', async () => {
    harness.setAccounts(three)
    harness.api.answers.refreshAllAccounts = () =>
      ok([
        { accountId: 'a1', ok: true },
        { accountId: 'a3', ok: false, code: 'NETWORK' },
      ])
    wrapper = await harness.mountView()
    await wrapper.get('[data-testid="refresh-all"]').trigger('click')
    await flushPromises()
    expect(harness.callsOf('refreshAllAccounts')).toHaveLength(1)
    expect(wrapper.get('[data-testid="refresh-all-status"]').text()).toBe(
      'Refreshed 1 of 2 accounts; 1 of 2 failed:',
    )
    harness.api.answers.refreshAllAccounts = () => failure('BRIDGE_UNAVAILABLE')
    await wrapper.get('[data-testid="refresh-all"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="refresh-all-error"] [data-testid="error-code"]').text()).toBe(
      'BRIDGE_UNAVAILABLE',
    )
  })

  it('after a removal: the row goes, the selection clears, focus returns to the list', async () => {
    harness.setAccounts(three)
    harness.api.answers.removeAccount = () => ok({ removed: true, undoUntil: Date.now() + 8000 })
    wrapper = await harness.mountView({ selectedId: 'a2' })
    await wrapper.get('[data-testid="remove-account"]').trigger('click')
    await flushPromises()
    expect(harness.callsOf('removeAccount')).toEqual([{ accountId: 'a2' }])
    expect(useNavigationStore().selectedAccountId).toBeUndefined()
    expect(wrapper.find('[data-account-id="a2"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="account-detail"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="accounts-removed"]').text()).toBe('“Home” was removed.')
    expect(wrapper.get('[data-testid="accounts-count"]').text()).toBe('2 accounts')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="account-list"]').element)
  })

  it('removing the last account shows the empty state with the focus on its button', async () => {
    harness.setAccounts([three[0]!])
    harness.api.answers.removeAccount = () => ok({ removed: true, undoUntil: Date.now() + 8000 })
    wrapper = await harness.mountView({ selectedId: 'a1' })
    await wrapper.get('[data-testid="remove-account"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="accounts-empty"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-testid="account-row"]')).toHaveLength(0)
    expect(document.activeElement).toBe(wrapper.get('[data-testid="empty-sign-in"]').element)
  })

  it('offers Undo for the undo time: the account comes back, opened, where it was', async () => {
    harness.setAccounts(three)
    const clock = useClockStore()
    clock.setNow(1_000_000)
    harness.api.answers.removeAccount = () => ok({ removed: true, undoUntil: 1_008_000 })
    harness.api.answers.undoRemoveAccount = () => ok(three[1]!)
    wrapper = await harness.mountView({ selectedId: 'a2' })
    // Nothing is asked first: one click removes it.
    await wrapper.get('[data-testid="remove-account"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="remove-dialog"]').exists()).toBe(false)
    const toast = wrapper.get('[data-testid="removal-toast"]')
    expect(toast.text()).toContain('“Home” was removed.')
    expect(wrapper.get('[data-testid="undo-seconds"]').text()).toBe('8 s')
    clock.setNow(1_005_500)
    await flushPromises()
    expect(wrapper.get('[data-testid="undo-seconds"]').text()).toBe('2 s')
    await wrapper.get('[data-testid="undo-remove"]').trigger('click')
    await flushPromises()
    expect(harness.callsOf('undoRemoveAccount')).toEqual([{ accountId: 'a2' }])
    expect(wrapper.find('[data-testid="removal-toast"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="account-row"]')).toHaveLength(3)
    expect(useNavigationStore().selectedAccountId).toBe('a2')
  })

  it('takes the offer away once the undo time has passed', async () => {
    harness.setAccounts(three)
    const clock = useClockStore()
    clock.setNow(2_000_000)
    harness.api.answers.removeAccount = () => ok({ removed: true, undoUntil: 2_008_000 })
    wrapper = await harness.mountView({ selectedId: 'a2' })
    await wrapper.get('[data-testid="remove-account"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="undo-remove"]').exists()).toBe(true)
    clock.setNow(2_008_000)
    await flushPromises()
    expect(wrapper.find('[data-testid="removal-toast"]').exists()).toBe(false)
    expect(useAccountsStore().removal).toBeUndefined()
    expect(harness.callsOf('undoRemoveAccount')).toEqual([])
  })

  it('says so when main has already deleted it', async () => {
    harness.setAccounts(three)
    harness.api.answers.removeAccount = () => ok({ removed: true, undoUntil: Date.now() + 8000 })
    harness.api.answers.undoRemoveAccount = () => failure('NOT_FOUND')
    wrapper = await harness.mountView({ selectedId: 'a2' })
    await wrapper.get('[data-testid="remove-account"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="undo-remove"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="undo-error"] [data-testid="error-code"]').text()).toBe(
      'NOT_FOUND',
    )
    expect(wrapper.findAll('[data-testid="account-row"]')).toHaveLength(2)
  })

  it('lays out its main heading as an h2, first in the screen', async () => {
    harness.setAccounts(three)
    wrapper = await harness.mountView({ selectedId: 'a1' })
    expect(wrapper.find('h2').text()).toBe('Accounts')
    expect(wrapper.findAll('h2')).toHaveLength(1)
  })
})
