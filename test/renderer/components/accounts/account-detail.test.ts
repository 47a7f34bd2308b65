// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Result } from '../../../../src/shared/errors'
import type { AccountDetails, AccountSummary } from '../../../../src/shared/ipc-contract'
import TokenPanel from '../../../../src/renderer/src/components/accounts/TokenPanel.vue'
import { formatDateTime } from '../../../../src/renderer/src/format/duration'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useAccountsStore } from '../../../../src/renderer/src/stores/accounts'
import { useClockStore } from '../../../../src/renderer/src/stores/clock'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import { deferred, details, failure, later, ok, summary } from '../../stores/helpers'
import { expectNoSecret, placesHoldingSecret } from '../../support/secrets'
import type { AccountsHarness } from './accounts-harness'
import { createAccountsHarness, day, minute, now } from './accounts-harness'

let harness: AccountsHarness
let wrapper: VueWrapper | undefined

const revealedToken = 'czu_revealed_token_value_0123456789'

const oauth: AccountDetails = details('oauth', {
  label: 'Work (coze.cn)',
  region: 'cn',
  method: 'pkce',
  accessTokenExpiresAt: now + 12 * minute,
  refreshTokenExpiresAt: now + 30 * day,
  tokenHint: 'czu_…9f2a',
  workspaceCount: 2,
  clientId: '1234567890123',
  createdAt: now - 10 * day,
  user: {
    userId: '7400000000001',
    userName: 'lilei',
    nickName: 'Li Lei',
    avatarUrl: 'data:image/png;base64,iVBORw0KGgo=',
  },
  workspaces: [
    { id: 'w1', name: 'Personal', iconUrl: '', role: 'owner', type: 'personal' },
    { id: 'w2', name: 'Design team', iconUrl: '', role: 'member', type: 'team' },
  ],
  lastRefresh: { at: now - 5 * minute, ok: true, logId: '20240101ok' },
})

const pat: AccountDetails = details('pat', {
  label: 'Personal token',
  region: 'com',
  method: 'pat',
  accessTokenExpiresAt: now + 20 * day,
  tokenHint: 'pat_…0042',
  workspacesKnown: false,
  workspaces: [],
})

const jwt: AccountDetails = details('jwt', {
  label: 'Service app',
  method: 'jwt',
  accessTokenExpiresAt: now + 15 * minute,
  lastRefresh: { at: now - 2 * minute, ok: false, code: 'INVALID_CLIENT', logId: '2024bad' },
})

beforeEach(() => {
  setLocale('en')
  harness = createAccountsHarness()
  harness.setAccounts([oauth, pat, jwt])
  for (const account of [oauth, pat, jwt]) harness.server.set(account.id, account)
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

function text(view: VueWrapper, testId: string): string {
  return view.get(`[data-testid="${testId}"]`).text()
}

/** Copies in a format through the Copy button's menu (which also makes it the remembered one). */
async function copyAs(view: VueWrapper, format: string): Promise<void> {
  await view.get('[data-testid="copy-menu-button"]').trigger('click')
  await flushPromises()
  await view.get(`[data-testid="copy-${format}"]`).trigger('click')
  await flushPromises()
}

async function tick(to: number): Promise<void> {
  useClockStore().setNow(to)
  await flushPromises()
}

describe('AccountDetail', () => {
  it('offers to sign in again with the same app when the tokens are gone', async () => {
    const lost = details('lost', {
      label: 'Lost tokens',
      method: 'pkce',
      status: 'needs-sign-in',
      profileId: 'profile-7',
    })
    harness.setAccounts([oauth, lost])
    harness.server.set('lost', lost)
    const view = await open('lost')
    await view.get('[data-testid="sign-in-again"]').trigger('click')
    const navigation = useNavigationStore()
    expect(navigation.view).toBe('add-account')
    // The same app, started at once (the add-account screen starts only browser and device
    // sign-ins by themselves; anything that needs typing waits for the person).
    expect(navigation.takePendingSignIn()).toEqual({ profileId: 'profile-7', start: true })
    expect(navigation.takePendingSignIn()).toBeUndefined()
  })

  it('does not offer a new sign-in to an account that still works', async () => {
    const view = await open('oauth')
    expect(view.find('[data-testid="sign-in-again"]').exists()).toBe(false)
  })

  it('shows the user, the method, region, client id and when it was added', async () => {
    const view = await open('oauth')
    expect(text(view, 'detail-label')).toBe('Work (coze.cn)')
    expect(text(view, 'detail-user-name')).toBe('Li Lei (lilei)')
    expect(text(view, 'detail-user-id')).toBe('7400000000001')
    const detail = text(view, 'account-detail')
    expect(detail).toContain('Browser (PKCE)')
    expect(detail).toContain('coze.cn')
    expect(detail).toContain('1234567890123')
    expect(detail).toContain(formatDateTime(now - 10 * day, 'en'))
    expect(view.get('[data-testid="account-detail"] header img').attributes('src')).toBe(
      'data:image/png;base64,iVBORw0KGgo=',
    )
  })

  it('lists the workspaces with their type and role', async () => {
    const view = await open('oauth')
    const rows = view.findAll('[data-testid="workspace-row"]')
    expect(rows.map((row) => row.findAll('td').map((cell) => cell.text()))).toEqual([
      // Each ID has its copy button beside it.
      ['Personal', 'Personal', 'Owner', 'w1Copy'],
      ['Design team', 'Team', 'Member', 'w2Copy'],
    ])
    expect(view.findAll('[data-testid="detail-workspaces"] th[scope="col"]')).toHaveLength(4)
    // Two workspaces need no search box.
    expect(view.find('[data-testid="workspace-filter"]').exists()).toBe(false)
    expect(view.find('[data-testid="detail-workspaces-unknown"]').exists()).toBe(false)
  })

  it('finds a workspace by name or ID among many', async () => {
    const many = details('many', {
      label: 'Busy person',
      workspaces: Array.from({ length: 40 }, (_, index) => ({
        id: `ws-${7000 + index}`,
        name: index === 17 ? 'Marketing' : `Team ${index}`,
        iconUrl: '',
        role: 'member',
        type: 'team',
      })),
    })
    harness.setAccounts([many])
    harness.server.set('many', many)
    const view = await open('many')
    expect(text(view, 'detail-workspace-count')).toBe('(40)')
    expect(view.findAll('[data-testid="workspace-row"]')).toHaveLength(40)
    await view.get('[data-testid="workspace-filter"]').setValue('market')
    expect(view.findAll('[data-testid="workspace-row"]').map((row) => row.text())).toEqual([
      'MarketingTeamMemberws-7017Copy',
    ])
    await view.get('[data-testid="workspace-filter"]').setValue('ws-7003')
    expect(view.findAll('[data-testid="workspace-row"]')).toHaveLength(1)
    await view.get('[data-testid="workspace-filter"]').setValue('nothing like it')
    expect(view.find('[data-testid="detail-workspaces"]').exists()).toBe(false)
    expect(text(view, 'account-detail')).toContain('No workspace matches.')
  })

  it('says when the workspaces are unknown, and reloads them on request', async () => {
    harness.api.answers.refreshWorkspaces = () =>
      ok({
        ...pat,
        workspacesKnown: true,
        workspaces: [{ id: 'w9', name: 'Found it', iconUrl: '', role: 'admin', type: 'team' }],
      })
    const view = await open('pat')
    expect(text(view, 'detail-workspaces-unknown')).toContain('not known')
    expect(view.find('[data-testid="detail-workspaces"]').exists()).toBe(false)
    await view.get('[data-testid="refresh-workspaces"]').trigger('click')
    await flushPromises()
    expect(harness.callsOf('refreshWorkspaces')).toEqual([{ accountId: 'pat' }])
    expect(view.findAll('[data-testid="workspace-row"]').map((row) => row.text())).toEqual([
      'Found itTeamAdminw9Copy',
    ])
  })

  it('shows both expiries as a date and a live remaining time', async () => {
    const view = await open('oauth')
    expect(text(view, 'detail-access-expiry')).toBe(formatDateTime(now + 12 * minute, 'en'))
    expect(text(view, 'detail-access-remaining')).toBe('12 min left')
    expect(text(view, 'detail-refresh-expiry')).toContain(formatDateTime(now + 30 * day, 'en'))
    expect(text(view, 'detail-refresh-expiry')).toContain('30 d left')
    await tick(now + 13 * minute)
    expect(text(view, 'detail-access-remaining')).toBe('Expired 1 min ago')
  })

  it('explains why a pasted token or a JWT app has no refresh token', async () => {
    let view = await open('pat')
    expect(text(view, 'detail-refresh-expiry')).toContain('cannot be renewed')
    view.unmount()
    view = await open('jwt')
    expect(text(view, 'detail-refresh-expiry')).toContain('minted')
  })

  it('shows the token masked, and the token itself only between Reveal and Hide', async () => {
    // Main holds a real token for this account: the one Reveal would bring.
    harness.api.answers.revealToken = () => ok({ token: revealedToken })
    const view = await open('oauth')
    expect(text(view, 'detail-token-masked')).toBe('czu_…9f2a')
    expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
    expectNoSecret(revealedToken, { pinia: harness.pinia })
    await view.get('[data-testid="reveal-token"]').trigger('click')
    await flushPromises()
    // The same check sees it while it is shown: in the field, and in no store.
    const places = placesHoldingSecret(revealedToken, { pinia: harness.pinia })
    expect(places).toContain('the value of <input> "revealed-token"')
    expect(places.filter((place) => place.includes('store'))).toEqual([])
    await view.get('[data-testid="hide-token"]').trigger('click')
    expectNoSecret(revealedToken, { pinia: harness.pinia })
  })

  describe('Copy', () => {
    it.each(['raw', 'export', 'header', 'curl', 'dotenv'] as const)(
      'asks main to copy the %s format, then says when the clipboard clears',
      async (format) => {
        harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
        const view = await open('oauth')
        await copyAs(view, format)
        expect(harness.callsOf('copyToken')).toEqual([{ accountId: 'oauth', format }])
        expect(text(view, 'copy-status')).toMatch(/^Copied: .+\. The clipboard clears in 30 s\.$/)
      },
    )

    it('counts down with the shared clock and says when the clipboard was cleared', async () => {
      harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
      const view = await open('oauth')
      await copyAs(view, 'curl')
      expect(text(view, 'copy-status')).toBe('Copied: curl command. The clipboard clears in 30 s.')
      await tick(now + 12_500)
      expect(text(view, 'copy-status')).toContain('clears in 17 s')
      await tick(now + 30_000)
      expect(text(view, 'copy-status')).toBe(
        'Copied: curl command. The clipboard has been cleared.',
      )
      // The announcement is a status; the countdown a timer that is not read out every second.
      expect(view.get('[data-testid="copy-status"] [role="status"]').text()).toBe(
        'Copied: curl command.',
      )
      expect(view.find('[data-testid="copy-status"] [role="timer"]').exists()).toBe(true)
    })

    it('says so when the clipboard is never cleared', async () => {
      harness.api.answers.copyToken = () => ok({ clearsAt: null })
      const view = await open('oauth')
      await view.get('[data-testid="copy-token"]').trigger('click')
      await flushPromises()
      expect(text(view, 'copy-status')).toBe(
        'Copied: Token. The clipboard is not cleared automatically.',
      )
    })

    it('shows a failed copy as an error notice, and no "copied"', async () => {
      harness.api.answers.copyToken = () => failure('KEYCHAIN_DENIED')
      const view = await open('oauth')
      await view.get('[data-testid="copy-token"]').trigger('click')
      await flushPromises()
      expect(text(view, 'copy-status')).toBe('')
      expect(view.get('[data-testid="detail-error"] [data-testid="error-code"]').text()).toBe(
        'KEYCHAIN_DENIED',
      )
    })
  })

  describe('Reveal', () => {
    beforeEach(() => {
      harness.api.answers.revealToken = () => ok({ token: revealedToken })
    })

    async function reveal(view: VueWrapper): Promise<HTMLInputElement> {
      await view.get('[data-testid="reveal-token"]').trigger('click')
      await flushPromises()
      return view.get('[data-testid="revealed-token"]').element as HTMLInputElement
    }

    it('shows the token main sent after asking, until Hide', async () => {
      const view = await open('oauth')
      const field = await reveal(view)
      expect(harness.callsOf('revealToken')).toEqual([{ accountId: 'oauth' }])
      expect(field.value).toBe(revealedToken)
      expect(field.readOnly).toBe(true)
      expect(document.activeElement).toBe(field)
      await view.get('[data-testid="hide-token"]').trigger('click')
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
      expect(view.html()).not.toContain(revealedToken)
      expect(document.activeElement).toBe(view.get('[data-testid="reveal-token"]').element)
    })

    it('hides it again after 30 s of the shared clock', async () => {
      const view = await open('oauth')
      await reveal(view)
      expect(view.get('[data-testid="revealed-token"]').element).toBeTruthy()
      await tick(now + 29_000)
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(true)
      expect(view.text()).toContain('Hidden again in 1 s.')
      await tick(now + 30_000)
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
      expect(view.html()).not.toContain(revealedToken)
    })

    it('hides it when another account is opened', async () => {
      const view = await open('oauth')
      await reveal(view)
      useNavigationStore().openAccount('jwt')
      await flushPromises()
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
      useNavigationStore().openAccount('oauth')
      await flushPromises()
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
      expect(view.html()).not.toContain(revealedToken)
    })

    it('hides it when a Refresh replaces the token, with the focus back on Reveal', async () => {
      harness.api.answers.refreshAccount = () =>
        ok(
          summary('oauth', {
            ...oauth,
            tokenHint: 'czu_…new1',
            accessTokenExpiresAt: now + 15 * minute,
          }),
        )
      const view = await open('oauth')
      const field = await reveal(view)
      expect(document.activeElement).toBe(field)
      await view.get('[data-testid="refresh-account"]').trigger('click')
      await flushPromises()
      expect(text(view, 'detail-token-masked')).toBe('czu_…new1')
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
      expectNoSecret(revealedToken, { pinia: harness.pinia })
      expect(document.activeElement).toBe(view.get('[data-testid="reveal-token"]').element)
    })

    it('hides it when main renews the token on its own (accounts changed)', async () => {
      const view = await open('oauth')
      await reveal(view)
      // A reload that changes nothing about the token keeps it shown.
      harness.server.set('oauth', { ...oauth, label: 'Renamed elsewhere' })
      harness.api.emit('accountsChanged', { accountIds: ['oauth'] })
      await flushPromises()
      expect(text(view, 'detail-label')).toBe('Renamed elsewhere')
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(true)
      // Main's renewal: a new expiry (the hint of a new token may look the same).
      harness.server.set('oauth', { ...oauth, accessTokenExpiresAt: now + 14 * minute })
      harness.api.emit('accountsChanged', { accountIds: ['oauth'] })
      await flushPromises()
      expect(text(view, 'detail-access-remaining')).toBe('14 min left')
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
      expectNoSecret(revealedToken, { pinia: harness.pinia })
    })

    it('drops a token that arrives after its panel has gone', async () => {
      const pending = deferred<Result<{ token: string }>>()
      harness.api.answers.revealToken = later(pending)
      const view = await open('oauth')
      const panel = view.findComponent(TokenPanel)
      // The panel's own state, read after it is gone: nothing else can tell where the token went.
      const panelState = panel.vm as unknown as { revealed?: string }
      await view.get('[data-testid="reveal-token"]').trigger('click')
      useNavigationStore().openAccount('jwt')
      await flushPromises()
      expect(panel.exists()).toBe(false)
      pending.resolve(ok({ token: revealedToken }))
      await flushPromises()
      expect(panelState.revealed).toBeUndefined()
      expectNoSecret(revealedToken, { pinia: harness.pinia })
    })

    it('shows nothing when main refuses (the person said no)', async () => {
      harness.api.answers.revealToken = () => failure('CANCELLED')
      const view = await open('oauth')
      await view.get('[data-testid="reveal-token"]').trigger('click')
      await flushPromises()
      expect(view.find('[data-testid="revealed-token"]').exists()).toBe(false)
      expect(view.get('[data-testid="detail-error"]').text()).toContain('Cancelled')
    })
  })

  describe('Refresh', () => {
    it('asks main to refresh and shows the new expiry', async () => {
      harness.api.answers.refreshAccount = () =>
        ok(summary('oauth', { ...oauth, accessTokenExpiresAt: now + 15 * minute }))
      const view = await open('oauth')
      await view.get('[data-testid="refresh-account"]').trigger('click')
      await flushPromises()
      expect(harness.callsOf('refreshAccount')).toEqual([{ accountId: 'oauth' }])
      expect(text(view, 'detail-access-expiry')).toBe(formatDateTime(now + 15 * minute, 'en'))
      expect(text(view, 'detail-status')).toBe('Refreshed.')
      expect(
        view.get('[data-account-id="oauth"] [data-testid="account-row-remaining"]').text(),
      ).toBe('15 min left')
    })

    it('cannot refresh a PAT or SAT, and says why to keyboard users too', async () => {
      const view = await open('pat')
      const button = view.get('[data-testid="refresh-account"]')
      // Not `disabled`: a disabled button is skipped by Tab, and its explanation with it.
      expect(button.attributes('disabled')).toBeUndefined()
      expect(button.attributes('aria-disabled')).toBe('true')
      ;(button.element as HTMLButtonElement).focus()
      expect(document.activeElement).toBe(button.element)
      const note = view.get(`#${button.attributes('aria-describedby')}`)
      expect(note.text()).toContain('cannot be refreshed')
      await button.trigger('click')
      await button.trigger('keydown', { key: 'Enter' })
      await flushPromises()
      expect(harness.callsOf('refreshAccount')).toEqual([])
      expect(text(view, 'detail-status')).toBe('')
    })

    it('says a JWT account is re-minted with the app’s key', async () => {
      const view = await open('jwt')
      const button = view.get('[data-testid="refresh-account"]')
      expect(button.attributes('aria-disabled')).toBeUndefined()
      expect(view.get(`#${button.attributes('aria-describedby')}`).text()).toContain('minted')
    })

    it('does not show another account’s refresh, nor let it block this one', async () => {
      const slowOauth = deferred<Result<AccountSummary>>()
      harness.api.answers.refreshAccount = later(slowOauth)
      const view = await open('oauth')
      await view.get('[data-testid="refresh-account"]').trigger('click')
      expect(text(view, 'refresh-account')).toBe('Refreshing…')
      useNavigationStore().openAccount('jwt')
      await flushPromises()
      const jwtButton = view.get('[data-testid="refresh-account"]')
      expect(jwtButton.text()).toBe('Refresh now')
      expect(jwtButton.attributes('aria-busy')).toBeUndefined()
      harness.api.answers.refreshAccount = () => ok(summary('jwt', { ...jwt }))
      await jwtButton.trigger('click')
      await flushPromises()
      expect(harness.callsOf('refreshAccount')).toEqual([
        { accountId: 'oauth' },
        { accountId: 'jwt' },
      ])
      expect(text(view, 'detail-status')).toBe('Refreshed.')
      slowOauth.resolve(ok(summary('oauth', { ...oauth })))
      await flushPromises()
      expect(text(view, 'refresh-account')).toBe('Refresh now')
    })

    it('shows a failed refresh as an error notice with its code', async () => {
      harness.api.answers.refreshAccount = () => ({
        ok: false,
        error: { code: 'REFRESH_TOKEN_DEAD', message: 'Dead.', logId: 'log-77' },
      })
      const view = await open('oauth')
      await view.get('[data-testid="refresh-account"]').trigger('click')
      await flushPromises()
      const notice = view.get('[data-testid="refresh-error"]')
      expect(notice.get('[data-testid="error-code"]').text()).toBe('REFRESH_TOKEN_DEAD')
      expect(notice.get('[data-testid="error-log-id"]').text()).toBe('log-77')
      expect(text(view, 'detail-status')).toBe('')
    })
  })

  describe('the last refresh', () => {
    it('shows a success with its time and log id', async () => {
      const view = await open('oauth')
      const last = view.get('[data-testid="last-refresh"]')
      expect(last.attributes('data-ok')).toBe('true')
      expect(last.text()).toContain(formatDateTime(now - 5 * minute, 'en'))
      expect(last.text()).toContain('5 min ago')
      expect(text(view, 'last-refresh-log-id')).toBe('20240101ok')
    })

    it('shows a failure in plain words, with its log id', async () => {
      const view = await open('jwt')
      const last = view.get('[data-testid="last-refresh"]')
      expect(last.attributes('data-ok')).toBe('false')
      expect(last.text()).toContain('Failed')
      expect(last.text()).not.toContain('INVALID_CLIENT')
      expect(last.get('.reason').text().length).toBeGreaterThan(20)
      expect(text(view, 'last-refresh-log-id')).toBe('2024bad')
    })

    it('says when there has been none', async () => {
      const view = await open('pat')
      expect(view.find('[data-testid="last-refresh"]').exists()).toBe(false)
      expect(text(view, 'account-detail')).toContain('Not refreshed since it was added.')
    })
  })

  describe('Rename', () => {
    beforeEach(() => {
      harness.api.answers.renameAccount = (request) =>
        ok(summary('oauth', { ...oauth, label: (request as { label: string }).label }))
    })

    it('saves with Enter (the form), trimmed, and the list follows', async () => {
      const view = await open('oauth')
      await view.get('[data-testid="rename-account"]').trigger('click')
      const input = view.get('[data-testid="rename-input"]')
      expect(document.activeElement).toBe(input.element)
      expect((input.element as HTMLInputElement).value).toBe('Work (coze.cn)')
      await input.setValue('  Production  ')
      await input.trigger('submit')
      await flushPromises()
      expect(harness.callsOf('renameAccount')).toEqual([
        { accountId: 'oauth', label: 'Production' },
      ])
      expect(text(view, 'detail-label')).toBe('Production')
      expect(view.get('[data-account-id="oauth"] [data-testid="account-row-label"]').text()).toBe(
        'Production',
      )
      expect(view.find('[data-testid="rename-input"]').exists()).toBe(false)
      expect(document.activeElement).toBe(view.get('[data-testid="rename-account"]').element)
    })

    it('saves with the Save button too', async () => {
      const view = await open('oauth')
      await view.get('[data-testid="rename-account"]').trigger('click')
      await view.get('[data-testid="rename-input"]').setValue('Staging')
      await view.get('[data-testid="rename-save"]').trigger('click')
      await flushPromises()
      expect(harness.callsOf('renameAccount')).toEqual([{ accountId: 'oauth', label: 'Staging' }])
    })

    it('refuses an empty name without asking main', async () => {
      const view = await open('oauth')
      await view.get('[data-testid="rename-account"]').trigger('click')
      const input = view.get('[data-testid="rename-input"]')
      await input.setValue('   ')
      await view.get('[data-testid="rename-save"]').trigger('click')
      await flushPromises()
      expect(harness.callsOf('renameAccount')).toEqual([])
      expect(input.attributes('aria-invalid')).toBe('true')
      expect(text(view, 'rename-problem')).toBe('Enter a name.')
      expect(input.attributes('aria-describedby')).toContain(
        view.get('[data-testid="rename-problem"]').attributes('id'),
      )
    })

    it('cancels with Escape (without leaving the account) and with Cancel', async () => {
      const view = await open('oauth')
      await view.get('[data-testid="rename-account"]').trigger('click')
      await view.get('[data-testid="rename-input"]').setValue('Never saved')
      await view.get('[data-testid="rename-input"]').trigger('keydown', { key: 'Escape' })
      await flushPromises()
      expect(view.find('[data-testid="rename-input"]').exists()).toBe(false)
      expect(document.activeElement).toBe(view.get('[data-testid="rename-account"]').element)
      await view.get('[data-testid="rename-account"]').trigger('click')
      await view.get('[data-testid="rename-cancel"]').trigger('click')
      expect(view.find('[data-testid="rename-input"]').exists()).toBe(false)
      expect(harness.callsOf('renameAccount')).toEqual([])
      expect(text(view, 'detail-label')).toBe('Work (coze.cn)')
    })

    it('keeps the form open when main refuses', async () => {
      harness.api.answers.renameAccount = () => failure('STORE_FAILED')
      const view = await open('oauth')
      await view.get('[data-testid="rename-account"]').trigger('click')
      await view.get('[data-testid="rename-input"]').setValue('Nope')
      await view.get('[data-testid="rename-save"]').trigger('click')
      await flushPromises()
      expect(view.find('[data-testid="rename-input"]').exists()).toBe(true)
      expect(view.get('[data-testid="detail-error"] [data-testid="error-code"]').text()).toBe(
        'STORE_FAILED',
      )
    })
  })

  describe('Remove', () => {
    beforeEach(() => {
      harness.api.answers.removeAccount = () => ok({ removed: true, undoUntil: Date.now() + 8000 })
    })

    it('removes at once, asking nothing (main keeps it for the undo time)', async () => {
      const view = await open('oauth')
      expect(view.find('[data-testid="remove-dialog"]').exists()).toBe(false)
      expect(view.get('[data-testid="remove-account"]').attributes('aria-haspopup')).toBeUndefined()
      await view.get('[data-testid="remove-account"]').trigger('click')
      await flushPromises()
      expect(harness.callsOf('removeAccount')).toEqual([{ accountId: 'oauth' }])
      expect(useNavigationStore().selectedAccountId).toBeUndefined()
      expect(useAccountsStore().removal).toMatchObject({
        accountId: 'oauth',
        label: 'Work (coze.cn)',
      })
    })

    it('keeps the account and shows why when main cannot remove it', async () => {
      harness.api.answers.removeAccount = () => failure('STORE_FAILED')
      const view = await open('oauth')
      // A click focuses the button first, as the browser does.
      ;(view.get('[data-testid="remove-account"]').element as HTMLElement).focus()
      await view.get('[data-testid="remove-account"]').trigger('click')
      await flushPromises()
      expect(useNavigationStore().selectedAccountId).toBe('oauth')
      expect(useAccountsStore().removal).toBeUndefined()
      expect(view.get('[data-testid="detail-error"] [data-testid="error-code"]').text()).toBe(
        'STORE_FAILED',
      )
      expect(document.activeElement).toBe(view.get('[data-testid="remove-account"]').element)
    })
  })

  it('shows a failed load with Retry', async () => {
    harness.server.delete('oauth')
    const view = await open('oauth')
    const notice = view.get('[data-testid="detail-load-error"]')
    expect(notice.get('[data-testid="error-code"]').text()).toBe('NOT_FOUND')
    harness.server.set('oauth', oauth)
    await notice.get('button').trigger('click')
    await flushPromises()
    expect(view.find('[data-testid="detail-load-error"]').exists()).toBe(false)
    expect(text(view, 'detail-user-id')).toBe('7400000000001')
  })

  it('reads naturally in Chinese', async () => {
    setLocale('zh-CN')
    harness.api.answers.copyToken = () => ok({ clearsAt: now + 30_000 })
    const view = await open('oauth')
    expect(text(view, 'detail-access-remaining')).toBe('剩余 12 分钟')
    expect(view.findAll('[data-testid="workspace-row"]')[0]?.text()).toContain('所有者')
    await copyAs(view, 'curl')
    expect(text(view, 'copy-status')).toBe('已复制：curl 命令。剪贴板将在 30 秒后清空。')
    expect(text(view, 'copy-token')).toBe('复制 curl 命令')
    expect(text(view, 'refresh-account')).toBe('立即刷新')
    // The regions and methods by the names Coze's Chinese pages use.
    expect(text(view, 'account-detail')).toContain('coze.cn（国内版）')
    const jwtRow = view.get('[data-account-id="jwt"]')
    expect(jwtRow.get('[data-testid="account-row-method"]').attributes('title')).toBe(
      '服务类应用（JWT）',
    )
    const patRegion = view.get('[data-account-id="pat"] [data-testid="account-row-region"]')
    expect(patRegion.text()).toBe('coze.com')
    expect(patRegion.attributes('title')).toBe('coze.com（国际版）')
  })
})
