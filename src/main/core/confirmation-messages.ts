/**
 * The desktop app's native confirmation of a weakened protection, in English and Simplified
 * Chinese. Main words this dialog itself (the window's catalogue lives in the renderer bundle),
 * so it keeps this small catalogue, like the tray's.
 */
import type { ConfirmationRequest, WeakeningKind } from '../../shared/confirmation'
import type { Locale } from '../../shared/i18n'
import { fillTemplate } from '../../shared/i18n'

interface WeakeningText {
  title: string
  body: string
  confirm: string
}

interface ConfirmationCatalogue {
  kinds: Record<WeakeningKind, WeakeningText>
  /** For a change that weakens more than one protection at once. */
  severalTitle: string
  severalConfirm: string
  cancel: string
}

const en: ConfirmationCatalogue = {
  kinds: {
    'clipboard-clearing-off': {
      title: 'Stop clearing copied tokens from the clipboard?',
      body:
        'Now a copied token leaves the clipboard after {seconds} seconds. From now on it stays ' +
        'there until something else is copied, and any app or anyone at this computer can paste it.',
      confirm: 'Stop clearing',
    },
    'plaintext-secrets-allowed': {
      title: 'Allow storing secrets unencrypted?',
      body:
        'Where no encrypted storage works, tokens and keys will be written to a file without ' +
        'encryption: anyone who can read your files can read them. Only do this on a computer ' +
        'that you alone use.',
      confirm: 'Allow unencrypted',
    },
    'secret-storage-switched': {
      title: 'Move secrets out of the system keychain?',
      body:
        "After the next start, tokens and keys are kept in the app's own file, encrypted with " +
        'one key from the system, instead of in the keychain, which guards each secret on its own.',
      confirm: 'Move out of the keychain',
    },
    'export-with-tokens': {
      title: 'Export your tokens?',
      body:
        'The file will hold the tokens and keys of every account, encrypted with your ' +
        'passphrase. Anyone who has the file and the passphrase can use your accounts.',
      confirm: 'Export with tokens',
    },
  },
  severalTitle: 'Weaken these protections?',
  severalConfirm: 'Make these changes',
  cancel: 'Cancel',
}

const zhCN: ConfirmationCatalogue = {
  kinds: {
    'clipboard-clearing-off': {
      title: '不再自动清除剪贴板中的令牌？',
      body: '目前复制的令牌会在 {seconds} 秒后从剪贴板清除。更改后它会一直留在剪贴板中，直到复制了其他内容，任何应用或使用这台电脑的人都能粘贴它。',
      confirm: '不再清除',
    },
    'plaintext-secrets-allowed': {
      title: '允许以未加密形式保存凭据？',
      body: '在没有可用加密存储的电脑上，令牌和密钥将不加密地写入文件：能读取你文件的人都能读取它们。请只在仅由你一人使用的电脑上这样做。',
      confirm: '允许不加密保存',
    },
    'secret-storage-switched': {
      title: '将凭据移出系统钥匙串？',
      body: '下次启动后，令牌和密钥将保存在应用自己的文件中，用系统提供的同一个密钥加密，而不再作为钥匙串中逐条受保护的条目。',
      confirm: '移出钥匙串',
    },
    'export-with-tokens': {
      title: '导出令牌？',
      body: '导出的文件将包含所有账号的令牌和密钥，并用你设置的口令加密。拿到文件和口令的人都能使用你的账号。',
      confirm: '导出令牌',
    },
  },
  severalTitle: '削弱以下保护？',
  severalConfirm: '进行这些更改',
  cancel: '取消',
}

const catalogues: Record<Locale, ConfirmationCatalogue> = { en, 'zh-CN': zhCN }

/** The question as a native dialog shows it: a title, what happens, and the two buttons. */
export interface ConfirmationWording {
  title: string
  detail: string
  confirm: string
  cancel: string
}

export function confirmationWording(
  request: ConfirmationRequest,
  locale: Locale,
): ConfirmationWording {
  const catalogue = catalogues[locale] ?? en
  const texts = request.weakenings.map((weakening) => ({
    ...catalogue.kinds[weakening.kind],
    body: fillTemplate(catalogue.kinds[weakening.kind].body, weakening.params),
  }))
  const [only] = texts
  if (texts.length === 1 && only) {
    return { title: only.title, detail: only.body, confirm: only.confirm, cancel: catalogue.cancel }
  }
  return {
    title: catalogue.severalTitle,
    detail: texts.map((text) => `${text.title}\n${text.body}`).join('\n\n'),
    confirm: catalogue.severalConfirm,
    cancel: catalogue.cancel,
  }
}
