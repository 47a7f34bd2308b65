import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useNavigationStore } from '../../../src/renderer/src/stores/navigation'

describe('useNavigationStore', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('starts on the accounts screen with nothing open', () => {
    const navigation = useNavigationStore()
    expect(navigation.view).toBe('accounts')
    expect(navigation.selectedAccountId).toBeUndefined()
  })

  it('opening an account from another screen returns to the accounts screen', () => {
    const navigation = useNavigationStore()
    navigation.go('add-account')
    navigation.openAccount('acc-1')
    expect(navigation.view).toBe('accounts')
    expect(navigation.selectedAccountId).toBe('acc-1')
    navigation.go('settings')
    expect(navigation.selectedAccountId).toBe('acc-1')
  })

  it('hands a pending sign-in profile to the add-account screen once', () => {
    const navigation = useNavigationStore()
    navigation.signInWith('profile-1', { start: true })
    expect(navigation.view).toBe('add-account')
    expect(navigation.takePendingSignIn()).toEqual({ profileId: 'profile-1', start: true })
    expect(navigation.takePendingSignIn()).toBeUndefined()
    navigation.signInWith(undefined)
    expect(navigation.takePendingSignIn()).toBeUndefined()
  })
})
