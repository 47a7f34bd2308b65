// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummaryView } from '../../../../src/shared/ipc-contract'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { failure, ok } from '../../stores/helpers'
import type { SettingsHarness } from './settings-harness'
import { byTestId, createSettingsHarness } from './settings-harness'

let harness: SettingsHarness

beforeEach(() => {
  setLocale('en')
  harness = createSettingsHarness()
  harness.api.answers.exportAccounts = (request) => {
    const { passphrase } = request as { passphrase?: string }
    return ok({
      path: '/home/ada/coze-accounts-2026-11-25.json',
      encrypted: passphrase !== undefined,
    })
  }
})

afterEach(() => {
  setLocale('en')
})

async function mountView(host?: 'browser'): Promise<VueWrapper> {
  if (host) {
    const answer = harness.api.answers.exportAccounts
    harness = createSettingsHarness(host)
    harness.api.answers.exportAccounts = answer
  }
  return harness.mountView()
}

async function click(view: VueWrapper, id: string): Promise<void> {
  await byTestId(view, id).trigger('click')
  await flushPromises()
}

const summary: ImportSummaryView = {
  accounts: 3,
  profiles: 1,
  accountsNeedingSignIn: 2,
  skipped: [
    { kind: 'account', id: 'acc-9', reason: 'already here' },
    { kind: 'profile', id: 'prof-2', reason: 'The client ID is missing.' },
  ],
}

describe('SettingsView: export', () => {
  it('exports the metadata only without a passphrase, and says so', async () => {
    const view = await mountView()
    await click(view, 'settings-export')
    expect(harness.requests('exportAccounts')).toEqual([{}])
    const result = byTestId(view, 'settings-export-result')
    expect(result.attributes('role')).toBe('status')
    expect(result.text()).toBe(
      'Saved to /home/ada/coze-accounts-2026-11-25.json. It holds no tokens.',
    )
  })

  it('sends the passphrase, says the file is encrypted, and forgets the passphrase', async () => {
    const view = await mountView()
    const field = byTestId(view, 'settings-export-passphrase')
    expect(field.attributes('type')).toBe('password')
    await field.setValue('correct horse battery')
    await click(view, 'settings-export')
    expect(harness.requests('exportAccounts')).toEqual([{ passphrase: 'correct horse battery' }])
    expect(byTestId(view, 'settings-export-result').text()).toContain(
      'encrypted and holds your tokens',
    )
    expect((field.element as HTMLInputElement).value).toBe('')
  })

  it('refuses a passphrase shorter than 10 characters without asking main', async () => {
    const view = await mountView()
    await byTestId(view, 'settings-export-passphrase').setValue('short')
    await click(view, 'settings-export')
    expect(harness.requests('exportAccounts')).toEqual([])
    expect(byTestId(view, 'settings-export-passphrase-invalid').text()).toContain('10 characters')
    expect(byTestId(view, 'settings-export-passphrase').attributes('aria-invalid')).toBe('true')
  })

  it('says when the save dialog was cancelled, and shows a failure', async () => {
    const view = await mountView()
    harness.api.answers.exportAccounts = () => ok({ cancelled: true })
    await click(view, 'settings-export')
    expect(byTestId(view, 'settings-export-result').text()).toContain('cancelled')
    harness.api.answers.exportAccounts = () => failure('STORE_FAILED')
    await click(view, 'settings-export')
    expect(byTestId(view, 'settings-export-result').text()).toBe('')
    expect(byTestId(view, 'error-notice').attributes('data-code')).toBe('STORE_FAILED')
  })
})

describe('SettingsView: import', () => {
  it('uses the desktop dialog, then imports with the passphrase and shows the summary', async () => {
    harness.api.answers.chooseFile = () => ok({ fileId: 'file-1', name: 'coze-accounts.json' })
    harness.api.answers.importAccounts = () => ok(structuredClone(summary))
    const view = await mountView()
    expect(view.find('[data-testid="settings-import-path"]').exists()).toBe(false)
    await byTestId(view, 'settings-import-passphrase').setValue('correct horse battery')
    await click(view, 'settings-import')
    expect(harness.requests('chooseFile')).toEqual([{ purpose: 'import' }])
    expect(harness.requests('importAccounts')).toEqual([
      { fileId: 'file-1', passphrase: 'correct horse battery' },
    ])
    const result = byTestId(view, 'settings-import-result')
    expect(result.text()).toContain('Imported from coze-accounts.json.')
    expect(byTestId(view, 'settings-import-accounts').text()).toBe('Accounts added: 3')
    expect(byTestId(view, 'settings-import-profiles').text()).toBe('App profiles added: 1')
    expect(result.text()).toContain('Accounts that need you to sign in again: 2')
    const skipped = byTestId(view, 'settings-import-skipped')
      .findAll('li')
      .map((li) => li.text())
    expect(skipped).toEqual([
      'Account acc-9: it is already here',
      'App profile prof-2: The client ID is missing.',
    ])
    expect((byTestId(view, 'settings-import-passphrase').element as HTMLInputElement).value).toBe(
      '',
    )
  })

  it('stops when the dialog is cancelled', async () => {
    harness.api.answers.chooseFile = () => ok({ cancelled: true })
    const view = await mountView()
    await click(view, 'settings-import')
    expect(harness.requests('importAccounts')).toEqual([])
    expect(byTestId(view, 'settings-import-result').text()).toBe('The import was cancelled.')
  })

  it('asks for a typed path in the browser host and sends it to main', async () => {
    const view = await mountView('browser')
    harness.api.answers.chooseFile = (request) =>
      ok({
        fileId: 'file-2',
        name: String((request as { path: string }).path)
          .split('/')
          .pop()!,
      })
    harness.api.answers.importAccounts = () =>
      ok({ accounts: 1, profiles: 0, accountsNeedingSignIn: 0, skipped: [] })
    await click(view, 'settings-import')
    expect(harness.requests('chooseFile')).toEqual([])
    expect(byTestId(view, 'settings-import-path').attributes('aria-invalid')).toBe('true')

    await byTestId(view, 'settings-import-path').setValue(' /tmp/moved/export.json ')
    await click(view, 'settings-import')
    expect(harness.requests('chooseFile')).toEqual([
      { purpose: 'import', path: '/tmp/moved/export.json' },
    ])
    // No passphrase typed: none is sent.
    expect(harness.requests('importAccounts')).toEqual([{ fileId: 'file-2' }])
    expect(byTestId(view, 'settings-import-result').text()).toContain('export.json')
  })

  it('shows a refused import with what to do, by the reason main gave', async () => {
    const english = 'This export is encrypted: enter the passphrase it was saved with.'
    harness.api.answers.chooseFile = () => ok({ fileId: 'file-3', name: 'export.json' })
    harness.api.answers.importAccounts = () => ({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: english,
        params: { reason: 'passphrase-required' },
      },
    })
    const view = await mountView()
    await click(view, 'settings-import')
    const notice = byTestId(view, 'error-notice')
    expect(notice.attributes('data-code')).toBe('INVALID_ARGUMENT')
    expect(notice.get('.error-title').text()).toBe('This export is encrypted')
    expect(notice.get('.error-next').text()).toContain('Enter the passphrase it was saved with')
    expect(notice.get('details').text()).toContain(english)
    expect(byTestId(view, 'settings-import-result').text()).toBe('')
  })

  it("keeps main's English out of a Chinese window, even without a reason", async () => {
    setLocale('zh-CN')
    const english = 'This file is not an export of Coze Auth Companion (it is not JSON).'
    harness.api.answers.chooseFile = () => ok({ fileId: 'file-4', name: 'notes.txt' })
    harness.api.answers.importAccounts = () => failure('INVALID_ARGUMENT', english)
    const view = await mountView()
    await click(view, 'settings-import')
    const notice = byTestId(view, 'error-notice')
    const shown = `${notice.get('.error-title').text()} ${notice.get('.error-next').text()}`
    expect(shown).toMatch(/\p{Script=Han}/u)
    expect(shown).not.toContain('export')
    const outsideDetails = notice.findAll(':scope > :not(details)').map((part) => part.text())
    expect(outsideDetails.join(' ')).not.toContain(english)
  })
})
