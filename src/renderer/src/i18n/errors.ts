import type {
  ErrorCode,
  ErrorPayload,
  InvalidArgumentReason,
  PemReason,
  TextField,
} from '../../../shared/errors'
import {
  isErrorCode,
  isInvalidArgumentReason,
  isPemReason,
  pemReasons,
} from '../../../shared/errors'
import { format } from './index'

export { pemReasons }
export type { PemReason }

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
  CONFIRMATION_REQUIRED: {
    title: 'This change needs your confirmation',
    next: 'It weakens a protection of your tokens. Make the change again and confirm it when asked.',
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
  EXTERNAL_URL_REFUSED: {
    title: 'The app did not open this address',
    next: "It opens only the Coze sign-in pages of your account's region and its own help pages. Check the region and the app profile you chose.",
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
  CLIPBOARD_FAILED: {
    title: 'The token could not be copied',
    next: 'The clipboard tool of this desktop is missing or did not answer. Install wl-clipboard (Wayland) or xclip (X11), or use Reveal token and copy it by hand.',
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
    next: 'An account, app profile or saved token was removed. Refresh the list, then add the account again or import its app profile again.',
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
  CONFIRMATION_REQUIRED: {
    title: '此更改需要你确认',
    next: '它会削弱对令牌的保护。请重新进行此更改，并在询问时确认。',
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
  EXTERNAL_URL_REFUSED: {
    title: '应用未打开此地址',
    next: '应用只会打开账号所在区域的扣子登录页面和应用自己的帮助页面。请检查所选的区域和应用配置。',
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
  CLIPBOARD_FAILED: {
    title: '无法复制令牌',
    next: '此桌面的剪贴板工具缺失或没有响应。请安装 wl-clipboard（Wayland）或 xclip（X11），或者使用“显示令牌”后手动复制。',
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
    next: '账号、应用配置或已保存的令牌已被删除。请刷新列表，然后重新添加账号，或重新导入其应用配置。',
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

/*
 * Why main refused something a person entered: `params.reason` of INVALID_ARGUMENT. The general
 * INVALID_ARGUMENT text cannot say what was wrong; each reason says it, and what to do instead.
 * `{field}` is the name of a field in the reader's language (see `fieldNames`).
 */
export const invalidArgumentTexts: Record<ErrorLocale, Record<InvalidArgumentReason, ErrorText>> = {
  en: {
    'token-empty': {
      title: 'No token was pasted',
      next: 'Paste the token you created on the Coze console, then try again.',
    },
    'token-has-spaces': {
      title: 'A token has no spaces or line breaks',
      next: 'Something else was copied with it. Copy the token again from the Coze console and paste only the token.',
    },
    'token-not-coze': {
      title: 'This does not look like a Coze token',
      next: 'Personal access tokens start with pat_, service access tokens with sat_. Copy the whole token again from the Coze console.',
    },
    'token-bad-characters': {
      title: 'This token has characters a Coze token never has',
      next: 'A token is made of plain letters, digits and a few symbols. Copy it straight from the Coze console, not from a formatted document.',
    },
    'token-expiry-past': {
      title: 'The expiry date has already passed',
      next: 'Check the expiry date on the Coze console, or leave the date empty for a token that does not expire.',
    },
    'token-expiry-invalid': {
      title: 'This expiry date cannot be right',
      next: 'Pick the date the Coze console showed when you created the token, or leave it empty.',
    },
    'label-length': {
      title: 'A name has 1 to 100 characters',
      next: 'Type a shorter name, and not only spaces.',
    },
    'profile-name-length': {
      title: 'A profile name has 1 to 100 characters',
      next: 'Type a shorter name for the app profile.',
    },
    'text-too-long': {
      title: '{field} is too long',
      next: 'It can have at most {max} characters. Check that only the value itself was copied.',
    },
    'client-id-invalid': {
      title: 'This client ID is not valid',
      next: "Copy the client ID again from the app's page on the Coze console: it has only letters, digits, dots, dashes and underscores.",
    },
    'client-secret-missing': {
      title: 'The client secret is missing',
      next: "A web app signs in with its client secret. Edit the app profile and enter the secret from the app's page on the Coze console.",
    },
    'public-key-id-missing': {
      title: 'The public key ID is missing',
      next: "Copy the public key fingerprint shown next to the key on the app's page on the Coze console.",
    },
    'public-key-id-spaces': {
      title: 'The public key ID contains spaces',
      next: 'Copy it again from the Coze console, without anything around it.',
    },
    'private-key-missing': {
      title: 'The private key is missing',
      next: 'Choose the private_key.pem downloaded when you created the key pair on the Coze console.',
    },
    'jwt-lifetime-range': {
      title: 'The token lifetime is out of range',
      next: 'Use a whole number of seconds from 1 to 86399 (just under a day).',
    },
    'custom-needs-api-base': {
      title: 'A custom deployment needs its API address',
      next: 'Import the configuration file of the deployment again, or ask its administrator for the address of its API.',
    },
    'api-base-invalid': {
      title: 'The Coze API address is not valid',
      next: 'Give only the address of the server, starting with https://, such as https://api.coze.com, without a path.',
    },
    'web-base-invalid': {
      title: 'The Coze web address is not valid',
      next: 'Give only the address of the site, starting with https://, such as https://www.coze.com, without a path.',
    },
    'profile-bundled': {
      title: 'This app profile came with the app',
      next: 'It cannot be changed or removed. To change it, import its configuration file as a profile of your own.',
    },
    'redirect-uri-missing': {
      title: 'The redirect URI is missing',
      next: 'Enter it exactly as registered for the app on the Coze console, such as http://127.0.0.1:8080/callback.',
    },
    'redirect-uri-invalid': {
      title: 'The redirect URI is not a valid address',
      next: 'Use the one registered for the app on the Coze console, such as http://127.0.0.1:8080/callback.',
    },
    'redirect-uri-spaces': {
      title: 'The redirect URI has spaces around it',
      next: 'Remove them: Coze compares the address character by character.',
    },
    'redirect-uri-not-http': {
      title: 'The redirect URI must start with http://',
      next: 'The app receives the sign-in on this computer. Register an address such as http://127.0.0.1:8080/callback for the app on the Coze console, and use it here.',
    },
    'redirect-uri-not-loopback': {
      title: 'The redirect URI must point to this computer',
      next: 'Use 127.0.0.1, localhost or [::1] with a port, such as http://127.0.0.1:8080/callback, and register the same address on the Coze console.',
    },
    'redirect-uri-credentials': {
      title: 'The redirect URI must not contain a user name or password',
      next: 'Remove the part before the @, and use the address as registered on the Coze console.',
    },
    'redirect-uri-fragment': {
      title: 'The redirect URI must not contain "#"',
      next: 'A browser never sends that part back to the app. Remove it, here and on the Coze console.',
    },
    'redirect-uri-port': {
      title: 'The redirect URI needs a port',
      next: 'Write a port from 1 to 65535 in it, such as http://127.0.0.1:8080/callback: the app receives the sign-in on that port.',
    },
    'loopback-ipv6-unavailable': {
      title: 'This computer cannot receive the sign-in on [::1]',
      next: 'It has no IPv6 loopback address. Register a redirect URI with 127.0.0.1 on the Coze console, such as http://127.0.0.1:{port}/callback, and use it in the profile.',
    },
    'loopback-port-forbidden': {
      title: 'The app may not use port {port}',
      next: 'This computer does not let programs listen on it. Register a redirect URI with a port from 1024 to 65535 on the Coze console, such as http://127.0.0.1:8080/callback.',
    },
    'config-not-json': {
      title: 'This configuration file cannot be read',
      next: 'It is not valid JSON. Download coze_oauth_config.json again from the Coze console.',
    },
    'config-not-object': {
      title: 'This is not an app configuration file',
      next: 'Choose the coze_oauth_config.json downloaded for the app from the Coze console.',
    },
    'config-field-not-text': {
      title: 'The field "{field}" of the configuration file is not text',
      next: 'Download the file again from the Coze console, or correct that field.',
    },
    'config-client-type': {
      title: 'The configuration file does not say what kind of app it is',
      next: 'Its "client_type" must be pkce, web, device or jwt. Download the file again from the Coze console.',
    },
    'config-client-id-missing': {
      title: 'The configuration file has no client ID',
      next: 'Download the file again from the Coze console: it must contain "client_id".',
    },
    'proxy-url-invalid': {
      title: 'This proxy address is not valid',
      next: 'Use an address such as http://proxy.example:8080, or leave the field empty for no proxy.',
    },
    'proxy-url-scheme': {
      title: 'Only http and https proxies are supported',
      next: 'Use an address that starts with http:// or https://, such as http://proxy.example:8080.',
    },
    'clipboard-seconds-range': {
      title: 'The clearing delay is out of range',
      next: 'Use a whole number of seconds from 0 to 3600; 0 never clears the clipboard.',
    },
    'passphrase-too-short': {
      title: 'The passphrase is too short',
      next: 'The export holds your tokens: choose a passphrase of at least {min} characters.',
    },
    'passphrase-required': {
      title: 'This export is encrypted',
      next: 'Enter the passphrase it was saved with, then import it again.',
    },
    'passphrase-wrong': {
      title: 'The passphrase does not open this export',
      next: 'Check the passphrase and try again. If it is right, the file was changed after it was exported.',
    },
    'import-not-export': {
      title: 'This file is not an export of this app',
      next: 'Choose a file saved with Export accounts. To add an app, import its coze_oauth_config.json as an app profile on the Add account screen.',
    },
    'import-newer-version': {
      title: 'This export comes from a newer version of the app',
      next: 'Update the app, then import the file again.',
    },
    'import-unknown-encryption': {
      title: 'This export was not made by this app',
      next: 'Its encryption settings are not the ones this app uses. Export the accounts again with this app.',
    },
    'file-unreadable': {
      title: 'The file could not be read',
      next: 'Check the path, and that the file exists and may be opened, then choose it again.',
    },
    'file-too-large': {
      title: 'This file is too large',
      next: 'A key, an app profile or an export is much smaller. Check that you chose the right file.',
    },
    'file-choice-expired': {
      title: 'The chosen file is no longer available',
      next: 'Choose the file again, then continue.',
    },
    'clipboard-changed': {
      title: 'The clipboard no longer holds that token',
      next: 'Copy the token again on the Coze console, or paste it into the field.',
    },
  },
  'zh-CN': {
    'token-empty': {
      title: '未粘贴令牌',
      next: '请粘贴在扣子控制台创建的令牌，然后重试。',
    },
    'token-has-spaces': {
      title: '令牌中不应包含空格或换行',
      next: '可能复制了多余的内容。请从扣子控制台重新复制，只粘贴令牌本身。',
    },
    'token-not-coze': {
      title: '这看起来不是扣子令牌',
      next: '个人访问令牌以 pat_ 开头，服务访问令牌以 sat_ 开头。请从扣子控制台重新复制完整的令牌。',
    },
    'token-bad-characters': {
      title: '令牌中有扣子令牌不会包含的字符',
      next: '令牌只由普通字母、数字和少数符号组成。请直接从扣子控制台复制，不要从带格式的文档中复制。',
    },
    'token-expiry-past': {
      title: '过期日期已经过去',
      next: '请在扣子控制台核对过期日期；如果令牌永久有效，请留空。',
    },
    'token-expiry-invalid': {
      title: '过期日期不正确',
      next: '请选择创建令牌时扣子控制台显示的日期，或将其留空。',
    },
    'label-length': {
      title: '名称须为 1 到 100 个字符',
      next: '请输入更短的名称，且不能只有空格。',
    },
    'profile-name-length': {
      title: '配置名称须为 1 到 100 个字符',
      next: '请为应用配置输入更短的名称。',
    },
    'text-too-long': {
      title: '“{field}”过长',
      next: '最多只能有 {max} 个字符。请确认只复制了需要的内容。',
    },
    'client-id-invalid': {
      title: '客户端 ID 无效',
      next: '请从扣子控制台该应用的页面重新复制客户端 ID，它只包含字母、数字、点、短横线和下划线。',
    },
    'client-secret-missing': {
      title: '缺少客户端密钥',
      next: 'Web 应用需要用客户端密钥登录。请编辑应用配置，填写扣子控制台该应用页面上的密钥。',
    },
    'public-key-id-missing': {
      title: '缺少公钥 ID',
      next: '请复制扣子控制台该应用页面上显示在公钥旁边的公钥指纹。',
    },
    'public-key-id-spaces': {
      title: '公钥 ID 中包含空格',
      next: '请从扣子控制台重新复制，不要带上前后的其他内容。',
    },
    'private-key-missing': {
      title: '缺少私钥',
      next: '请选择在扣子控制台创建密钥对时下载的 private_key.pem。',
    },
    'jwt-lifetime-range': {
      title: '令牌有效期超出范围',
      next: '请输入 1 到 86399 之间的整数秒数（不到一天）。',
    },
    'custom-needs-api-base': {
      title: '自定义部署需要 API 地址',
      next: '请重新导入该部署的配置文件，或向其管理员询问 API 的地址。',
    },
    'api-base-invalid': {
      title: '扣子 API 地址无效',
      next: '请只填写服务器地址，以 https:// 开头且不带路径，例如 https://api.coze.cn。',
    },
    'web-base-invalid': {
      title: '扣子网站地址无效',
      next: '请只填写网站地址，以 https:// 开头且不带路径，例如 https://www.coze.cn。',
    },
    'profile-bundled': {
      title: '此应用配置为应用内置',
      next: '内置配置无法修改或删除。如需修改，请导入它的配置文件，另存为你自己的配置。',
    },
    'redirect-uri-missing': {
      title: '缺少重定向 URI',
      next: '请填写与扣子控制台中为该应用注册的完全一致的地址，例如 http://127.0.0.1:8080/callback。',
    },
    'redirect-uri-invalid': {
      title: '重定向 URI 不是有效的地址',
      next: '请使用在扣子控制台为该应用注册的地址，例如 http://127.0.0.1:8080/callback。',
    },
    'redirect-uri-spaces': {
      title: '重定向 URI 前后有空格',
      next: '请删除这些空格：扣子会逐个字符地比较该地址。',
    },
    'redirect-uri-not-http': {
      title: '重定向 URI 必须以 http:// 开头',
      next: '应用在这台电脑上接收登录结果。请在扣子控制台为该应用注册类似 http://127.0.0.1:8080/callback 的地址，并在这里使用它。',
    },
    'redirect-uri-not-loopback': {
      title: '重定向 URI 必须指向这台电脑',
      next: '请使用 127.0.0.1、localhost 或 [::1] 并带上端口，例如 http://127.0.0.1:8080/callback，并在扣子控制台注册相同的地址。',
    },
    'redirect-uri-credentials': {
      title: '重定向 URI 中不能包含用户名或密码',
      next: '请删除 @ 之前的部分，使用在扣子控制台注册的地址。',
    },
    'redirect-uri-fragment': {
      title: '重定向 URI 中不能包含“#”',
      next: '浏览器不会把这部分发回给应用。请在这里和扣子控制台中都删除它。',
    },
    'redirect-uri-port': {
      title: '重定向 URI 需要包含端口',
      next: '请在地址中写明 1 到 65535 之间的端口，例如 http://127.0.0.1:8080/callback，应用会在该端口接收登录结果。',
    },
    'loopback-ipv6-unavailable': {
      title: '这台电脑无法通过 [::1] 接收登录结果',
      next: '这台电脑没有 IPv6 回环地址。请在扣子控制台注册使用 127.0.0.1 的重定向 URI，例如 http://127.0.0.1:{port}/callback，并在配置中使用它。',
    },
    'loopback-port-forbidden': {
      title: '应用无法使用端口 {port}',
      next: '这台电脑不允许程序监听该端口。请在扣子控制台注册端口在 1024 到 65535 之间的重定向 URI，例如 http://127.0.0.1:8080/callback。',
    },
    'config-not-json': {
      title: '无法读取此配置文件',
      next: '它不是有效的 JSON。请从扣子控制台重新下载 coze_oauth_config.json。',
    },
    'config-not-object': {
      title: '这不是应用配置文件',
      next: '请选择在扣子控制台为该应用下载的 coze_oauth_config.json。',
    },
    'config-field-not-text': {
      title: '配置文件中的“{field}”字段不是文本',
      next: '请从扣子控制台重新下载该文件，或修正这个字段。',
    },
    'config-client-type': {
      title: '配置文件没有说明应用类型',
      next: '其中的“client_type”必须是 pkce、web、device 或 jwt。请从扣子控制台重新下载该文件。',
    },
    'config-client-id-missing': {
      title: '配置文件中没有客户端 ID',
      next: '请从扣子控制台重新下载该文件，文件中必须包含“client_id”。',
    },
    'proxy-url-invalid': {
      title: '代理地址无效',
      next: '请使用类似 http://proxy.example:8080 的地址；如果不使用代理，请留空。',
    },
    'proxy-url-scheme': {
      title: '只支持 http 和 https 代理',
      next: '请使用以 http:// 或 https:// 开头的地址，例如 http://proxy.example:8080。',
    },
    'clipboard-seconds-range': {
      title: '清空剪贴板的时长超出范围',
      next: '请输入 0 到 3600 之间的整数秒数；填 0 表示从不清空剪贴板。',
    },
    'passphrase-too-short': {
      title: '口令太短',
      next: '导出文件包含你的令牌：请设置至少 {min} 个字符的口令。',
    },
    'passphrase-required': {
      title: '此导出文件已加密',
      next: '请输入导出时设置的口令，然后重新导入。',
    },
    'passphrase-wrong': {
      title: '口令无法打开此导出文件',
      next: '请检查口令后重试。如果口令无误，说明文件在导出后被改动过。',
    },
    'import-not-export': {
      title: '这不是本应用的导出文件',
      next: '请选择用“导出账号”保存的文件。如需添加应用，请在“添加账号”页面把它的 coze_oauth_config.json 导入为应用配置。',
    },
    'import-newer-version': {
      title: '此导出文件来自更新版本的应用',
      next: '请先更新应用，然后重新导入该文件。',
    },
    'import-unknown-encryption': {
      title: '此导出文件不是由本应用生成的',
      next: '它的加密设置与本应用不同。请用本应用重新导出账号。',
    },
    'file-unreadable': {
      title: '无法读取该文件',
      next: '请检查路径，确认文件存在且可以打开，然后重新选择。',
    },
    'file-too-large': {
      title: '文件过大',
      next: '私钥、应用配置或导出文件都要小得多。请确认选择了正确的文件。',
    },
    'file-choice-expired': {
      title: '所选文件已失效',
      next: '请重新选择该文件，然后继续。',
    },
    'clipboard-changed': {
      title: '剪贴板中已没有这个令牌',
      next: '请在扣子控制台重新复制令牌，或把它粘贴到输入框中。',
    },
  },
}

/** The fields `text-too-long` names, as the reader knows them from the forms. */
export const fieldNames: Record<ErrorLocale, Record<TextField, string>> = {
  en: {
    name: 'The name',
    label: 'The name',
    clientId: 'The client ID',
    clientSecret: 'The client secret',
    redirectUri: 'The redirect URI',
    publicKeyId: 'The public key ID',
    sessionName: 'The session name',
    workspaceId: 'The workspace ID',
    accountId: 'The account ID',
    apiBase: 'The API address',
    webBase: 'The web address',
    proxyUrl: 'The proxy address',
    passphrase: 'The passphrase',
    path: 'The file path',
  },
  'zh-CN': {
    name: '名称',
    label: '名称',
    clientId: '客户端 ID',
    clientSecret: '客户端密钥',
    redirectUri: '重定向 URI',
    publicKeyId: '公钥 ID',
    sessionName: '会话名称',
    workspaceId: '工作空间 ID',
    accountId: '账号 ID',
    apiBase: 'API 地址',
    webBase: '网站地址',
    proxyUrl: '代理地址',
    passphrase: '口令',
    path: '文件路径',
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

/** Params whose value is an id the reader should see as a name in their language. */
const namedParams: Record<string, Record<ErrorLocale, Record<string, string>>> = {
  actualRegion: regionNames,
  chosenRegion: regionNames,
  field: fieldNames,
}

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
    const names = Object.hasOwn(namedParams, name) ? namedParams[name]?.[locale] : undefined
    if (names !== undefined) {
      // An unknown id is left out, so a text that does not need it is shown instead.
      if (Object.hasOwn(names, text)) values[name] = names[text] ?? text
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

/** The text of a reason main gave with the code, when this window knows it. */
function reasonText(code: ErrorCode, reason: unknown, locale: ErrorLocale): ErrorText | undefined {
  if (code === 'INVALID_PEM' && isPemReason(reason)) return pemTexts[locale][reason]
  if (code === 'INVALID_ARGUMENT' && isInvalidArgumentReason(reason)) {
    return invalidArgumentTexts[locale][reason]
  }
  return undefined
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
  } else if (
    code === 'INVALID_ARGUMENT' &&
    typeof error.message === 'string' &&
    error.message.trim() !== ''
  ) {
    // Main's own English sentence can be more precise than the text shown (it may name a field),
    // so it is kept, folded away with the code, never as the text itself.
    details.serverMessage = error.message
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
  const general = errorTexts[locale][code]
  const specific = reasonText(code, params?.reason, locale)
  // A reason's text that lacks a param falls back to the code's own text.
  let text: ErrorText = specific !== undefined && canFill(specific, values) ? specific : general
  if (!canFill(text, values)) text = errorTextsWithoutParams[locale][code] ?? text
  return { title: format(text.title, values), next: format(text.next, values), details }
}
