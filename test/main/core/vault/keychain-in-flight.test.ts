/**
 * What a process waits for before it exits (`keychainWorkSettled`), in a file of its own: the
 * timeout tests elsewhere leave calls that never end in flight on purpose, and those are shared by
 * everything in a module's process.
 */
import { describe, expect, it } from 'vitest'
import type { KeyringBinding } from '../../../../src/main/core/vault/keychain-vault'
import {
  KeychainVault,
  keychainWorkSettled,
  probeKeychain,
} from '../../../../src/main/core/vault/keychain-vault'
import { drainMicrotasks } from '../../../support/microtasks'

describe('keychain work in flight', () => {
  it('is settled only once every call and every probe under way has ended', async () => {
    // Calls that answer only when told: a process that exits before then would cut them off.
    const answers: (() => void)[] = []
    const later = <T>(value: T): Promise<T> =>
      new Promise((resolve) => answers.push(() => resolve(value)))
    const keyring: KeyringBinding = {
      createEntry: () => ({
        getPassword: () => later('probe-value'),
        setPassword: () => later(undefined),
        deletePassword: () => later(true),
      }),
      findCredentials: () => later([]),
    }
    const events: string[] = []
    const vault = new KeychainVault({ keyring })
    void vault.findCredentials('s').then(() => events.push('find'))
    const probe = probeKeychain({ keyring }).then(() => events.push('probe'))
    const settled = keychainWorkSettled().then(() => events.push('settled'))
    // The probe's steps come one after another: between two, it is still under way.
    while (events.length < 2) {
      await drainMicrotasks()
      answers.shift()?.()
      await drainMicrotasks()
    }
    await probe
    await settled
    expect(events.at(-1)).toBe('settled')
    expect(events).toContain('find')
    expect(events).toContain('probe')
    // With nothing in flight, it answers at once.
    await keychainWorkSettled()
  })
})
