// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { failure } from '../../stores/helpers'
import type { SettingsHarness } from './settings-harness'
import { byTestId, createSettingsHarness } from './settings-harness'

let harness: SettingsHarness

beforeEach(() => {
  setLocale('en')
  harness = createSettingsHarness()
})

function storageLoads(): number {
  return harness.requests('getStorageStatus').length
}

describe('SettingsView: where secrets are stored', () => {
  it.each([
    ['safe-storage', true, true, "system's protection"],
    ['keychain', true, true, 'keychain'],
    ['memory', false, false, 'lost when the app quits'],
    ['plaintext', true, false, 'Unencrypted'],
  ] as const)('says in plain words what %s means', async (kind, persisted, encrypted, words) => {
    harness.storage = { secrets: { kind, persisted, encrypted }, accountsNeedingSignIn: 0 }
    const view = await harness.mountView()
    const current = byTestId(view, 'settings-storage-current')
    expect(current.attributes('data-kind')).toBe(kind)
    expect(current.text()).toContain(words)
  })

  it('shows why the preferred storage did not work, with the error notice', async () => {
    harness.storage = {
      secrets: {
        kind: 'safe-storage',
        persisted: true,
        encrypted: true,
        problem: { code: 'KEYCHAIN_LOCKED', message: 'The keychain is locked.' },
      },
      accountsNeedingSignIn: 0,
    }
    const view = await harness.mountView()
    expect(byTestId(view, 'error-notice').attributes('data-code')).toBe('KEYCHAIN_LOCKED')
  })

  it('does not call the missing system encryption a failure in the browser host', async () => {
    harness = createSettingsHarness('browser')
    harness.storage = {
      secrets: {
        kind: 'keychain',
        persisted: true,
        encrypted: true,
        problem: { code: 'SAFE_STORAGE_UNAVAILABLE', message: 'No safeStorage here.' },
      },
      accountsNeedingSignIn: 0,
    }
    const view = await harness.mountView()
    expect(view.find('[data-testid="error-notice"]').exists()).toBe(false)
    // What is in use is said once; a preference that cannot apply here is not offered.
    expect(byTestId(view, 'settings-storage-current').text()).toBe(
      "Encrypted, in your system's keychain.",
    )
    expect(view.find('[data-testid="settings-secret-storage"]').exists()).toBe(false)
    expect(view.text()).not.toContain('System encryption')
    expect(view.text().match(/keychain/gi)).toHaveLength(1)
  })

  it('sends the preferred storage and reads the status again', async () => {
    const view = await harness.mountView()
    const before = storageLoads()
    await byTestId(view, 'settings-secret-storage').setValue('keychain')
    await flushPromises()
    expect(harness.requests('updateSettings')).toEqual([{ secretStorage: 'keychain' }])
    expect(storageLoads()).toBe(before + 1)
    expect(byTestId(view, 'settings-storage-restart').text()).toContain('next time the app starts')
  })

  it("shows main's question before allowing unencrypted secrets; no changes nothing", async () => {
    harness.mainAsks = true
    const view = await harness.mountView()
    const box = byTestId(view, 'settings-allow-plaintext')
    // A click focuses the box first; the question hands focus back to it.
    ;(box.element as HTMLInputElement).focus()
    await box.setValue(true)
    await flushPromises()
    const dialog = byTestId(view, 'weakening-confirm')
    expect(dialog.attributes('data-kinds')).toBe('plaintext-secrets-allowed')
    expect(dialog.text()).toContain('plain text')
    expect(dialog.text()).toContain('you alone use')
    // Main refused the change until the person answers; the box shows what is in force.
    expect((box.element as HTMLInputElement).checked).toBe(false)
    expect(harness.requests('updateSettings')).toEqual([{ allowPlaintextSecrets: true }])
    // The safe answer has focus, so Enter alone does not agree.
    expect(document.activeElement).toBe(byTestId(view, 'weakening-confirm-no').element)

    await byTestId(view, 'weakening-confirm-no').trigger('click')
    await flushPromises()
    expect(view.find('[data-testid="weakening-confirm"]').exists()).toBe(false)
    expect((box.element as HTMLInputElement).checked).toBe(false)
    expect(harness.requests('updateSettings')).toHaveLength(1)
    expect(harness.stored.allowPlaintextSecrets).toBe(false)
    expect(view.find('[data-testid="settings-plaintext-warning"]').exists()).toBe(false)
    // A "no" is an answer, not an error to show.
    expect(view.find('[data-testid="error-notice"]').exists()).toBe(false)
    expect(document.activeElement).toBe(box.element)
  })

  it('treats Escape in the question as no', async () => {
    harness.mainAsks = true
    const view = await harness.mountView()
    await byTestId(view, 'settings-allow-plaintext').setValue(true)
    await flushPromises()
    await byTestId(view, 'weakening-confirm').trigger('cancel')
    await flushPromises()
    expect(view.find('[data-testid="weakening-confirm"]').exists()).toBe(false)
    expect(harness.requests('updateSettings')).toHaveLength(1)
    expect(harness.stored.allowPlaintextSecrets).toBe(false)
  })

  it("allows unencrypted secrets once confirmed, sending main's token back, and warns", async () => {
    harness.mainAsks = true
    const view = await harness.mountView()
    const before = storageLoads()
    await byTestId(view, 'settings-allow-plaintext').setValue(true)
    await flushPromises()
    await byTestId(view, 'weakening-confirm-yes').trigger('click')
    await flushPromises()
    expect(harness.requests('updateSettings')).toEqual([
      { allowPlaintextSecrets: true },
      { allowPlaintextSecrets: true, confirmationToken: harness.issuedTokens[0] },
    ])
    expect(harness.stored.allowPlaintextSecrets).toBe(true)
    expect(storageLoads()).toBe(before + 1)
    expect((byTestId(view, 'settings-allow-plaintext').element as HTMLInputElement).checked).toBe(
      true,
    )
    const warning = byTestId(view, 'settings-plaintext-warning')
    expect(warning.text()).toContain('anyone who can read your files')
    expect(byTestId(view, 'settings-allow-plaintext').attributes('aria-describedby')).toContain(
      warning.attributes('id'),
    )
  })

  it('asks before moving secrets out of the keychain, and keeps the keychain on no', async () => {
    harness.mainAsks = true
    harness.stored.secretStorage = 'keychain'
    const view = await harness.mountView()
    const select = byTestId(view, 'settings-secret-storage')
    await select.setValue('safe-storage')
    await flushPromises()
    expect(byTestId(view, 'weakening-confirm').text()).toContain('keychain')
    await byTestId(view, 'weakening-confirm-no').trigger('click')
    await flushPromises()
    expect((select.element as HTMLSelectElement).value).toBe('keychain')
    expect(harness.stored.secretStorage).toBe('keychain')
    // Back into the keychain strengthens: no question.
    await select.setValue('safe-storage')
    await flushPromises()
    await byTestId(view, 'weakening-confirm-yes').trigger('click')
    await flushPromises()
    expect(harness.stored.secretStorage).toBe('safe-storage')
    await select.setValue('keychain')
    await flushPromises()
    expect(view.find('[data-testid="weakening-confirm"]').exists()).toBe(false)
    expect(harness.stored.secretStorage).toBe('keychain')
  })

  it('turns the opt-in off without asking', async () => {
    harness.stored.allowPlaintextSecrets = true
    const view = await harness.mountView()
    expect(view.find('[data-testid="settings-plaintext-warning"]').exists()).toBe(true)
    await byTestId(view, 'settings-allow-plaintext').setValue(false)
    await flushPromises()
    expect(view.find('[data-testid="weakening-confirm"]').exists()).toBe(false)
    expect(harness.requests('updateSettings')).toEqual([{ allowPlaintextSecrets: false }])
    expect(view.find('[data-testid="settings-plaintext-warning"]').exists()).toBe(false)
  })

  it('warns loudest when secrets are unencrypted right now', async () => {
    harness.stored.allowPlaintextSecrets = true
    harness.storage = {
      secrets: { kind: 'plaintext', persisted: true, encrypted: false },
      accountsNeedingSignIn: 0,
    }
    const view = await harness.mountView()
    expect(byTestId(view, 'settings-plaintext-warning').text()).toContain('unencrypted right now')
  })

  it('keeps the opt-in off when main refuses it', async () => {
    const view = await harness.mountView()
    harness.api.answers.updateSettings = () => failure('STORE_FAILED')
    await byTestId(view, 'settings-allow-plaintext').setValue(true)
    await flushPromises()
    expect((byTestId(view, 'settings-allow-plaintext').element as HTMLInputElement).checked).toBe(
      false,
    )
    expect(view.find('[data-testid="settings-plaintext-warning"]').exists()).toBe(false)
    expect(byTestId(view, 'error-notice').attributes('data-code')).toBe('STORE_FAILED')
  })
})
