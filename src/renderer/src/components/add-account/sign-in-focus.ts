import { storeToRefs } from 'pinia'
import type { Ref } from 'vue'
import { nextTick, watch } from 'vue'
import { useSignInStore } from '../../stores/sign-in'

/**
 * Whether keyboard focus is inside `root`, or nowhere: on the page itself, which is where it lands
 * when the focused control is removed. Focus somewhere else was put there by the person, and is
 * left alone.
 */
export function focusIsWithin(root: HTMLElement | undefined): boolean {
  const active = document.activeElement
  if (active === null || active === document.body) return true
  return root?.contains(active) === true
}

/** Focuses the first of these controls (by test id) that is in `root` and enabled. */
export function focusFirstOf(root: HTMLElement | undefined, testIds: readonly string[]): void {
  for (const testId of testIds) {
    const control = root?.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
    if (control && !(control as HTMLButtonElement).disabled) {
      control.focus()
      return
    }
  }
}

/**
 * Keeps keyboard focus on a sign-in method's controls while its sign-in starts and ends. The
 * button that had focus goes away each time (Start becomes Cancel, Cancel becomes the outcome),
 * and focus would otherwise fall back to the page: after a start it goes to Cancel; after the end,
 * to what comes next (open the new account, switch region, try again, or start again).
 * `startTestId` may be a getter, for a screen whose start button depends on the way chosen.
 */
export function useSignInFocus(
  root: Ref<HTMLElement | undefined>,
  startTestId: string | (() => string),
): void {
  const startId = (): string => (typeof startTestId === 'string' ? startTestId : startTestId())
  const { running, stage } = storeToRefs(useSignInStore())
  // The default ('pre') flush runs before the screen changes, while the old control still has it.
  watch(running, async (isRunning) => {
    if (!focusIsWithin(root.value)) return
    await nextTick()
    if (isRunning) {
      focusFirstOf(root.value, ['cancel-sign-in'])
    } else if (stage.value === 'done') {
      focusFirstOf(root.value, ['sign-in-open-account', startId()])
    } else if (stage.value === 'failed') {
      focusFirstOf(root.value, ['switch-region', 'sign-in-retry', startId()])
    } else {
      focusFirstOf(root.value, [startId()])
    }
  })
}
