/**
 * The tray's texts in English and Simplified Chinese. Main builds the tray menu itself (the window's
 * catalogue lives in the renderer bundle), so it keeps this small catalogue of its own.
 */

import type { Locale } from '../../../shared/i18n'
import { translator } from '../../../shared/i18n'

export type TrayLocale = Locale

export const trayMessagesEn = {
  appName: 'Coze Auth Companion',
  timeLeft: '{time} left',
  expired: 'expired',
  needsSignIn: 'needs sign-in',
  noExpiry: 'no expiry',
  copyToken: 'Copy token',
  copyExport: 'Copy as export line',
  copyCurl: 'Copy curl command',
  refresh: 'Refresh',
  signInAgain: 'Sign in again…',
  replaceToken: 'Replace token…',
  refreshAll: 'Refresh all',
  open: 'Open Coze Auth Companion',
  quit: 'Quit',
  noAccounts: 'No accounts yet',
  moreAccounts: '{n} more…',
  accountsOne: '1 account',
  accountsMany: '{n} accounts',
  noAccountsTooltip: 'no accounts',
  needSignInOne: '1 needs sign-in',
  needSignInMany: '{n} need sign-in',
  expiredOne: '1 expired',
  expiredMany: '{n} expired',
  nextExpiry: 'next expiry in {time}',
  needsSignInTitle: 'Sign-in needed',
  needsSignInBody:
    '"{label}" can no longer be refreshed. Open Coze Auth Companion and sign in again.',
  needsSignInBodyApp:
    'Coze no longer accepts the app of "{label}". Check the app on the Coze console, then sign in again.',
} as const

export type TrayMessageKey = keyof typeof trayMessagesEn
export type TrayCatalogue = Record<TrayMessageKey, string>

export const trayMessagesZhCN: TrayCatalogue = {
  appName: '扣子授权助手',
  timeLeft: '剩余 {time}',
  expired: '已过期',
  needsSignIn: '需要重新登录',
  noExpiry: '永不过期',
  copyToken: '复制令牌',
  copyExport: '复制为 export 命令',
  copyCurl: '复制 curl 命令',
  refresh: '刷新',
  signInAgain: '重新登录…',
  replaceToken: '更换令牌…',
  refreshAll: '全部刷新',
  open: '打开扣子授权助手',
  quit: '退出',
  noAccounts: '还没有账号',
  moreAccounts: '还有 {n} 个…',
  accountsOne: '1 个账号',
  accountsMany: '{n} 个账号',
  noAccountsTooltip: '没有账号',
  needSignInOne: '1 个需要重新登录',
  needSignInMany: '{n} 个需要重新登录',
  expiredOne: '1 个已过期',
  expiredMany: '{n} 个已过期',
  nextExpiry: '{time}后有令牌过期',
  needsSignInTitle: '需要重新登录',
  needsSignInBody: '“{label}”已无法自动刷新，请打开扣子授权助手重新登录。',
  needsSignInBodyApp: '扣子不再接受“{label}”所用的应用，请在扣子控制台检查该应用后重新登录。',
}

const catalogues: Record<TrayLocale, TrayCatalogue> = {
  en: trayMessagesEn,
  'zh-CN': trayMessagesZhCN,
}

/** The text for `key`, with `{name}` placeholders filled in. */
export const trayText = translator<TrayMessageKey>(catalogues)
