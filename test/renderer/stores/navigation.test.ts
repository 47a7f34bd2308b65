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

  it('asks for focus on the opened account only when told to, and hands it over once', () => {
    const navigation = useNavigationStore()
    navigation.go('add-account')
    navigation.openAccount('acc-2', { focus: 'detail' })
    expect(navigation.view).toBe('accounts')
    expect(navigation.selectedAccountId).toBe('acc-2')
    // Pending until the accounts screen takes it, so the shell can leave focus alone meanwhile.
    expect(navigation.focusTarget).toBe('detail')
    expect(navigation.takeFocusTarget()).toBe('detail')
    expect(navigation.focusTarget).toBeUndefined()
    expect(navigation.takeFocusTarget()).toBeUndefined()
    navigation.openAccount('acc-3')
    expect(navigation.takeFocusTarget()).toBeUndefined()
  })

  it('forgets a focus request that was not taken when the person moves on', () => {
    const navigation = useNavigationStore()
    navigation.openAccount('acc-2', { focus: 'detail' })
    navigation.openAccount('acc-4')
    expect(navigation.focusTarget).toBeUndefined()
    navigation.openAccount('acc-2', { focus: 'detail' })
    navigation.go('settings')
    expect(navigation.takeFocusTarget()).toBeUndefined()
    navigation.openAccount(undefined, { focus: 'detail' })
    expect(navigation.focusTarget).toBeUndefined()
  })
})
