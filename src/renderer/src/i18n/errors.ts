import type { ErrorCode, ErrorPayload } from '../../../shared/errors'
import { isErrorCode } from '../../../shared/errors'
import { format } from './index'

/**
 * The first and last lines of a key file, for the texts below. Built from parts so that a scanner
 * looking for committed keys does not take these texts for one.
 */
const beginLine = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ')
const endLine = ['-----END', 'PRIVATE KEY-----'].join(' ')

/** A short title and the next step, in plain words for people who are not developers. */
export interface ErrorText {
  title: string
  next: string
}

export type ErrorLocale = 'en' | 'zh-CN'

/** What the window shows for an error: the details stay folded away, for a support ticket. */
export interface DescribedError {
  title: string
  next: string
  details: { code: string; logId?: string; serverMessage?: string }
}

/*
 * `{name}` placeholders are filled from `ErrorPayload.params`. A code whose text uses one also has
 * a text without placeholders in `errorTextsWithoutParams`, shown when main sent the error without
 * that param (the same code is thrown from several places, not all of which know, say, the host).
 */

const en: Record<ErrorCode, ErrorText> = {
  INVALID_ARGUMENT: {
    title: 'The app could not use what was entered',
    next: 'Check what you typed or chose, then try again.',
  },
  UNKNOWN_OPERATION: {
    title: 'This window and the app do not match',
    next: 'Restart the app. If you have just updated it, close all of its windows first.',
  },
  FORBIDDEN_SENDER: {
    title: 'This window may not talk to the app',
    next: 'Close this window and open the app again.',
  },
  UNAUTHORIZED: {
    title: 'This page is no longer connected to the app',
    next: 'Open the address the app printed when it started, or start the app again.',
  },
  BRIDGE_UNAVAILABLE: {
    title: 'The app is not responding',
    next: 'Wait a moment and try again. If it keeps happening, restart the app.',
  },
  INTERNAL: {
    title: 'Something went wrong inside the app',
    next: 'Try again. If it keeps happening, restart the app.',
  },
  NETWORK: {
    title: 'Could not reach {host}',
    next: 'Check your internet connection and proxy setting, then try again.',
  },
  TIMEOUT: {
    title: '{host} did not answer in time',
    next: 'Nothing came back within {seconds} seconds. Try again; if it keeps happening, check your proxy setting.',
  },
  CANCELLED: {
    title: 'Cancelled',
    next: 'Start again whenever you are ready.',
  },
  SERVER_ERROR: {
    title: 'Coze had a problem',
    next: 'Wait a minute and try again. If it keeps failing, contact Coze support and give them the log ID from the details.',
  },
  INVALID_RESPONSE: {
    title: "Coze's answer was not understood",
    next: 'Check the region and API address you chose, and any proxy between this computer and Coze.',
  },
  INSECURE_URL: {
    title: '{host} is not a secure address',
    next: 'The app only uses https addresses (plain http is allowed for this computer only). Use the https address instead.',
  },
  REQUEST_REFUSED: {
    title: 'Coze refused the request',
    next: "Check the app's settings on the Coze console (client ID and redirect URI), then try again.",
  },
  PERMISSION_DENIED: {
    title: 'This token is not allowed to do this',
    next: 'On the Coze console, give the token the permission it needs (to list workspaces: listWorkspace), then try again.',
  },
  RATE_LIMITED: {
    title: 'Too many requests right now',
    next: 'Coze is limiting requests for a while. Wait a minute, then try again.',
  },
  STATE_MISMATCH: {
    title: 'This sign-in answer was not the one the app expected',
    next: 'For your safety it was ignored. Finish signing in on the Coze page the app opened, or cancel and start again.',
  },
  PORT_IN_USE: {
    title: 'Port {port} is already in use',
    next: 'Another program, or another sign-in, is using {host}:{port}, so the app cannot receive the sign-in. Close it, or on the Coze console add a redirect URI with a free port to this app.',
  },
  BROWSER_LAUNCH_FAILED: {
    title: 'Your web browser could not be opened',
    next: 'Make sure a default browser is set, then start the sign-in again. If it still does not open, copy the sign-in link the app shows and open it in your browser.',
  },
  ACCESS_DENIED: {
    title: 'Authorization was declined',
    next: 'Sign in again and choose Authorize on the Coze page. If your workspace admin has to install the app first, ask them to.',
  },
  DEVICE_CODE_EXPIRED: {
    title: 'The code expired',
    next: 'It was not approved in time. Start again to get a new code.',
  },
  INVALID_CLIENT: {
    title: "Coze did not accept the app's credentials",
    next: 'Check the client ID, client secret or key on the Coze console (OAuth apps), and that the app belongs to the region you chose.',
  },
  INVALID_GRANT: {
    title: 'The sign-in code was not accepted',
    next: 'It expired or was already used. Sign in again.',
  },
  INVALID_TOKEN: {
    title: 'Coze did not accept this token',
    next: 'It is wrong, revoked or expired. Create a new one on the Coze console, or sign in again.',
  },
  WRONG_REGION: {
    title: 'This belongs to {actualRegion}, not {chosenRegion}',
    next: 'Switch the region to {actualRegion}, then try again.',
  },
  INVALID_PEM: {
    title: 'This is not a usable private key',
    next: 'Coze needs the private key file (private_key.pem) downloaded when you created the key pair. Paste its contents or choose the file.',
  },
  REFRESH_TOKEN_DEAD: {
    title: 'Sign in to this account again',
    next: 'Its authorization was revoked or has expired. Sign in again to keep using it.',
  },
  NOT_REFRESHABLE: {
    title: 'This token cannot be renewed',
    next: 'Personal and service access tokens cannot be refreshed. Create a new one on the Coze console and paste it here.',
  },
  NOT_FOUND: {
    title: 'Something the app needed is gone',
    next: 'An account, app profile or saved token was removed. Refresh the list, then sign in again or import the app profile again.',
  },
  KEYCHAIN_LOCKED: {
    title: 'Your keychain is locked',
    next: 'Unlock your system keychain or keyring (on Windows, lock the screen and sign in again), then try again.',
  },
  KEYCHAIN_UNAVAILABLE: {
    title: 'The system keychain is not available',
    next: 'Restart the app. On Linux, make sure a keyring such as GNOME Keyring or KWallet is running. Or choose another place to keep secrets in Settings.',
  },
  KEYCHAIN_DENIED: {
    title: 'The keychain refused access',
    next: 'When the keychain asks, allow Coze Auth Companion, then try again. Or choose another place to keep secrets in Settings.',
  },
  KEYCHAIN_TIMEOUT: {
    title: 'The keychain did not answer',
    next: 'Nothing came back within {seconds} seconds; a keychain prompt may be waiting. Answer or close it, then try again.',
  },
  KEYCHAIN_FAILED: {
    title: 'The keychain reported an error',
    next: 'Try again. If it keeps happening, choose another place to keep secrets in Settings.',
  },
  SECRET_UNREADABLE: {
    title: 'A saved token can no longer be read',
    next: 'Sign in to this account again to replace it.',
  },
  ENCRYPTION_UNAVAILABLE: {
    title: 'The system encryption is not available right now',
    next: 'Unlock your keyring or restart the app, or choose another place to keep secrets in Settings.',
  },
  SAFE_STORAGE_UNAVAILABLE: {
    title: 'Encrypted storage is not available on this computer',
    next: 'In Settings, choose the system keychain to keep secrets.',
  },
  VAULT_FILE_FAILED: {
    title: 'The app could not read or save its secrets file',
    next: 'Check that the disk has free space and that the app may write to its folder, then try again.',
  },
  STORE_FAILED: {
    title: 'The account list could not be read or saved',
    next: 'Check that the disk has free space and that its folder can be written, then restart the app.',
  },
}

const zhCN: Record<ErrorCode, ErrorText> = {
  INVALID_ARGUMENT: {
    title: '输入的内容无法使用',
    next: '请检查填写或选择的内容，然后重试。',
  },
  UNKNOWN_OPERATION: {
    title: '窗口与应用版本不一致',
    next: '请重新启动应用。如果刚刚更新过，请先关闭应用的所有窗口。',
  },
  FORBIDDEN_SENDER: {
    title: '此窗口无权访问应用',
    next: '请关闭此窗口，然后重新打开应用。',
  },
  UNAUTHORIZED: {
    title: '此页面与应用的连接已失效',
    next: '请打开应用启动时打印的地址，或重新启动应用。',
  },
  BRIDGE_UNAVAILABLE: {
    title: '应用没有响应',
    next: '请稍后重试。如果问题持续出现，请重新启动应用。',
  },
  INTERNAL: {
    title: '应用内部出错',
    next: '请重试。如果问题持续出现，请重新启动应用。',
  },
  NETWORK: {
    title: '无法连接 {host}',
    next: '请检查网络连接和代理设置，然后重试。',
  },
  TIMEOUT: {
    title: '{host} 响应超时',
    next: '等待 {seconds} 秒仍未收到响应。请重试；如果问题持续出现，请检查代理设置。',
  },
  CANCELLED: {
    title: '已取消',
    next: '需要时可以随时重新开始。',
  },
  SERVER_ERROR: {
    title: '扣子服务暂时出现问题',
    next: '请稍等一分钟后重试。如果仍然失败，请联系扣子客服，并提供详情中的日志 ID。',
  },
  INVALID_RESPONSE: {
    title: '无法识别扣子的响应',
    next: '请检查所选的区域和 API 地址，以及是否有代理拦截了本机与扣子之间的请求。',
  },
  INSECURE_URL: {
    title: '{host} 不是安全地址',
    next: '应用只使用 https 地址（仅本机地址可以使用 http）。请改用 https 地址。',
  },
  REQUEST_REFUSED: {
    title: '扣子拒绝了此请求',
    next: '请在扣子控制台检查此应用的设置（客户端 ID 和重定向 URI），然后重试。',
  },
  PERMISSION_DENIED: {
    title: '令牌没有此操作的权限',
    next: '请在扣子控制台为该令牌开通所需权限（查看工作空间需要 listWorkspace 权限），然后重试。',
  },
  RATE_LIMITED: {
    title: '请求过于频繁',
    next: '扣子暂时限制了请求频率。请稍等一分钟后重试。',
  },
  STATE_MISMATCH: {
    title: '登录结果与当前登录不匹配',
    next: '为了你的安全，应用没有使用这个结果。请在应用打开的扣子页面上完成登录，或取消后重新开始。',
  },
  PORT_IN_USE: {
    title: '端口 {port} 已被占用',
    next: '其他程序或另一项登录正在使用 {host}:{port}，应用无法接收登录结果。请关闭该程序，或在扣子控制台为此应用添加一个使用空闲端口的重定向 URI。',
  },
  BROWSER_LAUNCH_FAILED: {
    title: '无法打开浏览器',
    next: '请确认已设置默认浏览器，然后重新开始登录。如果仍然无法打开，请复制应用显示的登录链接，在浏览器中手动打开。',
  },
  ACCESS_DENIED: {
    title: '授权已被拒绝',
    next: '请重新登录，并在扣子页面上选择“授权”。如果需要工作空间管理员先安装此应用，请联系管理员。',
  },
  DEVICE_CODE_EXPIRED: {
    title: '设备码已过期',
    next: '未在有效期内完成授权。请重新开始，获取新的设备码。',
  },
  INVALID_CLIENT: {
    title: '扣子未接受应用的凭据',
    next: '请在扣子控制台（OAuth 应用）核对客户端 ID、客户端密钥或私钥，并确认该应用属于所选区域。',
  },
  INVALID_GRANT: {
    title: '登录码未被接受',
    next: '登录码已过期或已被使用。请重新登录。',
  },
  INVALID_TOKEN: {
    title: '扣子未接受此令牌',
    next: '令牌有误、已被撤销或已过期。请在扣子控制台重新创建令牌，或重新登录。',
  },
  WRONG_REGION: {
    title: '此凭据属于“{actualRegion}”，而不是“{chosenRegion}”',
    next: '请将区域切换为“{actualRegion}”，然后重试。',
  },
  INVALID_PEM: {
    title: '无法使用此私钥',
    next: '扣子需要创建密钥对时下载的私钥文件（private_key.pem）。请粘贴它的内容，或直接选择该文件。',
  },
  REFRESH_TOKEN_DEAD: {
    title: '此账号需要重新登录',
    next: '它的授权已被撤销或已过期。请重新登录以继续使用。',
  },
  NOT_REFRESHABLE: {
    title: '此令牌无法续期',
    next: '个人访问令牌和服务访问令牌无法刷新。请在扣子控制台创建新令牌，并粘贴到这里。',
  },
  NOT_FOUND: {
    title: '找不到所需的数据',
    next: '账号、应用配置或已保存的令牌已被删除。请刷新列表，然后重新登录，或重新导入应用配置。',
  },
  KEYCHAIN_LOCKED: {
    title: '钥匙串已锁定',
    next: '请解锁系统钥匙串或密钥环（Windows 上可锁屏后重新登录），然后重试。',
  },
  KEYCHAIN_UNAVAILABLE: {
    title: '系统钥匙串不可用',
    next: '请重新启动应用。Linux 上请确认 GNOME Keyring 或 KWallet 等密钥环正在运行。也可以在设置中选择其他凭据存储方式。',
  },
  KEYCHAIN_DENIED: {
    title: '钥匙串拒绝了访问',
    next: '钥匙串询问时，请允许“扣子授权助手”访问，然后重试。也可以在设置中选择其他凭据存储方式。',
  },
  KEYCHAIN_TIMEOUT: {
    title: '钥匙串没有响应',
    next: '等待 {seconds} 秒仍无响应，可能有钥匙串提示窗口正在等待你处理。请处理或关闭该窗口，然后重试。',
  },
  KEYCHAIN_FAILED: {
    title: '钥匙串出错',
    next: '请重试。如果问题持续出现，请在设置中选择其他凭据存储方式。',
  },
  SECRET_UNREADABLE: {
    title: '无法读取已保存的令牌',
    next: '请重新登录此账号，以替换无法读取的令牌。',
  },
  ENCRYPTION_UNAVAILABLE: {
    title: '系统加密功能暂不可用',
    next: '请解锁密钥环或重新启动应用，也可以在设置中选择其他凭据存储方式。',
  },
  SAFE_STORAGE_UNAVAILABLE: {
    title: '此电脑不支持加密存储',
    next: '请在设置中改用系统钥匙串保存凭据。',
  },
  VAULT_FILE_FAILED: {
    title: '无法读取或保存凭据文件',
    next: '请确认磁盘有剩余空间，且应用有权写入所在文件夹，然后重试。',
  },
  STORE_FAILED: {
    title: '无法读取或保存账号列表',
    next: '请确认磁盘有剩余空间，且所在文件夹可以写入，然后重新启动应用。',
  },
}

export const errorTexts: Record<ErrorLocale, Record<ErrorCode, ErrorText>> = { en, 'zh-CN': zhCN }

/** For codes whose text has placeholders: what to show when a param did not come with the error. */
export const errorTextsWithoutParams: Record<ErrorLocale, Partial<Record<ErrorCode, ErrorText>>> = {
  en: {
    NETWORK: {
      title: 'Could not reach Coze',
      next: 'Check your internet connection and proxy setting, then try again.',
    },
    TIMEOUT: {
      title: 'This took too long',
      next: 'Try again. If it keeps happening, check your internet connection and proxy setting.',
    },
    INSECURE_URL: {
      title: 'This address is not secure',
      next: 'The app only uses https addresses (plain http is allowed for this computer only). Use the https address instead.',
    },
    PORT_IN_USE: {
      title: 'The sign-in port is already in use',
      next: 'Another program, or another sign-in, is using it, so the app cannot receive the sign-in. Close it, or on the Coze console add a redirect URI with a free port to this app.',
    },
    WRONG_REGION: {
      title: 'This belongs to another region',
      next: 'Switch to the region where the app or token was created, then try again.',
    },
    KEYCHAIN_TIMEOUT: {
      title: 'The keychain did not answer',
      next: 'A keychain prompt may be waiting. Answer or close it, then try again.',
    },
  },
  'zh-CN': {
    NETWORK: {
      title: '无法连接扣子',
      next: '请检查网络连接和代理设置，然后重试。',
    },
    TIMEOUT: {
      title: '等待超时',
      next: '请重试。如果问题持续出现，请检查网络连接和代理设置。',
    },
    INSECURE_URL: {
      title: '此地址不安全',
      next: '应用只使用 https 地址（仅本机地址可以使用 http）。请改用 https 地址。',
    },
    PORT_IN_USE: {
      title: '登录所需的端口已被占用',
      next: '其他程序或另一项登录正在使用该端口，应用无法接收登录结果。请关闭该程序，或在扣子控制台为此应用添加一个使用空闲端口的重定向 URI。',
    },
    WRONG_REGION: {
      title: '凭据不属于所选区域',
      next: '请切换到创建该应用或令牌时所在的区域，然后重试。',
    },
    KEYCHAIN_TIMEOUT: {
      title: '钥匙串没有响应',
      next: '可能有钥匙串提示窗口正在等待你处理。请处理或关闭该窗口，然后重试。',
    },
  },
}

/** Why main refused a signing key: `params.reason` of INVALID_PEM (see src/main/core/oauth/pem.ts). */
export const pemReasons = [
  'empty',
  'too-large',
  'not-pem',
  'json-without-key',
  'truncated',
  'damaged',
  'public-key',
  'certificate',
  'ec-key',
  'ed25519-key',
  'unsupported-key',
  'encrypted',
  'too-short',
  'multiple-keys',
] as const

export type PemReason = (typeof pemReasons)[number]

export const pemTexts: Record<ErrorLocale, Record<PemReason, ErrorText>> = {
  en: {
    empty: {
      title: 'No key was given',
      next: `Paste the contents of private_key.pem, or choose the file. It starts with ${beginLine}.`,
    },
    'too-large': {
      title: 'This file is far too large to be a private key',
      next: 'Choose private_key.pem, the file downloaded when you created the key pair on the Coze console.',
    },
    'not-pem': {
      title: 'This is not a private key',
      next: `Paste the whole private_key.pem, including its ${beginLine} and ${endLine} lines, or choose the file itself.`,
    },
    'json-without-key': {
      title: 'This configuration file has no private key',
      next: 'JWT sign-in needs a service (JWT) app. Give its private_key.pem, or its coze_oauth_config.json that includes "private_key".',
    },
    truncated: {
      title: 'The key is cut off',
      next: 'Part of it was not copied. Copy the whole private_key.pem again, from -----BEGIN to -----END, or choose the file itself.',
    },
    damaged: {
      title: 'The key is damaged',
      next: 'Some of its characters were lost or changed when it was copied. Copy the whole private_key.pem again, or choose the file itself.',
    },
    'public-key': {
      title: 'This is a public key, not the private key',
      next: 'The public key stays on the Coze console. Give the private key instead: private_key.pem, downloaded when you created the key pair.',
    },
    certificate: {
      title: 'This is a certificate, not a private key',
      next: 'Give the private key: private_key.pem, downloaded when you created the key pair on the Coze console.',
    },
    'ec-key': {
      title: 'This is an EC key, but Coze needs an RSA key',
      next: 'Use the private_key.pem from the key pair created on the Coze console: it is an RSA key.',
    },
    'ed25519-key': {
      title: 'This is an Ed25519 key, but Coze needs an RSA key',
      next: 'Use the private_key.pem from the key pair created on the Coze console: it is an RSA key.',
    },
    'unsupported-key': {
      title: 'This kind of key does not work with Coze',
      next: 'Coze signs with RSA keys. Use the private_key.pem from the key pair created on the Coze console.',
    },
    encrypted: {
      title: 'This key is protected with a passphrase',
      next: 'Use the private_key.pem downloaded from Coze, which has none, or remove the passphrase first (for example: openssl pkey -in encrypted.pem -out private_key.pem).',
    },
    'too-short': {
      title: 'This key is too short',
      next: 'Coze needs an RSA key of at least 2048 bits. Create a new key pair for the app on the Coze console and use its private_key.pem.',
    },
    'multiple-keys': {
      title: 'This holds more than one key or certificate',
      next: `Give only the private key: private_key.pem, with a single ${beginLine} block.`,
    },
  },
  'zh-CN': {
    empty: {
      title: '未提供私钥',
      next: `请粘贴 private_key.pem 的内容，或直接选择该文件。它以 ${beginLine} 开头。`,
    },
    'too-large': {
      title: '文件过大，不是私钥',
      next: '请选择在扣子控制台创建密钥对时下载的 private_key.pem。',
    },
    'not-pem': {
      title: '这不是私钥',
      next: `请粘贴完整的 private_key.pem（包括 ${beginLine} 和 ${endLine} 这两行），或直接选择该文件。`,
    },
    'json-without-key': {
      title: '此配置文件中没有私钥',
      next: 'JWT 登录需要服务类应用。请提供该应用的 private_key.pem，或包含 private_key 字段的 coze_oauth_config.json。',
    },
    truncated: {
      title: '私钥不完整',
      next: '有一部分内容没有复制上。请重新复制完整的 private_key.pem（从 -----BEGIN 到 -----END），或直接选择该文件。',
    },
    damaged: {
      title: '私钥已损坏',
      next: '复制时丢失或改动了部分字符。请重新复制完整的 private_key.pem，或直接选择该文件。',
    },
    'public-key': {
      title: '这是公钥，不是私钥',
      next: '公钥保存在扣子控制台中，这里需要的是私钥，即创建密钥对时下载的 private_key.pem。',
    },
    certificate: {
      title: '这是证书，不是私钥',
      next: '请提供私钥，即在扣子控制台创建密钥对时下载的 private_key.pem。',
    },
    'ec-key': {
      title: '这是 EC 密钥，扣子需要 RSA 密钥',
      next: '请使用在扣子控制台创建密钥对时下载的 private_key.pem，它是 RSA 私钥。',
    },
    'ed25519-key': {
      title: '这是 Ed25519 密钥，扣子需要 RSA 密钥',
      next: '请使用在扣子控制台创建密钥对时下载的 private_key.pem，它是 RSA 私钥。',
    },
    'unsupported-key': {
      title: '扣子不支持这种密钥',
      next: '扣子使用 RSA 密钥签名。请使用在扣子控制台创建密钥对时下载的 private_key.pem。',
    },
    encrypted: {
      title: '此私钥设有密码保护',
      next: '请使用从扣子下载的 private_key.pem（它没有设置密码），或先去掉密码，例如：openssl pkey -in encrypted.pem -out private_key.pem。',
    },
    'too-short': {
      title: '私钥长度不足',
      next: '扣子要求 RSA 私钥至少为 2048 位。请在扣子控制台为此应用创建新的密钥对，并使用下载的 private_key.pem。',
    },
    'multiple-keys': {
      title: '包含多个密钥或证书',
      next: `请只提供私钥，即只含一个 ${beginLine} 块的 private_key.pem。`,
    },
  },
}

/** For a code this version of the window does not know (a newer main): main's English message. */
const unknownTitle: Record<ErrorLocale, string> = {
  en: 'Something went wrong',
  'zh-CN': '出现了问题',
}

const regionNames: Record<ErrorLocale, Record<string, string>> = {
  en: { com: 'coze.com', cn: 'coze.cn', custom: 'a custom deployment' },
  'zh-CN': { com: 'coze.com', cn: 'coze.cn', custom: '自定义部署' },
}

const regionParams = new Set(['actualRegion', 'chosenRegion'])

/** A long value (a typed address, say) must not break the layout; the details keep nothing of it. */
const maxValueLength = 120

const placeholderPattern = /\{(\w+)\}/g

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(placeholderPattern)].map((match) => match[1] ?? '')
}

/** The params a text may show: plain strings and numbers, region ids as their names. */
function displayValues(
  params: Record<string, unknown> | undefined,
  locale: ErrorLocale,
): Record<string, string> {
  const values: Record<string, string> = {}
  if (params === undefined || params === null || typeof params !== 'object') return values
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue
    if (typeof value === 'number' && !Number.isFinite(value)) continue
    const text = String(value).trim()
    if (text === '') continue
    if (regionParams.has(name)) {
      // An unknown region id is left out, so the text without it is shown instead.
      if (Object.hasOwn(regionNames[locale], text)) values[name] = regionNames[locale][text] ?? text
      continue
    }
    values[name] = text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text
  }
  return values
}

function canFill(text: ErrorText, values: Record<string, string>): boolean {
  return [...placeholdersOf(text.title), ...placeholdersOf(text.next)].every((name) =>
    Object.hasOwn(values, name),
  )
}

function pemText(reason: unknown, locale: ErrorLocale): ErrorText | undefined {
  if (typeof reason !== 'string' || !Object.hasOwn(pemTexts[locale], reason)) return undefined
  return pemTexts[locale][reason as PemReason]
}

/**
 * The title, the next step and the folded-away details of an error, in the reader's language.
 * Uses only the payload, which main keeps free of secrets.
 */
export function describeError(error: ErrorPayload, locale: ErrorLocale): DescribedError {
  const code: unknown = error.code
  const params = error.params as Record<string, unknown> | undefined
  const details: DescribedError['details'] = { code: String(code) }
  if (typeof error.logId === 'string' && error.logId !== '') details.logId = error.logId
  const serverMessage = params?.serverMessage
  if (typeof serverMessage === 'string' && serverMessage.trim() !== '') {
    details.serverMessage = serverMessage
  }

  if (!isErrorCode(code)) {
    const message = typeof error.message === 'string' ? error.message.trim() : ''
    return {
      title: unknownTitle[locale],
      next: message === '' ? errorTexts[locale].INTERNAL.next : message,
      details,
    }
  }

  const values = displayValues(params, locale)
  let text: ErrorText = errorTexts[locale][code]
  if (code === 'INVALID_PEM') text = pemText(params?.reason, locale) ?? text
  if (!canFill(text, values)) text = errorTextsWithoutParams[locale][code] ?? text
  return { title: format(text.title, values), next: format(text.next, values), details }
}
