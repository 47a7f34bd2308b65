/**
 * The command line's catalogue (each side keeps its own, src/shared/i18n.ts): what `coze-auth`
 * says on stderr, in the system's language. Tokens and JSON on stdout are never translated.
 */
import type { Locale, TemplateParams } from '../shared/i18n'
import { localeFromLanguages, translator } from '../shared/i18n'

const en = {
  demoNotice: 'Demo: talking to the local stand-in for Coze ({where}), not to Coze.',
  demoMissing:
    'Demo: no demo is described in {dir}. Start one with "npm run demo" (or set COZE_AUTH_DEMO_DIR).',
  unknownAccount: 'No account matches "{query}". See "coze-auth list".',
  ambiguousAccount: '"{query}" matches {count} accounts; name one by its id:',
  noAccountChosen:
    'No account given: name one, set COZE_AUTH_ACCOUNT, or choose a default with "coze-auth use ACCOUNT".',
  noAccounts: 'There are no accounts yet. Add one with "coze-auth login".',
  defaultGone: 'The default account ({id}) no longer exists; choose another with "coze-auth use".',
  needsSignIn:
    '{label} needs a new sign-in: run "coze-auth login" again, or use "Sign in again" in the app.',
  keychain:
    'The keychain could not be used ({code}): unlock it (or start a Secret Service) and try again. {message}',
  desktopOnlySecrets:
    "The secrets of {dir} are in the desktop app's safeStorage, which only the app can read. Start the app (coze-auth then asks it), or choose the keychain in the app's Settings.",
  network: 'Could not reach {where}: {message}',
  refused: 'Refused: {message}',
  busy: 'The data folder {dir} is in use by another process ({pid}) that does not answer on the socket. Try again in a moment.',
  unsafeSocket:
    "The app's socket {path} is not safe to use ({reason}), so it was not used. Remove it if you did not make it.",
  badInput: '{message}',
  failed: '{message}',
  interrupted: 'Stopped.',
  notACommand: '"{command}" is not a coze-auth command.',
  usageMinValid: '--min-valid takes a duration such as 90s, 5m or 1h, not "{value}".',
  usageMinValidMax: '--min-valid is at most 24h.',
  usageFormat: '--format is one of raw, export, header, curl, env, not "{value}".',
  usageNameAccount: 'Name the account.',
  usageRedirectUri:
    'A new browser app needs --redirect-uri, exactly as registered on the Coze console.',
  usageParse: 'The command line is not right ({detail}).',
  usageShell: 'Name a shell: bash, zsh or fish.',
  usageRegion: '--region is com or cn, not "{value}".',
  usageKid: '--jwt needs --kid, the public key id of the app.',
  usage: '{message} See "coze-auth {command}--help".',
  patOnArgv:
    'A token is never taken from the command line (others can see it in the process list and it stays in your shell history). Pipe it in: coze-auth login --pat < token.txt',
  patFromTerminal: 'Paste the token and press Enter (it is not shown):',
  patEmpty: 'No token was read from standard input.',
  loginOneMethod:
    'Choose one way to sign in: --browser, --device, --jwt KEYFILE --kid ID, or --pat.',
  loginNoApp:
    'No {method} app "{app}" for {region} is known. Add it in the app, or give --client-id{extra}.',
  loginAppAmbiguous: 'Several apps match; name one with --app:',
  loginOpenBrowser: 'Open this address to sign in (the app opened your browser where it could):',
  loginDevice: 'On any device, open {uri} and enter the code {code} (it expires in {minutes} min).',
  loginDeviceQr: 'Or scan this with a phone:',
  loginWaiting: 'Waiting for the sign-in…',
  loginDone: 'Signed in: {label} ({region}, {method}).',
  missingKeyFile: 'There is no readable key file at {path}.',
  refreshed: 'Refreshed {label}; the token lasts until {until}.',
  refreshFailed: 'Could not refresh {label}: {message}',
  refreshNothing: 'No account can be refreshed.',
  removed:
    'Removed {label}. Coze has no revoke endpoint: revoke it on the Coze console if it was shared.',
  useDone: '{label} is now the default account for "coze-auth token" and "coze-auth run".',
  runNotFound: 'Could not start {command}: {message}',
  runNoCommand: 'Give the command to run after --, for example: coze-auth run -- curl …',
  appRunning: 'the app is running ({host}, process {pid}); coze-auth talks to it over {path}',
  appNotRunning: 'the app is not running; coze-auth opens the stores in {dir} itself',
  statusStorage: 'Secrets: {kind}{encrypted}. Accounts: {count}. Default account: {default}.',
  statusAsk: 'Ask in the app before a command-line tool gets a token: {value}.',
  none: 'none',
  on: 'on',
  off: 'off',
  encrypted: ' (encrypted)',
  listEmpty: 'No accounts.',
  approvalWaiting: 'Waiting for approval in the app…',
  expiresTooSoon: '{message}',
} as const

export type MessageKey = keyof typeof en

const zh: Record<MessageKey, string> = {
  demoNotice: '演示：正在与本机的 Coze 替身（{where}）通信，而不是 Coze。',
  demoMissing:
    '演示：{dir} 中没有正在运行的演示。请先运行 "npm run demo"（或设置 COZE_AUTH_DEMO_DIR）。',
  unknownAccount: '没有与 "{query}" 匹配的账号。请查看 "coze-auth list"。',
  ambiguousAccount: '"{query}" 匹配到 {count} 个账号；请用 ID 指定其中一个：',
  noAccountChosen:
    '未指定账号：请给出账号，或设置 COZE_AUTH_ACCOUNT，或用 "coze-auth use ACCOUNT" 选择默认账号。',
  noAccounts: '还没有账号。请用 "coze-auth login" 添加。',
  defaultGone: '默认账号（{id}）已不存在；请用 "coze-auth use" 另选一个。',
  needsSignIn: '{label} 需要重新登录：请再次运行 "coze-auth login"，或在应用中点击“重新登录”。',
  keychain: '无法使用钥匙串（{code}）：请解锁钥匙串（或启动 Secret Service）后重试。{message}',
  desktopOnlySecrets:
    '{dir} 的密钥保存在桌面应用的 safeStorage 中，只有应用本身能读取。请启动应用（coze-auth 会向它请求），或在应用的设置中改用钥匙串。',
  network: '无法连接 {where}：{message}',
  refused: '被拒绝：{message}',
  busy: '数据文件夹 {dir} 正被另一个进程（{pid}）使用，且它没有在套接字上应答。请稍后重试。',
  unsafeSocket: '应用的套接字 {path} 不安全（{reason}），因此未使用。如果不是你创建的，请删除它。',
  badInput: '{message}',
  failed: '{message}',
  interrupted: '已停止。',
  notACommand: '"{command}" 不是 coze-auth 的命令。',
  usageMinValid: '--min-valid 需要一个时长，例如 90s、5m 或 1h，而不是 "{value}"。',
  usageMinValidMax: '--min-valid 最多为 24h。',
  usageFormat: '--format 只能是 raw、export、header、curl、env 之一，而不是 "{value}"。',
  usageNameAccount: '请指定账号。',
  usageRedirectUri: '新的浏览器应用需要 --redirect-uri，必须与扣子控制台中登记的完全一致。',
  usageParse: '命令行有误（{detail}）。',
  usageShell: '请指定 shell：bash、zsh 或 fish。',
  usageRegion: '--region 只能是 com 或 cn，而不是 "{value}"。',
  usageKid: '--jwt 需要 --kid，即应用的公钥 ID。',
  usage: '{message} 请查看 "coze-auth {command}--help"。',
  patOnArgv:
    '令牌从不从命令行读取（其他用户能在进程列表中看到它，它也会留在 shell 历史中）。请通过管道传入：coze-auth login --pat < token.txt',
  patFromTerminal: '请粘贴令牌并按回车（不会显示）：',
  patEmpty: '没有从标准输入读到令牌。',
  loginOneMethod: '请选择一种登录方式：--browser、--device、--jwt KEYFILE --kid ID 或 --pat。',
  loginNoApp:
    '不知道 {region} 上名为 "{app}" 的 {method} 应用。请在应用中添加，或提供 --client-id{extra}。',
  loginAppAmbiguous: '有多个应用匹配；请用 --app 指定：',
  loginOpenBrowser: '打开此地址登录（应用已尽量为你打开浏览器）：',
  loginDevice: '在任意设备上打开 {uri} 并输入代码 {code}（{minutes} 分钟后过期）。',
  loginDeviceQr: '或用手机扫描：',
  loginWaiting: '正在等待登录…',
  loginDone: '已登录：{label}（{region}，{method}）。',
  missingKeyFile: '{path} 处没有可读取的密钥文件。',
  refreshed: '已刷新 {label}；令牌有效至 {until}。',
  refreshFailed: '无法刷新 {label}：{message}',
  refreshNothing: '没有可以刷新的账号。',
  removed: '已移除 {label}。Coze 没有撤销接口：如果令牌曾被分享，请在 Coze 控制台撤销授权。',
  useDone: '{label} 现在是 "coze-auth token" 和 "coze-auth run" 的默认账号。',
  runNotFound: '无法启动 {command}：{message}',
  runNoCommand: '请在 -- 之后给出要运行的命令，例如：coze-auth run -- curl …',
  appRunning: '应用正在运行（{host}，进程 {pid}）；coze-auth 通过 {path} 与它通信',
  appNotRunning: '应用未运行；coze-auth 自行打开 {dir} 中的存储',
  statusStorage: '密钥：{kind}{encrypted}。账号：{count} 个。默认账号：{default}。',
  statusAsk: '命令行工具获取令牌前在应用中询问：{value}。',
  none: '无',
  on: '开',
  off: '关',
  encrypted: '（已加密）',
  listEmpty: '没有账号。',
  approvalWaiting: '正在等待应用中的批准…',
  expiresTooSoon: '{message}',
}

const translate = translator<MessageKey>({ en, 'zh-CN': zh })

/** The system's language, as a terminal program reads it: LC_ALL, LC_MESSAGES, LANG, LANGUAGE. */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const tags = [env.LC_ALL, env.LC_MESSAGES, env.LANG, ...(env.LANGUAGE ?? '').split(':')].filter(
    (tag): tag is string => typeof tag === 'string' && tag !== '' && tag !== 'C' && tag !== 'POSIX',
  )
  return localeFromLanguages(tags)
}

export function message(locale: Locale, key: MessageKey, params?: TemplateParams): string {
  return translate(locale, key, params)
}
