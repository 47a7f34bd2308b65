/**
 * The desktop app's native confirmation of a weakened protection, in the window's own wording
 * (src/shared/confirmation-texts.ts), put together the way a native message box shows it.
 */
import type { ConfirmationRequest } from '../../shared/confirmation'
import {
  enConfirmation,
  sharedComputerRisks,
  weakeningTextKeys,
  zhConfirmation,
} from '../../shared/confirmation-texts'
import type { Locale } from '../../shared/i18n'
import { fillTemplate } from '../../shared/i18n'

const catalogues = { en: enConfirmation, 'zh-CN': zhConfirmation }
const cancelLabels: Record<Locale, string> = { en: 'Cancel', 'zh-CN': '取消' }

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
  const catalogue: Record<keyof typeof enConfirmation, string> =
    catalogues[locale] ?? enConfirmation
  const texts = request.weakenings.map((weakening) => {
    const keys = weakeningTextKeys[weakening.kind]
    return {
      title: catalogue[keys.title],
      body: fillTemplate(catalogue[keys.body], weakening.params),
      confirm: catalogue[keys.confirm],
    }
  })
  const advice = request.weakenings.some((weakening) =>
    sharedComputerRisks.includes(weakening.kind),
  )
    ? `\n\n${catalogue.weakeningAdvice}`
    : ''
  const cancel = cancelLabels[locale] ?? cancelLabels.en
  const [only] = texts
  if (texts.length === 1 && only) {
    return { title: only.title, detail: only.body + advice, confirm: only.confirm, cancel }
  }
  return {
    title: catalogue.weakeningSeveralTitle,
    detail: texts.map((text) => `${text.title}\n${text.body}`).join('\n\n') + advice,
    confirm: catalogue.weakeningSeveralConfirm,
    cancel,
  }
}
