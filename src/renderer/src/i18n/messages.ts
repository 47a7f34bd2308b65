import { enAccounts, zhAccounts } from './catalogues/accounts'
import { enAddAccount, zhAddAccount } from './catalogues/add-account'
import { enCommandLineApproval, zhCommandLineApproval } from './catalogues/command-line'
import { enConfirmation, zhConfirmation } from './catalogues/confirmation'
import { enSettings, zhSettings } from './catalogues/settings'

/** Texts of the shell and of the parts every screen shares. */
const enCommon = {
  appTitle: 'Coze Auth Companion',
  tagline: 'Sign in to Coze and keep your API tokens fresh.',
  loading: 'Loading…',
  accountsHeading: 'Accounts',
  accountsEmptyTitle: 'No accounts yet',
  accountsEmptyBody:
    'Accounts you sign in with appear here, with their workspaces and how long their tokens last.',
  accountsCountOne: '1 account',
  accountsCount: '{count} accounts',
  hostElectron: 'Desktop app',
  hostBrowser: 'Browser host',
  versionLine: 'Version {version} · {host} · {platform}',
  noBridgeTitle: 'This page is not connected to the app',
  noBridgeBody:
    'Open the address the app printed when it started (it ends with #bridge=…), or start the app again.',
  loadFailed: 'Could not load: {message}',
  retry: 'Try again',
  demoNoticeLabel: 'Demo',
  demoNoticeBody:
    'This window talks to a local stand-in for Coze on this computer, not to Coze. Demo accounts are forgotten when the demo stops.',
  storageMemoryTitle: 'Secrets are kept only until the app quits',
  storageMemoryBody:
    'No secure storage (keychain or system encryption) works on this computer, so your tokens are lost when the app quits and you will sign in again. Set up a keychain, or choose to store them unencrypted in Settings.',
  storagePlaintextTitle: 'Secrets are stored unencrypted',
  storagePlaintextBody:
    'You chose to keep tokens and keys unencrypted on this computer. Anyone who can read your files can read them.',
  storageRecovered:
    'The account list was damaged and has been repaired; the damaged file was kept next to it.',
  storageNeedsSignIn: '{count} accounts lost their tokens and need you to sign in again.',
  storageNeedsSignInOne: '1 account lost its tokens and needs you to sign in again.',
  updateReadyBody: 'Version {version} of the app has been downloaded.',
  updateReadyRestart: 'Update ready: restart',
  updateNotReady: 'The update is not ready any more; the app looks for it again later.',
  navAccounts: 'Accounts',
  navAddAccount: 'Add account',
  navSettings: 'Settings',
  navLabel: 'Main',
  errorDetails: 'Details for support',
  errorCode: 'Code',
  errorLogId: 'Log ID',
  errorServerMessage: 'Server said',
  dismiss: 'Dismiss',
  cancel: 'Cancel',
  close: 'Close',
  save: 'Save',
} as const

const zhCommon: Record<keyof typeof enCommon, string> = {
  appTitle: '扣子授权助手',
  tagline: '登录扣子，让你的 API 令牌始终有效。',
  loading: '正在加载…',
  accountsHeading: '账号',
  accountsEmptyTitle: '还没有账号',
  accountsEmptyBody: '登录后的账号会显示在这里，包括它们的工作空间和令牌的剩余有效期。',
  accountsCountOne: '1 个账号',
  accountsCount: '{count} 个账号',
  hostElectron: '桌面应用',
  hostBrowser: '浏览器模式',
  versionLine: '版本 {version} · {host} · {platform}',
  noBridgeTitle: '此页面未连接到应用',
  noBridgeBody: '请打开应用启动时打印的地址（以 #bridge=… 结尾），或重新启动应用。',
  loadFailed: '加载失败：{message}',
  retry: '重试',
  demoNoticeLabel: '演示',
  demoNoticeBody: '此窗口连接的是本机上的扣子模拟服务，而不是扣子。演示结束后，演示账号会被清除。',
  storageMemoryTitle: '密钥只保存到应用退出',
  storageMemoryBody:
    '这台电脑上没有可用的安全存储（钥匙串或系统加密），应用退出后令牌会丢失，需要重新登录。请配置钥匙串，或在设置中选择不加密保存。',
  storagePlaintextTitle: '密钥以未加密的形式保存',
  storagePlaintextBody: '你选择了在这台电脑上不加密保存令牌和密钥。能读取你文件的人都能读取它们。',
  storageRecovered: '账号列表曾损坏，已经修复；损坏的文件保留在原位置旁边。',
  storageNeedsSignIn: '{count} 个账号的令牌已丢失，需要重新登录。',
  storageNeedsSignInOne: '1 个账号的令牌已丢失，需要重新登录。',
  updateReadyBody: '应用的 {version} 版本已下载完成。',
  updateReadyRestart: '更新已就绪：重启',
  updateNotReady: '更新已不可用，应用稍后会再次检查。',
  navAccounts: '账号',
  navAddAccount: '添加账号',
  navSettings: '设置',
  navLabel: '主菜单',
  errorDetails: '提供给技术支持的详情',
  errorCode: '错误码',
  errorLogId: '日志 ID',
  errorServerMessage: '服务器返回',
  dismiss: '关闭提示',
  cancel: '取消',
  close: '关闭',
  save: '保存',
}

/**
 * The English catalogue is the reference: every other language must have the same keys. Each
 * screen keeps its texts in `catalogues/`, under a key prefix of its own; a test checks that no
 * two parts define the same key (a spread would silently keep the last).
 */
export const en = {
  ...enCommon,
  ...enAccounts,
  ...enAddAccount,
  ...enSettings,
  ...enConfirmation,
  ...enCommandLineApproval,
} as const

export type MessageKey = keyof typeof en
export type Catalogue = Record<MessageKey, string>

export const zhCN: Catalogue = {
  ...zhCommon,
  ...zhAccounts,
  ...zhAddAccount,
  ...zhSettings,
  ...zhConfirmation,
  ...zhCommandLineApproval,
}

/** The parts, for the test that keys do not collide. */
export const catalogueParts = {
  common: enCommon,
  accounts: enAccounts,
  addAccount: enAddAccount,
  settings: enSettings,
  confirmation: enConfirmation,
  commandLineApproval: enCommandLineApproval,
} as const
