import { defineStore } from 'pinia'
import { ref } from 'vue'

export type View = 'accounts' | 'add-account' | 'settings'

/**
 * Where keyboard focus should go once the accounts screen shows the opened account: its heading
 * ('detail'), or its Copy button ('copy'), the main job, for an account just added.
 */
export type FocusTarget = 'detail' | 'copy'

export interface PendingSignIn {
  profileId: string
  /** Begin at once rather than wait for the person to press the method's button. */
  start: boolean
}

/**
 * Which screen the window shows and which account is open. Three screens do not need a router:
 * a store keeps the bundle small and lets any component (the empty state's big button, a finished
 * sign-in) move the person on.
 */
export const useNavigationStore = defineStore('navigation', () => {
  const view = ref<View>('accounts')
  const selectedAccountId = ref<string>()
  /** The app profile the add-account screen should start with ("Sign in again", one-button sign-in). */
  const pendingSignIn = ref<PendingSignIn>()
  /**
   * Set by `openAccount(id, { focus })` until the accounts screen takes it: the screen then puts
   * focus there (the opened account's heading) instead of on its own first heading.
   */
  const focusTarget = ref<FocusTarget>()
  /** A way the add-account screen should open on: the console's token, from an empty window. */
  const pendingWay = ref<'paste'>()

  function go(next: View): void {
    // A focus asked for with an earlier `openAccount` belongs to that visit only.
    focusTarget.value = undefined
    view.value = next
  }

  /**
   * Shows the accounts screen with this account open. `focus` asks for keyboard focus on the
   * account's heading or its Copy button, for a person who did not pick it from the list
   * themselves (a sign-in that just finished).
   */
  function openAccount(accountId: string | undefined, options: { focus?: FocusTarget } = {}): void {
    selectedAccountId.value = accountId
    focusTarget.value = accountId === undefined ? undefined : options.focus
    view.value = 'accounts'
  }

  /** The accounts screen takes the pending focus target once. */
  function takeFocusTarget(): FocusTarget | undefined {
    const target = focusTarget.value
    focusTarget.value = undefined
    return target
  }

  /**
   * Opens the add-account screen with this profile chosen; `start` also begins the sign-in, for
   * the one button of an empty window when the app shipped with its Coze app.
   */
  function signInWith(profileId: string | undefined, options: { start?: boolean } = {}): void {
    pendingSignIn.value =
      profileId === undefined ? undefined : { profileId, start: options.start === true }
    view.value = 'add-account'
  }

  /**
   * Opens the add-account screen on the console-token way, for an empty window whose app came
   * without a Coze app: the shortest real path in.
   */
  function useConsoleToken(): void {
    pendingSignIn.value = undefined
    pendingWay.value = 'paste'
    view.value = 'add-account'
  }

  /** The add-account screen takes the pending way once. */
  function takePendingWay(): 'paste' | undefined {
    const way = pendingWay.value
    pendingWay.value = undefined
    return way
  }

  /** The add-account screen takes the pending sign-in once. */
  function takePendingSignIn(): PendingSignIn | undefined {
    const pending = pendingSignIn.value
    pendingSignIn.value = undefined
    return pending
  }

  return {
    view,
    selectedAccountId,
    focusTarget,
    go,
    openAccount,
    takeFocusTarget,
    signInWith,
    takePendingSignIn,
    useConsoleToken,
    takePendingWay,
  }
})
