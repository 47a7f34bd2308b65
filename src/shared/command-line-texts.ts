/**
 * The question the app asks before a command-line tool gets a token (the setting "Ask in the app
 * before a command-line tool gets a token"), in English and Simplified Chinese: one wording for the
 * desktop app's native dialog and the browser host's window.
 */
import type { Locale, TemplateParams } from './i18n'
import { translator } from './i18n'

export const enCommandLineApproval = {
  commandLineApprovalTitle: 'Give a token to a command-line tool?',
  commandLineApprovalBody:
    '{program} asks for the access token of {account}. Allow it only if you started this yourself.',
  commandLineApprovalAllow: 'Allow',
  commandLineApprovalDeny: 'Deny',
} as const

export type CommandLineApprovalKey = keyof typeof enCommandLineApproval

export const zhCommandLineApproval: Record<CommandLineApprovalKey, string> = {
  commandLineApprovalTitle: '要把令牌交给命令行工具吗？',
  commandLineApprovalBody: '{program} 请求 {account} 的访问令牌。只有在这是你自己启动的时才允许。',
  commandLineApprovalAllow: '允许',
  commandLineApprovalDeny: '拒绝',
}

const translate = translator<CommandLineApprovalKey>({
  en: enCommandLineApproval,
  'zh-CN': zhCommandLineApproval,
})

export function commandLineApprovalText(
  locale: Locale,
  key: CommandLineApprovalKey,
  params?: TemplateParams,
): string {
  return translate(locale, key, params)
}
