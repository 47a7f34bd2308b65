import { defineStore } from 'pinia'
import { ref } from 'vue'

export type View = 'accounts' | 'add-account' | 'settings'

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

  function go(next: View): void {
    view.value = next
  }

  /** Shows the accounts screen with this account open. */
  function openAccount(accountId: string | undefined): void {
    selectedAccountId.value = accountId
    view.value = 'accounts'
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

  /** The add-account screen takes the pending sign-in once. */
  function takePendingSignIn(): PendingSignIn | undefined {
    const pending = pendingSignIn.value
    pendingSignIn.value = undefined
    return pending
  }

  return { view, selectedAccountId, go, openAccount, signInWith, takePendingSignIn }
})
