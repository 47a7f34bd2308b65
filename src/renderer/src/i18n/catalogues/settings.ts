/** Texts of the settings screen. English is the reference; keys start with a prefix unique to the screen. */
export const enSettings = {
  settingsHeading: 'Settings',
  settingsIntro:
    'Choices apply as soon as you make them. A typed value applies when you press Enter, leave the field or select Save.',
  settingsSaving: 'Saving…',
  settingsSaved: 'Saved',

  settingsGeneralHeading: 'General',
  settingsLanguageLabel: 'Language',
  settingsLanguageSystem: 'Follow the system (now {language})',
  settingsLanguageHelp: 'The language of this window and of the notifications the app shows.',
  settingsRegionLabel: 'Default region for new sign-ins',
  settingsRegionCom: 'coze.com (international)',
  settingsRegionCn: 'coze.cn (China)',
  settingsRegionHelp:
    'Where a new sign-in starts. You can still pick the other region when you add an account.',

  settingsClipboardHeading: 'Copying tokens',
  settingsClipboardLabel: 'Clear the clipboard after (seconds)',
  settingsClipboardHelp:
    'After you copy a token, the app empties the clipboard this many seconds later if it still holds that token. From 0 to 3600.',
  settingsClipboardNeverWarning:
    'With 0 the clipboard is never cleared: the token stays there until you copy something else, and any program on this computer can read it.',
  settingsClipboardInvalid: 'Enter a whole number of seconds from 0 to 3600.',
  settingsClipboardSave: 'Save delay',

  settingsNetworkHeading: 'Network',
  settingsProxyLabel: 'Proxy address',
  settingsProxyHelp:
    'An http:// or https:// proxy for every request to Coze. Leave it empty to use HTTPS_PROXY from the environment, or no proxy when that is not set.',
  settingsProxyInvalid:
    'Enter an address that starts with http:// or https://, such as http://proxy.example:8080.',
  settingsProxyRetypePassword:
    'The proxy password is hidden here. Type the whole address again, password included.',
  settingsProxySave: 'Save proxy',
  settingsProxyRemove: 'Remove proxy',
  settingsProxyInUseHere: 'In use: {address}, set here.',
  settingsProxyInUseEnvironment: 'In use: {address}, from {variable} in the environment.',
  settingsProxyNoneInUse: 'In use: no proxy. Requests go straight to Coze.',
  settingsProxyNoneIgnored:
    'In use: no proxy. {variable} is set in the environment but is not an http:// or https:// address, so it is ignored.',

  settingsDesktopHeading: 'When the window closes',
  settingsKeepInTrayLabel: 'Keep running in the tray',
  settingsKeepInTrayHelp:
    'Closing the window leaves the app in the tray, where it keeps your tokens fresh. Quit from the tray icon.',
  settingsLaunchAtLoginLabel: 'Start the app when I log in to this computer',
  settingsLaunchAtLoginHelp: 'It starts in the tray, so tokens are refreshed without opening it.',

  settingsCommandLineHeading: 'Command line',
  settingsCommandLineAskLabel: 'Ask in the app before a command-line tool gets a token',
  settingsCommandLineAskHelp:
    'When on, "coze-auth token" and "coze-auth run" wait until you allow them here, and the question names the program that asked. Without the app running, they cannot get a token then.',

  settingsStorageHeading: 'Where secrets are stored',
  settingsStorageCurrentLabel: 'In use',
  settingsStorageSafeStorage:
    "Encrypted by your system's protection, in one file in the app's data folder.",
  settingsStorageKeychain: "Encrypted, in your system's keychain.",
  settingsStorageMemory:
    'Only in memory: nothing is saved, and tokens are lost when the app quits.',
  settingsStoragePlaintext: "Unencrypted, in a file in the app's data folder.",
  settingsStorageUnknown: 'Not known yet.',
  settingsStorageProblem: 'Your preferred storage did not work when the app started:',
  settingsStorageLoadFailed: 'Could not read where secrets are stored:',
  settingsSecretStorageLabel: 'Preferred storage',
  settingsSecretStorageSafe: 'System encryption (recommended)',
  settingsSecretStorageKeychain: 'System keychain',
  settingsSecretStorageHelp:
    'System encryption keeps every secret in one encrypted file and stays fast with many accounts. The keychain keeps each secret as its own entry (Keychain on macOS, Credential Manager on Windows, Secret Service on Linux). When the preferred one does not work, the other is used.',
  settingsStorageRestart:
    'Storage changes apply the next time the app starts. Tokens are not moved from one store to another, so some accounts may ask you to sign in again.',
  settingsAllowPlaintextLabel: 'Store secrets unencrypted when no encrypted storage works',
  settingsAllowPlaintextHelp:
    'Without this, such a computer keeps secrets only in memory, and you sign in again after every restart.',
  settingsPlaintextActive:
    'Your tokens and keys are stored unencrypted right now. Anyone who can read your files can use your Coze accounts.',
  settingsPlaintextAllowed:
    'You allowed unencrypted storage. When no encrypted storage works, anyone who can read your files can use your Coze accounts.',

  settingsTransferHeading: 'Move accounts to another computer',
  settingsExportHeading: 'Export',
  settingsExportPassphraseLabel: 'Passphrase (optional)',
  settingsExportPassphraseHelp:
    'With a passphrase of at least 10 characters, the file is encrypted and holds everything, tokens included. Without one it holds only the account list and app profiles, no tokens, so each account asks you to sign in again on the other computer.',
  settingsExportPassphraseTooShort: 'Use at least 10 characters, or leave the passphrase empty.',
  settingsExportButton: 'Export accounts',
  settingsExporting: 'Exporting…',
  settingsExportEncrypted: 'Saved to {path}. It is encrypted and holds your tokens.',
  settingsExportPlain: 'Saved to {path}. It holds no tokens.',
  settingsExportCancelled: 'The export was cancelled; nothing was saved.',
  settingsImportHeading: 'Import',
  settingsImportPathLabel: 'Path of the export file',
  settingsImportPathHelp:
    'The browser host cannot show a file dialog: type the full path of the file on this computer.',
  settingsImportPathMissing: 'Enter the path of the export file.',
  settingsImportPassphraseLabel: 'Passphrase (only for an encrypted export)',
  settingsImportButton: 'Import accounts',
  settingsImportChooseButton: 'Choose a file and import…',
  settingsImporting: 'Importing…',
  settingsImportCancelled: 'The import was cancelled.',
  settingsImportDone: 'Imported from {name}.',
  settingsImportAccounts: 'Accounts added: {count}',
  settingsImportProfiles: 'App profiles added: {count}',
  settingsImportNeedSignIn: 'Accounts that need you to sign in again: {count}',
  settingsImportSkippedHeading: 'Not imported',
  settingsImportSkippedAccount: 'Account {id}: {reason}',
  settingsImportSkippedProfile: 'App profile {id}: {reason}',
  settingsImportReasonExisting: 'it is already here',
  settingsImportReasonNotAccount: 'the file entry is not an account',

  settingsBannerOpen: 'Open Settings',
} as const

export const zhSettings: Record<keyof typeof enSettings, string> = {
  settingsHeading: '设置',
  settingsIntro: '选择类的设置会立即生效；输入的内容在按下回车、离开输入框或点击“保存”后生效。',
  settingsSaving: '正在保存…',
  settingsSaved: '已保存',

  settingsGeneralHeading: '通用',
  settingsLanguageLabel: '语言',
  settingsLanguageSystem: '跟随系统（当前为{language}）',
  settingsLanguageHelp: '本窗口以及应用通知所使用的语言。',
  settingsRegionLabel: '新登录的默认区域',
  settingsRegionCom: 'coze.com（国际版）',
  settingsRegionCn: 'coze.cn（国内版）',
  settingsRegionHelp: '新登录默认使用的区域。添加账号时仍可以选择另一个区域。',

  settingsClipboardHeading: '复制令牌',
  settingsClipboardLabel: '多少秒后清空剪贴板',
  settingsClipboardHelp:
    '复制令牌后，如果剪贴板里仍是该令牌，应用会在这么多秒后清空剪贴板。可填 0 到 3600。',
  settingsClipboardNeverWarning:
    '填 0 表示从不清空：令牌会一直留在剪贴板中，直到你复制别的内容，这台电脑上的任何程序都能读取它。',
  settingsClipboardInvalid: '请输入 0 到 3600 之间的整数秒数。',
  settingsClipboardSave: '保存时长',

  settingsNetworkHeading: '网络',
  settingsProxyLabel: '代理地址',
  settingsProxyHelp:
    '访问扣子的所有请求都经由这个 http:// 或 https:// 代理。留空则使用环境变量 HTTPS_PROXY；如果没有设置该变量，则不使用代理。',
  settingsProxyInvalid: '请输入以 http:// 或 https:// 开头的地址，例如 http://proxy.example:8080。',
  settingsProxyRetypePassword: '这里不显示代理密码。请重新输入完整地址，包括密码。',
  settingsProxySave: '保存代理',
  settingsProxyRemove: '移除代理',
  settingsProxyInUseHere: '正在使用：{address}（在此处设置）。',
  settingsProxyInUseEnvironment: '正在使用：{address}（来自环境变量 {variable}）。',
  settingsProxyNoneInUse: '正在使用：无代理，请求直接发往扣子。',
  settingsProxyNoneIgnored:
    '正在使用：无代理。环境变量 {variable} 已设置，但不是 http:// 或 https:// 地址，因此被忽略。',

  settingsDesktopHeading: '关闭窗口时',
  settingsKeepInTrayLabel: '在系统托盘中继续运行',
  settingsKeepInTrayHelp: '关闭窗口后应用留在托盘中，继续为你刷新令牌。可以从托盘图标退出应用。',
  settingsLaunchAtLoginLabel: '登录这台电脑时自动启动应用',
  settingsLaunchAtLoginHelp: '应用会在托盘中启动，不用打开窗口也会刷新令牌。',

  settingsCommandLineHeading: '命令行',
  settingsCommandLineAskLabel: '命令行工具获取令牌前先在应用中询问',
  settingsCommandLineAskHelp:
    '开启后，"coze-auth token" 和 "coze-auth run" 会等你在这里允许，询问中会写明是哪个程序请求的。应用未运行时，它们将无法获取令牌。',

  settingsStorageHeading: '凭据的保存位置',
  settingsStorageCurrentLabel: '正在使用',
  settingsStorageSafeStorage: '由系统提供的保护加密，保存在应用数据文件夹中的一个文件里。',
  settingsStorageKeychain: '已加密，保存在系统钥匙串中。',
  settingsStorageMemory: '仅保存在内存中：不会写入磁盘，应用退出后令牌就会丢失。',
  settingsStoragePlaintext: '未加密，保存在应用数据文件夹中的一个文件里。',
  settingsStorageUnknown: '暂时未知。',
  settingsStorageProblem: '应用启动时，首选的存储方式无法使用：',
  settingsStorageLoadFailed: '无法读取凭据的保存位置：',
  settingsSecretStorageLabel: '首选存储方式',
  settingsSecretStorageSafe: '系统加密（推荐）',
  settingsSecretStorageKeychain: '系统钥匙串',
  settingsSecretStorageHelp:
    '系统加密把所有凭据保存在一个加密文件中，账号很多时依然很快。钥匙串把每项凭据单独保存为一个条目（macOS 的钥匙串、Windows 的凭据管理器、Linux 的 Secret Service）。首选方式无法使用时，会改用另一种。',
  settingsStorageRestart:
    '存储方式的更改在应用下次启动时生效。令牌不会在不同存储之间迁移，因此部分账号可能需要重新登录。',
  settingsAllowPlaintextLabel: '没有可用的加密存储时，以未加密形式保存凭据',
  settingsAllowPlaintextHelp: '不勾选时，这类电脑只在内存中保存凭据，每次重启后都需要重新登录。',
  settingsPlaintextActive:
    '你的令牌和密钥目前以未加密形式保存。任何能读取你文件的人都能使用你的扣子账号。',
  settingsPlaintextAllowed:
    '你已允许未加密保存。当没有可用的加密存储时，任何能读取你文件的人都能使用你的扣子账号。',

  settingsTransferHeading: '把账号迁移到另一台电脑',
  settingsExportHeading: '导出',
  settingsExportPassphraseLabel: '口令（可选）',
  settingsExportPassphraseHelp:
    '设置至少 10 个字符的口令后，文件会被加密，并包含全部内容（包括令牌）。不设口令时，文件只包含账号列表和应用配置，不含令牌，在另一台电脑上每个账号都需要重新登录。',
  settingsExportPassphraseTooShort: '口令至少需要 10 个字符，或者留空。',
  settingsExportButton: '导出账号',
  settingsExporting: '正在导出…',
  settingsExportEncrypted: '已保存到 {path}。文件已加密，包含你的令牌。',
  settingsExportPlain: '已保存到 {path}。文件不含令牌。',
  settingsExportCancelled: '导出已取消，没有保存任何文件。',
  settingsImportHeading: '导入',
  settingsImportPathLabel: '导出文件的路径',
  settingsImportPathHelp: '浏览器模式无法弹出文件选择框：请输入该文件在这台电脑上的完整路径。',
  settingsImportPathMissing: '请输入导出文件的路径。',
  settingsImportPassphraseLabel: '口令（仅加密的导出文件需要）',
  settingsImportButton: '导入账号',
  settingsImportChooseButton: '选择文件并导入…',
  settingsImporting: '正在导入…',
  settingsImportCancelled: '导入已取消。',
  settingsImportDone: '已从 {name} 导入。',
  settingsImportAccounts: '新增账号：{count} 个',
  settingsImportProfiles: '新增应用配置：{count} 个',
  settingsImportNeedSignIn: '需要重新登录的账号：{count} 个',
  settingsImportSkippedHeading: '未导入',
  settingsImportSkippedAccount: '账号 {id}：{reason}',
  settingsImportSkippedProfile: '应用配置 {id}：{reason}',
  settingsImportReasonExisting: '已经存在',
  settingsImportReasonNotAccount: '文件中的这一项不是账号',

  settingsBannerOpen: '打开设置',
}
