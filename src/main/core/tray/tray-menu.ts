/**
 * The tray menu as plain data, built from the accounts' state and the time. No Electron, no clock,
 * no I/O: the Electron adapter (src/main/electron/tray.ts) turns the model into a native menu, and
 * the tests read it directly.
 *
 * What the menu says about an account, from its summary and `now`:
 * - needs sign-in: its status says so, or its access token has expired and its refresh token too
 *   (nothing but the person can bring it back). Offers "Sign in again…", which opens the window.
 * - expired: the access token's time has passed (or the status says so). A refreshable account
 *   offers Refresh (copying refreshes it too); a PAT or SAT cannot be refreshed and offers
 *   "Replace token…".
 * - near expiry: less than `nearExpiryMs` left on the access token, or on the refresh token of an
 *   OAuth account. Marked with ⚠ like the two above.
 * - otherwise the remaining time, or "no expiry" for a token without a known expiry.
 * Remaining times are rounded down, so the menu never promises more time than there is.
 */
import type { AccountSummary } from '../../../shared/ipc-contract'
import type { TokenFormat } from '../clipboard/token-formats'
import type { TrayLocale, TrayMessageKey } from './tray-messages'
import { trayText } from './tray-messages'
import { isRefreshableMethod } from '../accounts/account'
import { formatDuration } from '../../../shared/duration'

export type { TrayLocale }

export type TrayBadge = 'ok' | 'warning' | 'error'

export type TrayAction =
  | { kind: 'copy'; accountId: string; format: TokenFormat }
  | { kind: 'refresh'; accountId: string }
  | { kind: 'refresh-all' }
  /** Shows the window; with an account, on that account (to sign in again or replace a token). */
  | { kind: 'open'; accountId?: string }
  | { kind: 'quit' }

export type AccountTimeState = 'active' | 'near-expiry' | 'expired' | 'needs-sign-in' | 'no-expiry'

export interface TrayActionItem {
  type: 'action'
  id: string
  label: string
  enabled: boolean
  action: TrayAction
}

/** A line of text that does nothing (a warning, "No accounts yet"). */
export interface TrayNoteItem {
  type: 'note'
  id: string
  label: string
}

export interface TraySeparatorItem {
  type: 'separator'
  id: string
}

export interface TrayAccountItem {
  type: 'account'
  id: string
  accountId: string
  label: string
  state: AccountTimeState
  /** Shown with ⚠: near expiry, expired or needing sign-in. */
  marked: boolean
  submenu: TrayActionItem[]
}

export type TrayMenuItem = TrayAccountItem | TrayActionItem | TrayNoteItem | TraySeparatorItem

export interface TrayInput {
  accounts: readonly AccountSummary[]
  /** Unix ms: the caller's clock, so the model stays a pure function. */
  now: number
  locale: TrayLocale
  /** Shown at the top of the menu (secrets kept in memory or in plain text). */
  secretsWarning?: string
  /** Default 10 minutes. */
  nearExpiryMs?: number
  /** Accounts listed before a "N more…" item that opens the window; default 15. */
  maxAccounts?: number
}

export interface TrayMenuModel {
  /** At most 127 characters: what a Windows tray tooltip can show. */
  tooltip: string
  badge: TrayBadge
  items: TrayMenuItem[]
}

export const defaultNearExpiryMs = 10 * 60_000
export const defaultMaxAccounts = 15
export const maxTooltipLength = 127
const maxLabelLength = 40
const maxWarningLength = 120
const mark = '⚠ '

/** PATs and SATs are pasted, not issued by a flow the app can repeat. */

interface AccountView {
  account: AccountSummary
  state: AccountTimeState
  refreshable: boolean
  /** Refresh can work now: a refreshable method whose refresh token is not known to be dead. */
  canRefresh: boolean
}

/**
 * The whole tray menu for this moment: the accounts (in the given order, at most `maxAccounts`),
 * "Refresh all", "Open", "Quit", plus the tooltip and the icon's badge.
 */
export function buildTrayMenu(input: TrayInput): TrayMenuModel {
  const { now, locale } = input
  const nearExpiryMs = positiveOr(input.nearExpiryMs, defaultNearExpiryMs)
  const maxAccounts =
    input.maxAccounts !== undefined && Number.isFinite(input.maxAccounts)
      ? Math.max(0, Math.floor(input.maxAccounts))
      : defaultMaxAccounts
  const t = translator(locale)

  const views = input.accounts.map((account) => viewOf(account, now, nearExpiryMs))
  const items: TrayMenuItem[] = []

  const warning = input.secretsWarning?.trim()
  if (warning) {
    items.push({
      type: 'note',
      id: 'secrets-warning',
      label: mark + truncate(warning, maxWarningLength),
    })
    items.push({ type: 'separator', id: 'separator:warning' })
  }

  if (views.length === 0) {
    items.push({ type: 'note', id: 'no-accounts', label: t('noAccounts') })
  }
  const shown = views.slice(0, maxAccounts)
  for (const view of shown) items.push(accountItem(view, now, locale))
  const hidden = views.slice(shown.length)
  if (hidden.length > 0) {
    const anyMarked = hidden.some((view) => isMarked(view.state))
    items.push({
      type: 'action',
      id: 'more-accounts',
      label: (anyMarked ? mark : '') + t('moreAccounts', { n: hidden.length }),
      enabled: true,
      action: { kind: 'open' },
    })
  }

  items.push({ type: 'separator', id: 'separator:accounts' })
  items.push({
    type: 'action',
    id: 'refresh-all',
    label: t('refreshAll'),
    enabled: views.some((view) => view.canRefresh),
    action: { kind: 'refresh-all' },
  })
  items.push({
    type: 'action',
    id: 'open',
    label: t('open'),
    enabled: true,
    action: { kind: 'open' },
  })
  items.push({ type: 'separator', id: 'separator:quit' })
  items.push({
    type: 'action',
    id: 'quit',
    label: t('quit'),
    enabled: true,
    action: { kind: 'quit' },
  })

  return {
    tooltip: tooltipOf(views, now, Boolean(warning), locale),
    badge: badgeOf(views, Boolean(warning)),
    items,
  }
}

/**
 * A remaining time, rounded down: "45 s", "12 min", "3 h 5 min", "2 d" (and "45 秒", "12 分钟",
 * "3 小时 5 分钟", "2 天"). Under a second still reads "1 s": the token has not expired yet.
 */
export function formatRemaining(ms: number, locale: TrayLocale): string {
  return formatDuration(Math.max(1000, ms), locale, 'glance')
}

function viewOf(account: AccountSummary, now: number, nearExpiryMs: number): AccountView {
  const refreshable = isRefreshableMethod(account.method)
  const access = finiteOrUndefined(account.accessTokenExpiresAt)
  // JWT accounts mint a new token from their key: a refresh token does not limit them.
  const refreshLimit =
    refreshable && account.method !== 'jwt'
      ? finiteOrUndefined(account.refreshTokenExpiresAt)
      : undefined
  const refreshDead = refreshLimit !== undefined && refreshLimit <= now
  const accessExpired = access !== undefined && access <= now

  let state: AccountTimeState
  if (account.status === 'needs-sign-in') state = 'needs-sign-in'
  else if (accessExpired || account.status === 'expired') {
    state = refreshDead ? 'needs-sign-in' : 'expired'
  } else if (access === undefined) state = refreshDead ? 'needs-sign-in' : 'no-expiry'
  else {
    const soon =
      access - now <= nearExpiryMs ||
      (refreshLimit !== undefined && refreshLimit - now <= nearExpiryMs)
    state = soon ? 'near-expiry' : 'active'
  }
  return {
    account,
    state,
    refreshable,
    canRefresh: refreshable && !refreshDead && state !== 'needs-sign-in',
  }
}

function accountItem(view: AccountView, now: number, locale: TrayLocale): TrayAccountItem {
  const t = translator(locale)
  const { account, state } = view
  const id = `account:${account.id}`
  const expiresAt = account.accessTokenExpiresAt ?? now
  const status =
    state === 'needs-sign-in'
      ? t('needsSignIn')
      : state === 'expired'
        ? t('expired')
        : state === 'no-expiry'
          ? t('noExpiry')
          : t('timeLeft', { time: formatRemaining(expiresAt - now, locale) })
  const marked = isMarked(state)

  // An expired OAuth token can still be copied: copying asks for a fresh token, which refreshes.
  const canCopy = state !== 'needs-sign-in' && (state !== 'expired' || view.canRefresh)
  const copy = (format: TokenFormat, key: TrayMessageKey): TrayActionItem => ({
    type: 'action',
    id: `${id}:copy-${format}`,
    label: t(key),
    enabled: canCopy,
    action: { kind: 'copy', accountId: account.id, format },
  })
  const submenu: TrayActionItem[] = [
    copy('raw', 'copyToken'),
    copy('export', 'copyExport'),
    copy('curl', 'copyCurl'),
  ]
  if (view.canRefresh) {
    submenu.push({
      type: 'action',
      id: `${id}:refresh`,
      label: t('refresh'),
      enabled: true,
      action: { kind: 'refresh', accountId: account.id },
    })
  } else if (view.refreshable || state === 'needs-sign-in') {
    submenu.push({
      type: 'action',
      id: `${id}:sign-in`,
      label: t('signInAgain'),
      enabled: true,
      action: { kind: 'open', accountId: account.id },
    })
  } else if (state === 'expired') {
    submenu.push({
      type: 'action',
      id: `${id}:replace`,
      label: t('replaceToken'),
      enabled: true,
      action: { kind: 'open', accountId: account.id },
    })
  }

  return {
    type: 'account',
    id,
    accountId: account.id,
    label: `${marked ? mark : ''}${displayName(account)} — ${status}`,
    state,
    marked,
    submenu,
  }
}

function tooltipOf(
  views: readonly AccountView[],
  now: number,
  hasWarning: boolean,
  locale: TrayLocale,
): string {
  const t = translator(locale)
  const parts: string[] = []
  if (views.length === 0) parts.push(t('noAccountsTooltip'))
  else parts.push(views.length === 1 ? t('accountsOne') : t('accountsMany', { n: views.length }))

  const signIn = views.filter((view) => view.state === 'needs-sign-in').length
  const expired = views.filter((view) => view.state === 'expired').length
  if (signIn > 0) parts.push(signIn === 1 ? t('needSignInOne') : t('needSignInMany', { n: signIn }))
  if (expired > 0) parts.push(expired === 1 ? t('expiredOne') : t('expiredMany', { n: expired }))
  if (signIn === 0 && expired === 0) {
    const next = Math.min(
      ...views
        .filter((view) => view.state === 'active' || view.state === 'near-expiry')
        .map((view) => view.account.accessTokenExpiresAt ?? Infinity),
    )
    if (Number.isFinite(next)) {
      parts.push(t('nextExpiry', { time: formatRemaining(next - now, locale) }))
    }
  }
  const text = `${hasWarning ? mark : ''}${t('appName')} — ${parts.join(' · ')}`
  return truncate(text, maxTooltipLength)
}

function badgeOf(views: readonly AccountView[], hasWarning: boolean): TrayBadge {
  const needsPerson = views.some(
    (view) => view.state === 'needs-sign-in' || (view.state === 'expired' && !view.canRefresh),
  )
  if (needsPerson) return 'error'
  if (
    hasWarning ||
    views.some((view) => view.state === 'expired' || view.state === 'near-expiry')
  ) {
    return 'warning'
  }
  return 'ok'
}

function isMarked(state: AccountTimeState): boolean {
  return state === 'near-expiry' || state === 'expired' || state === 'needs-sign-in'
}

/** The label on one line and of a sensible length: labels are typed by people. */
function displayName(account: AccountSummary): string {
  const oneLine = account.label
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return truncate(oneLine || account.id, maxLabelLength)
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined
}

type Translate = (key: TrayMessageKey, params?: Record<string, string | number>) => string

function translator(locale: TrayLocale): Translate {
  return (key, params) => trayText(locale, key, params)
}
