import { describe, expect, it } from 'vitest'
import type { AccountSummary } from '../../../../src/shared/ipc-contract'
import type {
  TrayAccountItem,
  TrayActionItem,
  TrayInput,
  TrayMenuModel,
} from '../../../../src/main/core/tray/tray-menu'
import { buildTrayMenu, formatRemaining } from '../../../../src/main/core/tray/tray-menu'

const now = Date.UTC(2026, 0, 1, 12, 0, 0)
const second = 1000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour

function account(overrides: Partial<AccountSummary> & { id: string }): AccountSummary {
  return {
    label: `Account ${overrides.id}`,
    region: 'com',
    method: 'pkce',
    status: 'active',
    accessTokenExpiresAt: now + 2 * hour,
    refreshTokenExpiresAt: now + 30 * day,
    tokenHint: 'czu_…wxyz',
    workspaceCount: 1,
    ...overrides,
  }
}

function build(accounts: AccountSummary[], extra: Partial<TrayInput> = {}): TrayMenuModel {
  return buildTrayMenu({ accounts, now, locale: 'en', ...extra })
}

function accountItems(model: TrayMenuModel): TrayAccountItem[] {
  return model.items.filter((item): item is TrayAccountItem => item.type === 'account')
}

function onlyAccount(model: TrayMenuModel): TrayAccountItem {
  const [first, ...rest] = accountItems(model)
  expect(rest).toEqual([])
  if (!first) throw new Error('no account item')
  return first
}

function action(model: TrayMenuModel, id: string): TrayActionItem {
  const found = model.items.find((item) => item.id === id)
  if (found?.type !== 'action') throw new Error(`no action item ${id}`)
  return found
}

function submenuLabels(item: TrayAccountItem): string[] {
  return item.submenu.map((entry) => entry.label)
}

describe('tray menu model', () => {
  it('with no accounts: says so, Refresh all disabled, Open and Quit', () => {
    const model = build([])
    expect(model.items.map((item) => [item.type, item.id])).toEqual([
      ['note', 'no-accounts'],
      ['separator', 'separator:accounts'],
      ['action', 'refresh-all'],
      ['action', 'open'],
      ['separator', 'separator:quit'],
      ['action', 'quit'],
    ])
    expect(model.items[0]).toMatchObject({ label: 'No accounts yet' })
    expect(action(model, 'refresh-all')).toMatchObject({ label: 'Refresh all', enabled: false })
    expect(action(model, 'open')).toMatchObject({
      label: 'Open Coze Auth Companion',
      enabled: true,
      action: { kind: 'open' },
    })
    expect(action(model, 'quit')).toMatchObject({ label: 'Quit', action: { kind: 'quit' } })
    expect(model.tooltip).toBe('Coze Auth Companion — no accounts')
    expect(model.badge).toBe('ok')
  })

  it('lists an active account with its remaining time and its actions', () => {
    const model = build([
      account({ id: 'a1', label: 'Work', accessTokenExpiresAt: now + 12 * minute }),
    ])
    const item = onlyAccount(model)
    expect(item).toMatchObject({
      id: 'account:a1',
      accountId: 'a1',
      label: 'Work — 12 min left',
      state: 'active',
      marked: false,
    })
    expect(item.submenu).toEqual([
      {
        type: 'action',
        id: 'account:a1:copy-raw',
        label: 'Copy token',
        enabled: true,
        action: { kind: 'copy', accountId: 'a1', format: 'raw' },
      },
      {
        type: 'action',
        id: 'account:a1:copy-export',
        label: 'Copy as export line',
        enabled: true,
        action: { kind: 'copy', accountId: 'a1', format: 'export' },
      },
      {
        type: 'action',
        id: 'account:a1:copy-curl',
        label: 'Copy curl command',
        enabled: true,
        action: { kind: 'copy', accountId: 'a1', format: 'curl' },
      },
      {
        type: 'action',
        id: 'account:a1:refresh',
        label: 'Refresh',
        enabled: true,
        action: { kind: 'refresh', accountId: 'a1' },
      },
    ])
    expect(action(model, 'refresh-all')).toMatchObject({
      enabled: true,
      action: { kind: 'refresh-all' },
    })
    expect(model.tooltip).toBe('Coze Auth Companion — 1 account · next expiry in 12 min')
    expect(model.badge).toBe('ok')
  })

  it('with many accounts: lists maxAccounts of them, then "N more…" that opens the window', () => {
    const accounts = Array.from({ length: 20 }, (_, index) =>
      account({ id: `a${index}`, accessTokenExpiresAt: now + (index + 20) * minute }),
    )
    const model = build(accounts, { maxAccounts: 15 })
    expect(accountItems(model).map((item) => item.accountId)).toEqual(
      accounts.slice(0, 15).map((entry) => entry.id),
    )
    expect(action(model, 'more-accounts')).toEqual({
      type: 'action',
      id: 'more-accounts',
      label: '5 more…',
      enabled: true,
      action: { kind: 'open' },
    })
    const moreIndex = model.items.findIndex((item) => item.id === 'more-accounts')
    expect(model.items[moreIndex + 1]?.type).toBe('separator')
    // The tooltip counts every account, and the next expiry is the earliest of all of them.
    expect(model.tooltip).toBe('Coze Auth Companion — 20 accounts · next expiry in 20 min')
  })

  it('defaults to 15 accounts and marks "N more…" when a hidden account needs attention', () => {
    const accounts = Array.from({ length: 17 }, (_, index) => account({ id: `a${index}` }))
    accounts[16] = account({ id: 'a16', status: 'needs-sign-in' })
    const model = build(accounts)
    expect(accountItems(model)).toHaveLength(15)
    expect(action(model, 'more-accounts').label).toBe('⚠ 2 more…')
    expect(model.badge).toBe('error')
  })

  it('shows no "more" item when every account fits', () => {
    const accounts = Array.from({ length: 15 }, (_, index) => account({ id: `a${index}` }))
    const model = build(accounts)
    expect(accountItems(model)).toHaveLength(15)
    expect(model.items.some((item) => item.id === 'more-accounts')).toBe(false)
  })

  it('marks an expired OAuth account, still offers Refresh and copying (copy refreshes)', () => {
    const model = build([
      account({
        id: 'x',
        label: 'Staging',
        status: 'active',
        accessTokenExpiresAt: now - 5 * minute,
      }),
    ])
    const item = onlyAccount(model)
    expect(item).toMatchObject({ label: '⚠ Staging — expired', state: 'expired', marked: true })
    expect(submenuLabels(item)).toEqual([
      'Copy token',
      'Copy as export line',
      'Copy curl command',
      'Refresh',
    ])
    expect(item.submenu.every((entry) => entry.enabled)).toBe(true)
    expect(action(model, 'refresh-all').enabled).toBe(true)
    expect(model.tooltip).toBe('Coze Auth Companion — 1 account · 1 expired')
    expect(model.badge).toBe('warning')
  })

  it('treats the expired status as expired even before the recorded time', () => {
    const item = onlyAccount(build([account({ id: 'x', status: 'expired' })]))
    expect(item.state).toBe('expired')
  })

  it('marks an account that needs sign-in and offers "Sign in again…" instead of Refresh', () => {
    const model = build([
      account({ id: 'n', label: 'Home', status: 'needs-sign-in', accessTokenExpiresAt: undefined }),
    ])
    const item = onlyAccount(model)
    expect(item).toMatchObject({
      label: '⚠ Home — needs sign-in',
      state: 'needs-sign-in',
      marked: true,
    })
    expect(submenuLabels(item)).toEqual([
      'Copy token',
      'Copy as export line',
      'Copy curl command',
      'Sign in again…',
    ])
    expect(item.submenu.slice(0, 3).every((entry) => !entry.enabled)).toBe(true)
    expect(item.submenu[3]).toMatchObject({
      id: 'account:n:sign-in',
      enabled: true,
      action: { kind: 'open', accountId: 'n' },
    })
    expect(item.submenu.some((entry) => entry.action.kind === 'refresh')).toBe(false)
    expect(action(model, 'refresh-all').enabled).toBe(false)
    expect(model.tooltip).toBe('Coze Auth Companion — 1 account · 1 needs sign-in')
    expect(model.badge).toBe('error')
  })

  it('counts problems in the tooltip with plurals', () => {
    const model = build([
      account({ id: 'a', status: 'needs-sign-in' }),
      account({ id: 'b', status: 'needs-sign-in' }),
      account({ id: 'c', accessTokenExpiresAt: now - 1 }),
      account({ id: 'd', accessTokenExpiresAt: now - 1 }),
      account({ id: 'e' }),
    ])
    expect(model.tooltip).toBe('Coze Auth Companion — 5 accounts · 2 need sign-in · 2 expired')
  })

  it('needs sign-in when both the access and the refresh token have expired', () => {
    const item = onlyAccount(
      build([
        account({ id: 'r', accessTokenExpiresAt: now - minute, refreshTokenExpiresAt: now - 1 }),
      ]),
    )
    expect(item.state).toBe('needs-sign-in')
    expect(submenuLabels(item)).toContain('Sign in again…')
    expect(submenuLabels(item)).not.toContain('Refresh')
  })

  it('offers "Sign in again…" for a live access token whose refresh token is dead', () => {
    const model = build([
      account({ id: 'r', accessTokenExpiresAt: now + hour, refreshTokenExpiresAt: now - 1 }),
    ])
    const item = onlyAccount(model)
    expect(item).toMatchObject({
      state: 'near-expiry',
      marked: true,
      label: expect.stringMatching(/1 h left$/),
    })
    expect(submenuLabels(item)).toEqual([
      'Copy token',
      'Copy as export line',
      'Copy curl command',
      'Sign in again…',
    ])
    expect(item.submenu.slice(0, 3).every((entry) => entry.enabled)).toBe(true)
    expect(action(model, 'refresh-all').enabled).toBe(false)
  })

  it('marks an account whose refresh token runs out soon', () => {
    const item = onlyAccount(
      build([
        account({
          id: 'r',
          accessTokenExpiresAt: now + hour,
          refreshTokenExpiresAt: now + 5 * minute,
        }),
      ]),
    )
    expect(item.state).toBe('near-expiry')
    expect(submenuLabels(item)).toContain('Refresh')
  })

  it('a JWT account is refreshable and is not limited by a refresh token', () => {
    const item = onlyAccount(
      build([
        account({
          id: 'j',
          method: 'jwt',
          accessTokenExpiresAt: now - minute,
          refreshTokenExpiresAt: now - day,
        }),
      ]),
    )
    expect(item.state).toBe('expired')
    expect(submenuLabels(item)).toContain('Refresh')
  })

  it('marks an account near expiry, with the threshold at 10 minutes by default', () => {
    const model = build([
      account({ id: 'soon', label: 'Soon', accessTokenExpiresAt: now + 9 * minute }),
      account({ id: 'edge', label: 'Edge', accessTokenExpiresAt: now + 10 * minute }),
      account({ id: 'later', label: 'Later', accessTokenExpiresAt: now + 11 * minute }),
    ])
    expect(accountItems(model).map((item) => [item.label, item.state])).toEqual([
      ['⚠ Soon — 9 min left', 'near-expiry'],
      ['⚠ Edge — 10 min left', 'near-expiry'],
      ['Later — 11 min left', 'active'],
    ])
    expect(model.badge).toBe('warning')
    expect(model.tooltip).toBe('Coze Auth Companion — 3 accounts · next expiry in 9 min')
  })

  it('takes its own near-expiry threshold', () => {
    const model = build([account({ id: 'a', accessTokenExpiresAt: now + 30 * minute })], {
      nearExpiryMs: hour,
    })
    expect(onlyAccount(model).state).toBe('near-expiry')
    expect(
      onlyAccount(build([account({ id: 'a', accessTokenExpiresAt: now + 30 * minute })])).state,
    ).toBe('active')
  })

  it('a PAT has no Refresh entry, and "no expiry" when it has none', () => {
    const model = build([
      account({
        id: 'p',
        label: 'CI token',
        method: 'pat',
        accessTokenExpiresAt: undefined,
        refreshTokenExpiresAt: undefined,
      }),
    ])
    const item = onlyAccount(model)
    expect(item).toMatchObject({ label: 'CI token — no expiry', state: 'no-expiry', marked: false })
    expect(submenuLabels(item)).toEqual(['Copy token', 'Copy as export line', 'Copy curl command'])
    expect(action(model, 'refresh-all').enabled).toBe(false)
    expect(model.tooltip).toBe('Coze Auth Companion — 1 account')
    expect(model.badge).toBe('ok')
  })

  it('an expired SAT cannot be refreshed or copied: it offers "Replace token…"', () => {
    const model = build([
      account({ id: 's', label: 'Bot', method: 'sat', accessTokenExpiresAt: now - hour }),
    ])
    const item = onlyAccount(model)
    expect(item.label).toBe('⚠ Bot — expired')
    expect(item.submenu.map((entry) => [entry.label, entry.enabled])).toEqual([
      ['Copy token', false],
      ['Copy as export line', false],
      ['Copy curl command', false],
      ['Replace token…', true],
    ])
    expect(item.submenu[3]?.action).toEqual({ kind: 'open', accountId: 's' })
    expect(model.badge).toBe('error')
  })

  it('Refresh all is enabled as soon as one account can be refreshed', () => {
    const model = build([
      account({ id: 'p', method: 'pat' }),
      account({ id: 'n', status: 'needs-sign-in' }),
      account({ id: 'o', method: 'device' }),
    ])
    expect(action(model, 'refresh-all').enabled).toBe(true)
  })

  it('shows the secrets warning at the top and raises the badge to warning', () => {
    const warning = 'Secrets are kept in memory only: they are gone when the app quits.'
    const model = build([account({ id: 'a' })], { secretsWarning: warning })
    expect(model.items[0]).toEqual({ type: 'note', id: 'secrets-warning', label: `⚠ ${warning}` })
    expect(model.items[1]?.type).toBe('separator')
    expect(model.badge).toBe('warning')
    expect(model.tooltip.startsWith('⚠ Coze Auth Companion — ')).toBe(true)
    expect(build([account({ id: 'a' })], { secretsWarning: '  ' }).badge).toBe('ok')
  })

  it('in zh-CN', () => {
    const model = buildTrayMenu({
      now,
      locale: 'zh-CN',
      accounts: [
        account({ id: 'a', label: '工作', accessTokenExpiresAt: now + 3 * hour + 5 * minute }),
        account({ id: 'b', label: '家', status: 'needs-sign-in' }),
        account({ id: 'c', label: '测试', accessTokenExpiresAt: now - 1 }),
        account({ id: 'd', label: 'PAT', method: 'pat', accessTokenExpiresAt: undefined }),
      ],
    })
    const [work, home, test, pat] = accountItems(model)
    expect(work?.label).toBe('工作 — 剩余 3 小时 5 分钟')
    expect(home?.label).toBe('⚠ 家 — 需要重新登录')
    expect(test?.label).toBe('⚠ 测试 — 已过期')
    expect(pat?.label).toBe('PAT — 永不过期')
    expect(work && submenuLabels(work)).toEqual([
      '复制令牌',
      '复制为 export 命令',
      '复制 curl 命令',
      '刷新',
    ])
    expect(home && submenuLabels(home)).toContain('重新登录…')
    expect(action(model, 'refresh-all').label).toBe('全部刷新')
    expect(action(model, 'open').label).toBe('打开扣子授权助手')
    expect(action(model, 'quit').label).toBe('退出')
    expect(model.tooltip).toBe('扣子授权助手 — 4 个账号 · 1 个需要重新登录 · 1 个已过期')

    const empty = buildTrayMenu({ now, locale: 'zh-CN', accounts: [] })
    expect(empty.items[0]).toMatchObject({ label: '还没有账号' })
    expect(empty.tooltip).toBe('扣子授权助手 — 没有账号')
    const next = buildTrayMenu({
      now,
      locale: 'zh-CN',
      accounts: [account({ id: 'a', accessTokenExpiresAt: now + 12 * minute })],
    })
    expect(next.tooltip).toBe('扣子授权助手 — 1 个账号 · 12 分钟后有令牌过期')
    const many = Array.from({ length: 3 }, (_, index) => account({ id: `m${index}` }))
    expect(
      buildTrayMenu({ now, locale: 'zh-CN', accounts: many, maxAccounts: 1 }).items.find(
        (item) => item.id === 'more-accounts',
      ),
    ).toMatchObject({ label: '还有 2 个…' })
  })

  it('keeps a label on one line and of a sensible length', () => {
    const model = build([
      account({ id: 'a', label: 'Line one\nline\ttwo\u2028three' }),
      account({ id: 'b', label: 'A'.repeat(60) }),
      account({ id: 'c', label: '  \n ' }),
    ])
    const [one, long, blank] = accountItems(model)
    expect(one?.label).toBe('Line one line two three — 2 h left')
    expect(long?.label).toBe(`${'A'.repeat(39)}… — 2 h left`)
    expect(blank?.label).toBe('c — 2 h left')
  })

  it('is a pure function of its input: same input, same model; the input is not touched', () => {
    const accounts = [
      Object.freeze(account({ id: 'a', accessTokenExpiresAt: now + 5 * minute })),
      Object.freeze(account({ id: 'b', status: 'needs-sign-in' })),
    ]
    const input = Object.freeze({ accounts: Object.freeze(accounts), now, locale: 'en' as const })
    expect(buildTrayMenu(input)).toEqual(buildTrayMenu(input))
    // The time is the caller's, never the system's: a minute later, a minute less.
    const later = buildTrayMenu({ ...input, now: now + minute })
    expect(accountItems(later)[0]?.label).toBe('⚠ Account a — 4 min left')
  })
})

describe('formatRemaining', () => {
  it.each([
    [0, '1 s', '1 秒'],
    [400, '1 s', '1 秒'],
    [45 * second, '45 s', '45 秒'],
    [59 * second + 999, '59 s', '59 秒'],
    [minute, '1 min', '1 分钟'],
    [12 * minute + 59 * second, '12 min', '12 分钟'],
    [59 * minute + 59 * second, '59 min', '59 分钟'],
    [hour, '1 h', '1 小时'],
    [3 * hour + 5 * minute, '3 h 5 min', '3 小时 5 分钟'],
    [3 * hour + 5 * minute + 59 * second, '3 h 5 min', '3 小时 5 分钟'],
    [23 * hour + 59 * minute, '23 h 59 min', '23 小时 59 分钟'],
    [day, '1 d', '1 天'],
    [2 * day + 23 * hour, '2 d', '2 天'],
    [400 * day, '400 d', '400 天'],
  ])('%i ms reads "%s" / "%s" (rounded down)', (ms, en, zh) => {
    expect(formatRemaining(ms, 'en')).toBe(en)
    expect(formatRemaining(ms, 'zh-CN')).toBe(zh)
  })
})
