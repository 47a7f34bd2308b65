// @vitest-environment happy-dom
/**
 * The window's one question before a protection is weakened: the bridge shows it whenever main
 * answers CONFIRMATION_REQUIRED, says the consequence in the reader's language, and sends the same
 * request back with main's token only on "confirm".
 */
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import type { ConfirmationChallenge } from '../../../../src/shared/confirmation'
import type { Result } from '../../../../src/shared/errors'
import { installApi, useApi } from '../../../../src/renderer/src/api/bridge'
import WeakeningConfirmDialog from '../../../../src/renderer/src/components/common/WeakeningConfirmDialog.vue'
import { setLocale } from '../../../../src/renderer/src/i18n'
import type { FakeApi } from '../../fake-api'
import { createFakeApi } from '../../fake-api'
import { ok } from '../../stores/helpers'
import { byTestId, createSettingsHarness } from '../settings/settings-harness'

beforeEach(() => {
  setLocale('en')
})

afterEach(() => {
  setLocale('en')
})

function required(challenge: Omit<ConfirmationChallenge, 'expiresAt'>): Result<never> {
  return {
    ok: false,
    error: {
      code: 'CONFIRMATION_REQUIRED',
      message: 'Confirm it.',
      confirmation: { ...challenge, expiresAt: 0 },
    },
  }
}

const exportChallenge = (token: string): Omit<ConfirmationChallenge, 'expiresAt'> => ({
  operation: 'exportAccounts',
  weakenings: [{ kind: 'export-with-tokens' }],
  token,
})

/** A fake main whose export asks once per token, and the dialog mounted as App.vue mounts it. */
function mountDialog(): { api: FakeApi; dialog: VueWrapper } {
  const pinia = createPinia()
  setActivePinia(pinia)
  const api = createFakeApi()
  installApi(api)
  const dialog = mount(WeakeningConfirmDialog, {
    attachTo: document.body,
    global: { plugins: [pinia] },
  })
  onTestFinished(() => dialog.unmount())
  return { api, dialog }
}

function byId(id: string): HTMLElement | null {
  return document.querySelector(`[data-testid="${id}"]`)
}

describe('turning clipboard clearing off (settings screen)', () => {
  async function typeZero(view: VueWrapper): Promise<void> {
    const field = byTestId(view, 'settings-clipboard-delay')
    await field.setValue('0')
    await field.trigger('change')
    await flushPromises()
  }

  it('says how long the clipboard is kept now; cancel leaves clearing on', async () => {
    const harness = createSettingsHarness('browser')
    harness.mainAsks = true
    const view = await harness.mountView()
    await typeZero(view)
    const dialog = byTestId(view, 'weakening-confirm')
    expect(dialog.attributes('data-kinds')).toBe('clipboard-clearing-off')
    expect(dialog.text()).toContain('after 30 seconds')
    expect(byTestId(view, 'weakening-confirm-yes').text()).toBe('Stop clearing')
    await byTestId(view, 'weakening-confirm-no').trigger('click')
    await flushPromises()
    expect(harness.stored.clipboardClearSeconds).toBe(30)
    expect(harness.requests('updateSettings')).toEqual([{ clipboardClearSeconds: 0 }])
    // The field goes back to what is in force, with no error and no "Saved".
    expect((byTestId(view, 'settings-clipboard-delay').element as HTMLInputElement).value).toBe(
      '30',
    )
    expect(view.find('[data-testid="error-notice"]').exists()).toBe(false)
    expect(byTestId(view, 'settings-saved').text()).toBe('')
  })

  it('turns it off on confirm, with the token main issued for that change', async () => {
    const harness = createSettingsHarness('browser')
    harness.mainAsks = true
    const view = await harness.mountView()
    await typeZero(view)
    await byTestId(view, 'weakening-confirm-yes').trigger('click')
    await flushPromises()
    expect(harness.stored.clipboardClearSeconds).toBe(0)
    expect(harness.requests('updateSettings')).toEqual([
      { clipboardClearSeconds: 0 },
      { clipboardClearSeconds: 0, confirmationToken: 'token-1' },
    ])
    expect(view.find('[data-testid="weakening-confirm"]').exists()).toBe(false)
    expect(byTestId(view, 'settings-saved').text()).toBe('Saved')
  })

  it('asks in Chinese for a Chinese reader', async () => {
    setLocale('zh-CN')
    const harness = createSettingsHarness('browser')
    harness.mainAsks = true
    const view = await harness.mountView()
    await typeZero(view)
    const dialog = byTestId(view, 'weakening-confirm')
    expect(dialog.text()).toContain('不再自动清除剪贴板中的令牌？')
    expect(dialog.text()).toContain('30 秒')
    expect(byTestId(view, 'weakening-confirm-yes').text()).toBe('不再清除')
    expect(byTestId(view, 'weakening-confirm-no').text()).toBe('取消')
  })
})

describe('exporting with tokens (settings screen)', () => {
  it('asks, and a no is said like a cancelled export', async () => {
    const harness = createSettingsHarness('browser')
    const tokens: unknown[] = []
    harness.api.answers.exportAccounts = (request) => {
      const { confirmationToken } = request as { confirmationToken?: string }
      tokens.push(confirmationToken)
      if (confirmationToken !== 'export-1') return required(exportChallenge('export-1'))
      return ok({ path: '/data/exports/a.json', encrypted: true })
    }
    const view = await harness.mountView()
    await byTestId(view, 'settings-export-passphrase').setValue('correct horse battery')
    await byTestId(view, 'settings-export').trigger('click')
    await flushPromises()
    expect(byTestId(view, 'weakening-confirm').text()).toContain('tokens and keys of every account')
    await byTestId(view, 'weakening-confirm-no').trigger('click')
    await flushPromises()
    expect(byTestId(view, 'settings-export-result').text()).toContain('cancelled')
    expect(tokens).toEqual([undefined])

    await byTestId(view, 'settings-export').trigger('click')
    await flushPromises()
    await byTestId(view, 'weakening-confirm-yes').trigger('click')
    await flushPromises()
    expect(harness.requests('exportAccounts').at(-1)).toEqual({
      passphrase: 'correct horse battery',
      confirmationToken: 'export-1',
    })
    expect(byTestId(view, 'settings-export-result').text()).toContain('/data/exports/a.json')
  })
})

describe('the bridge and the dialog', () => {
  it('names each protection when one change weakens several', async () => {
    const { api } = mountDialog()
    api.answers.updateSettings = () =>
      required({
        operation: 'updateSettings',
        weakenings: [
          { kind: 'clipboard-clearing-off', params: { seconds: 45 } },
          { kind: 'plaintext-secrets-allowed' },
        ],
        token: 't',
      })
    const pending = useApi().updateSettings({
      clipboardClearSeconds: 0,
      allowPlaintextSecrets: true,
    })
    await flushPromises()
    const dialog = byId('weakening-confirm')
    expect(dialog?.querySelector('h2')?.textContent).toBe('Weaken these protections?')
    expect([...(dialog?.querySelectorAll('h3') ?? [])].map((h) => h.textContent)).toEqual([
      'Stop clearing copied tokens from the clipboard?',
      'Store secrets unencrypted?',
    ])
    expect(dialog?.textContent).toContain('after 45 seconds')
    byId('weakening-confirm-no')?.click()
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
  })

  it('asks again when main answers the confirmed request with a new question (a stale token)', async () => {
    const { api } = mountDialog()
    let round = 0
    api.answers.exportAccounts = (request) => {
      round += 1
      const { confirmationToken } = request as { confirmationToken?: string }
      return confirmationToken === 'fresh'
        ? ok({ path: '/x.json', encrypted: true })
        : required(exportChallenge(round === 1 ? 'stale' : 'fresh'))
    }
    const pending = useApi().exportAccounts({ passphrase: 'correct horse battery' })
    await flushPromises()
    byId('weakening-confirm-yes')?.click()
    await flushPromises()
    expect(byId('weakening-confirm')).not.toBeNull()
    byId('weakening-confirm-yes')?.click()
    await expect(pending).resolves.toEqual({
      ok: true,
      value: { path: '/x.json', encrypted: true },
    })
    expect(api.calls.map((call) => call.request)).toEqual([
      { passphrase: 'correct horse battery' },
      { passphrase: 'correct horse battery', confirmationToken: 'stale' },
      { passphrase: 'correct horse battery', confirmationToken: 'fresh' },
    ])
  })

  it('never resends for a question about another operation, or one it cannot word', async () => {
    const { api } = mountDialog()
    api.answers.updateSettings = () => required(exportChallenge('for-export'))
    const misdirected = await useApi().updateSettings({ clipboardClearSeconds: 0 })
    expect(misdirected).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } })
    api.answers.updateSettings = () => ({
      ok: false,
      error: {
        code: 'CONFIRMATION_REQUIRED',
        message: 'Confirm it.',
        confirmation: {
          operation: 'updateSettings',
          weakenings: [{ kind: 'something-new' }],
          token: 't',
          expiresAt: 0,
        } as unknown as ConfirmationChallenge,
      },
    })
    const unknown = await useApi().updateSettings({ clipboardClearSeconds: 0 })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } })
    expect(byId('weakening-confirm')).toBeNull()
    expect(api.calls).toHaveLength(2)
  })

  it('passes the question through as an error when no dialog is there to ask', async () => {
    setActivePinia(createPinia())
    const api = createFakeApi()
    installApi(api)
    api.answers.exportAccounts = () => required(exportChallenge('t'))
    const result = await useApi().exportAccounts({ passphrase: 'correct horse battery' })
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } })
    expect(api.calls).toHaveLength(1)
  })
})
