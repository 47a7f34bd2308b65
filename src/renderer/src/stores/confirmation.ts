import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ConfirmationChallenge } from '../../../shared/confirmation'

/**
 * The question main is asking right now about a weakened protection (browser host), and the
 * person's answer. The bridge asks through `ask`; the window's one dialog shows `pending` and
 * answers. The token stays with the bridge's resend: the dialog only words the question.
 */
export const useConfirmationStore = defineStore('confirmation', () => {
  const pending = ref<ConfirmationChallenge>()
  let settle: ((agreed: boolean) => void) | undefined

  /** Shows the question; resolves true when the person agreed. */
  function ask(challenge: ConfirmationChallenge): Promise<boolean> {
    // One question at a time: a newer one replaces an open one, which counts as declined.
    settle?.(false)
    pending.value = challenge
    return new Promise<boolean>((resolve) => {
      settle = resolve
    })
  }

  function answer(agreed: boolean): void {
    const done = settle
    settle = undefined
    pending.value = undefined
    done?.(agreed)
  }

  return { pending, ask, answer }
})
