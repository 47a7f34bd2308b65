/**
 * The question asked before a protection is weakened, in English and Simplified Chinese: one
 * wording for the browser host's dialog in the window and the desktop app's native dialog in main
 * (src/main/core/confirmation-messages.ts). Keys start with `weakening`. Each says plainly what
 * happens if the person agrees.
 */
import type { WeakeningKind } from './confirmation'

export const enConfirmation = {
  weakeningClipboardTitle: 'Stop clearing copied tokens from the clipboard?',
  weakeningClipboardBody:
    'Now a copied token leaves the clipboard after {seconds} seconds. From now on it stays there until you copy something else, and any program or anyone at this computer can paste it.',
  weakeningClipboardConfirm: 'Stop clearing',
  weakeningPlaintextTitle: 'Store secrets unencrypted?',
  weakeningPlaintextBody:
    'When neither the keychain nor system encryption works, access tokens, refresh tokens and private keys will be written to a file as plain text. Any person or program that can read your files could then sign in to Coze as you.',
  weakeningPlaintextConfirm: 'Store unencrypted',
  weakeningStorageTitle: 'Move secrets out of the system keychain?',
  weakeningStorageBody:
    "After the next start, tokens and keys are kept in the app's own file, all encrypted with one key from the system, instead of as separate keychain entries that the system guards one by one.",
  weakeningStorageConfirm: 'Move out of the keychain',
  weakeningExportTitle: 'Export your tokens?',
  weakeningExportBody:
    'The file will hold the tokens and keys of every account, encrypted with your passphrase. Anyone who has the file and the passphrase can use your Coze accounts.',
  weakeningExportConfirm: 'Export with tokens',
  weakeningSeveralTitle: 'Weaken these protections?',
  weakeningSeveralConfirm: 'Make these changes',
  weakeningAdvice: 'Only do this on a computer that you alone use.',
} as const

export const zhConfirmation: Record<keyof typeof enConfirmation, string> = {
  weakeningClipboardTitle: '不再自动清除剪贴板中的令牌？',
  weakeningClipboardBody:
    '目前复制的令牌会在 {seconds} 秒后从剪贴板清除。更改后它会一直留在剪贴板中，直到你复制其他内容，这台电脑上的任何程序或任何人都能粘贴它。',
  weakeningClipboardConfirm: '不再清除',
  weakeningPlaintextTitle: '以未加密形式保存凭据？',
  weakeningPlaintextBody:
    '当钥匙串和系统加密都无法使用时，访问令牌、刷新令牌和私钥会以明文写入一个文件。任何能读取你文件的人或程序都能以你的身份登录扣子。',
  weakeningPlaintextConfirm: '不加密保存',
  weakeningStorageTitle: '将凭据移出系统钥匙串？',
  weakeningStorageBody:
    '下次启动后，令牌和密钥将保存在应用自己的文件中，全部用系统提供的同一个密钥加密，而不再作为钥匙串中由系统逐条保护的条目。',
  weakeningStorageConfirm: '移出钥匙串',
  weakeningExportTitle: '导出令牌？',
  weakeningExportBody:
    '导出的文件将包含所有账号的令牌和密钥，并用你设置的口令加密。拿到文件和口令的人都能使用你的扣子账号。',
  weakeningExportConfirm: '导出令牌',
  weakeningSeveralTitle: '削弱以下保护？',
  weakeningSeveralConfirm: '进行这些更改',
  weakeningAdvice: '请只在仅由你一人使用的电脑上这样做。',
}

export type ConfirmationTextKey = keyof typeof enConfirmation

/** Where each weakening finds its title, what happens, and its confirm button. */
export const weakeningTextKeys: Record<
  WeakeningKind,
  { title: ConfirmationTextKey; body: ConfirmationTextKey; confirm: ConfirmationTextKey }
> = {
  'clipboard-clearing-off': {
    title: 'weakeningClipboardTitle',
    body: 'weakeningClipboardBody',
    confirm: 'weakeningClipboardConfirm',
  },
  'plaintext-secrets-allowed': {
    title: 'weakeningPlaintextTitle',
    body: 'weakeningPlaintextBody',
    confirm: 'weakeningPlaintextConfirm',
  },
  'secret-storage-switched': {
    title: 'weakeningStorageTitle',
    body: 'weakeningStorageBody',
    confirm: 'weakeningStorageConfirm',
  },
  'export-with-tokens': {
    title: 'weakeningExportTitle',
    body: 'weakeningExportBody',
    confirm: 'weakeningExportConfirm',
  },
}

/** The weakenings that expose secrets to whoever else uses this computer: both dialogs add the advice. */
export const sharedComputerRisks: readonly WeakeningKind[] = [
  'clipboard-clearing-off',
  'plaintext-secrets-allowed',
]
