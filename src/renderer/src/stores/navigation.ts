import { defineStore } from 'pinia'
import { ref } from 'vue'

export type View = 'accounts' | 'add-account' | 'settings'

/**
 * Which screen the window shows and which account is open. Three screens do not need a router:
 * a store keeps the bundle small and lets any component (the empty state's big button, a finished
 * sign-in) move the person on.
 */
export const useNavigationStore = defineStore('navigation', () => {
  const view = ref<View>('accounts')
  const selectedAccountId = ref<string>()
  /** The app profile the add-account screen should start with ("Sign in again"). */
  const pendingProfileId = ref<string>()

  function go(next: View): void {
    view.value = next
  }

  /** Shows the accounts screen with this account open. */
  function openAccount(accountId: string | undefined): void {
    selectedAccountId.value = accountId
    view.value = 'accounts'
  }

  /** Opens the add-account screen with this profile chosen: the same app signs the person in again. */
  function signInAgain(profileId: string | undefined): void {
    pendingProfileId.value = profileId
    view.value = 'add-account'
  }

  /** The add-account screen takes the pending profile once. */
  function takePendingProfile(): string | undefined {
    const profileId = pendingProfileId.value
    pendingProfileId.value = undefined
    return profileId
  }

  return { view, selectedAccountId, go, openAccount, signInAgain, takePendingProfile }
})
