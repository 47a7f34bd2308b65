import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { StorageStatus } from '../../../src/shared/ipc-contract'
import { installApi } from '../../../src/renderer/src/api/bridge'
import { useStorageStore } from '../../../src/renderer/src/stores/storage'
import type { FakeApi } from '../fake-api'
import { createFakeApi } from '../fake-api'
import { failure, ok } from './helpers'

let api: FakeApi

beforeEach(() => {
  setActivePinia(createPinia())
  api = createFakeApi()
  installApi(api)
})

function answer(status: StorageStatus): void {
  api.answers.getStorageStatus = () => ok(structuredClone(status))
}

describe('useStorageStore', () => {
  it('needs no attention for an encrypted, persisted store', async () => {
    const store = useStorageStore()
    await store.load()
    expect(store.status?.secrets.kind).toBe('keychain')
    expect(store.warning).toBeUndefined()
    expect(store.needsAttention).toBe(false)
    expect(store.loaded).toBe(true)
  })

  it('warns about secrets kept only in memory', async () => {
    answer({
      secrets: {
        kind: 'memory',
        persisted: false,
        encrypted: false,
        warning: 'Accounts are lost on quit.',
      },
      accountsNeedingSignIn: 0,
    })
    const store = useStorageStore()
    await store.load()
    expect(store.warning).toEqual({ kind: 'memory', message: 'Accounts are lost on quit.' })
    expect(store.needsAttention).toBe(true)
  })

  it('warns about plain text secrets even without a message from main', async () => {
    answer({
      secrets: { kind: 'plaintext', persisted: true, encrypted: false },
      accountsNeedingSignIn: 0,
    })
    const store = useStorageStore()
    await store.load()
    expect(store.warning).toEqual({ kind: 'plaintext' })
  })

  it('needs attention for lost tokens, a problem or a repair, without a warning', async () => {
    const store = useStorageStore()
    const safe = { kind: 'safe-storage', persisted: true, encrypted: true } as const
    for (const status of [
      { secrets: safe, accountsNeedingSignIn: 2 },
      {
        secrets: { ...safe, problem: { code: 'KEYCHAIN_LOCKED', message: 'Locked.' } },
        accountsNeedingSignIn: 0,
      },
      {
        secrets: safe,
        recovery: { restoredFromBackup: true, setAside: 0 },
        accountsNeedingSignIn: 0,
      },
    ]) {
      answer(status)
      await store.load()
      expect(store.warning).toBeUndefined()
      expect(store.needsAttention).toBe(true)
    }
  })

  it('keeps the last status and needs attention when a load fails', async () => {
    const store = useStorageStore()
    await store.load()
    api.answers.getStorageStatus = () => failure('VAULT_FILE_FAILED')
    await store.load()
    expect(store.error?.code).toBe('VAULT_FILE_FAILED')
    expect(store.status?.secrets.kind).toBe('keychain')
    expect(store.needsAttention).toBe(true)
  })

  it('reloads when the accounts change, since lost tokens may have been restored', async () => {
    answer({
      secrets: { kind: 'keychain', persisted: true, encrypted: true },
      accountsNeedingSignIn: 1,
    })
    const store = useStorageStore()
    await store.load()
    expect(store.needsAttention).toBe(true)
    answer({
      secrets: { kind: 'keychain', persisted: true, encrypted: true },
      accountsNeedingSignIn: 0,
    })
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    expect(store.status?.accountsNeedingSignIn).toBe(0)
    expect(store.needsAttention).toBe(false)
    expect(api.calls.filter((call) => call.operation === 'getStorageStatus')).toHaveLength(2)
  })
})
