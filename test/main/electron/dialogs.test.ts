/**
 * The Electron dialogs adapter against a stand-in for `dialog` (no Electron binary here): what it
 * asks for, that it attaches to a live window only, and how cancelling reads.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  showOpenDialog: vi.fn(),
  showSaveDialog: vi.fn(),
  showMessageBox: vi.fn(),
  getPath: vi.fn((_name: string) => '/home/me/Documents'),
}))

vi.mock('electron', () => ({
  app: { getPath: electron.getPath },
  dialog: {
    showOpenDialog: electron.showOpenDialog,
    showSaveDialog: electron.showSaveDialog,
    showMessageBox: electron.showMessageBox,
  },
}))

const { createElectronDialogs } = await import('../../../src/main/electron/dialogs')
type Window = NonNullable<ReturnType<Parameters<typeof createElectronDialogs>[0]>>

function fakeWindow(destroyed = false): Window {
  return { isDestroyed: () => destroyed } as unknown as Window
}

/** The options a dialog call got, whether or not a window came first. */
function optionsOf(mock: ReturnType<typeof vi.fn>): Record<string, unknown> {
  const call = mock.mock.calls.at(-1) ?? []
  return (call.length === 2 ? call[1] : call[0]) as Record<string, unknown>
}

beforeEach(() => {
  vi.clearAllMocks()
})

describe('chooseFile', () => {
  it('offers PEM files for a private key, modal to the window, and returns the path', async () => {
    const window = fakeWindow()
    electron.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/keys/app.pem'] })
    const dialogs = createElectronDialogs(() => window)

    // A path from the window (a dropped file) only preselects: the dialog's answer counts.
    await expect(dialogs.chooseFile('private-key', '/dropped/elsewhere.pem')).resolves.toBe(
      '/keys/app.pem',
    )
    expect(electron.showOpenDialog.mock.calls[0]?.[0]).toBe(window)
    const options = optionsOf(electron.showOpenDialog)
    expect(options.filters).toEqual([
      { name: 'PEM private key', extensions: ['pem', 'key'] },
      { name: 'All files', extensions: ['*'] },
    ])
    expect(options.properties).toEqual(['openFile', 'dontAddToRecent'])
    expect(options.defaultPath).toBe('/dropped/elsewhere.pem')
  })

  it('opens where the system chooses when the window suggests no file', async () => {
    electron.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] })
    const dialogs = createElectronDialogs(() => fakeWindow())
    await expect(dialogs.chooseFile('profile')).resolves.toBeNull()
    expect(optionsOf(electron.showOpenDialog)).not.toHaveProperty('defaultPath')
  })

  it.each(['profile', 'import'] as const)('offers JSON files for %s', async (purpose) => {
    electron.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/a.json'] })
    await createElectronDialogs(() => undefined).chooseFile(purpose)
    expect(optionsOf(electron.showOpenDialog).filters).toEqual([
      { name: 'JSON', extensions: ['json'] },
      { name: 'All files', extensions: ['*'] },
    ])
  })

  it('reads a cancel, or no file, as null', async () => {
    const dialogs = createElectronDialogs(() => undefined)
    electron.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: ['/ignored'] })
    await expect(dialogs.chooseFile('profile')).resolves.toBeNull()
    electron.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [] })
    await expect(dialogs.chooseFile('profile')).resolves.toBeNull()
  })

  it('stands alone without a window, or when the window is gone', async () => {
    electron.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] })
    await createElectronDialogs(() => undefined).chooseFile('import')
    await createElectronDialogs(() => fakeWindow(true)).chooseFile('import')
    for (const call of electron.showOpenDialog.mock.calls) expect(call).toHaveLength(1)
  })
})

describe('chooseSaveFile', () => {
  it('suggests the name in the documents folder and returns the chosen path', async () => {
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/x/out.json' })
    const dialogs = createElectronDialogs(() => fakeWindow())
    await expect(dialogs.chooseSaveFile('coze-accounts-2026-01-01.json')).resolves.toBe(
      '/x/out.json',
    )
    const options = optionsOf(electron.showSaveDialog)
    expect(options.defaultPath).toMatch(/Documents[\\/]coze-accounts-2026-01-01\.json$/)
    expect(options.filters).toEqual([
      { name: 'JSON', extensions: ['json'] },
      { name: 'All files', extensions: ['*'] },
    ])
    expect(options.properties).toContain('showOverwriteConfirmation')
  })

  it('keeps only the name of a suggestion, and works without a documents folder', async () => {
    electron.getPath.mockImplementationOnce(() => {
      throw new Error('no documents folder')
    })
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/x/out.json' })
    await createElectronDialogs(() => undefined).chooseSaveFile('../../etc/export.json')
    expect(optionsOf(electron.showSaveDialog).defaultPath).toBe('export.json')
  })

  it('reads a cancel, or an empty path, as null', async () => {
    const dialogs = createElectronDialogs(() => undefined)
    electron.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '/ignored' })
    await expect(dialogs.chooseSaveFile('a.json')).resolves.toBeNull()
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '' })
    await expect(dialogs.chooseSaveFile('a.json')).resolves.toBeNull()
  })
})

describe('confirmReveal', () => {
  it('defaults to Cancel and says the token will be on screen', async () => {
    electron.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false })
    const dialogs = createElectronDialogs(() => fakeWindow())
    await expect(dialogs.confirmReveal('R&D')).resolves.toBe(false)
    const options = optionsOf(electron.showMessageBox)
    expect(options.buttons).toEqual(['Show token', 'Cancel'])
    expect(options.defaultId).toBe(1)
    expect(options.cancelId).toBe(1)
    expect(options.message).toContain('R&D')
    expect(options.detail).toMatch(/visible on screen/)
  })

  it('is true only for "Show token"', async () => {
    electron.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false })
    await expect(createElectronDialogs(() => undefined).confirmReveal('a')).resolves.toBe(true)
  })
})

describe('confirmWeakening', () => {
  const clipboardOff = {
    operation: 'updateSettings' as const,
    weakenings: [{ kind: 'clipboard-clearing-off' as const, params: { seconds: 30 } }],
  }

  it("is main's own box, modal to the window, that defaults to keeping the protection", async () => {
    electron.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false })
    const window = fakeWindow()
    const dialogs = createElectronDialogs(() => window)
    await expect(dialogs.confirmWeakening?.(clipboardOff)).resolves.toBe(false)
    expect(electron.showMessageBox.mock.calls.at(-1)?.[0]).toBe(window)
    const options = optionsOf(electron.showMessageBox)
    expect(options.buttons).toEqual(['Stop clearing', 'Cancel'])
    expect(options.defaultId).toBe(1)
    expect(options.cancelId).toBe(1)
    expect(options.detail).toContain('after 30 seconds')
  })

  it('speaks the chosen language, and agrees only on the confirm button', async () => {
    electron.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false })
    const dialogs = createElectronDialogs(
      () => undefined,
      () => 'zh-CN',
    )
    await expect(
      dialogs.confirmWeakening?.({
        operation: 'exportAccounts',
        weakenings: [{ kind: 'export-with-tokens' }],
      }),
    ).resolves.toBe(true)
    const options = optionsOf(electron.showMessageBox)
    expect(options.buttons).toEqual(['导出令牌', '取消'])
    expect(options.message).toBe('导出令牌？')
  })

  it('names every protection a change weakens at once', async () => {
    electron.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false })
    await createElectronDialogs(() => undefined).confirmWeakening?.({
      operation: 'updateSettings',
      weakenings: [...clipboardOff.weakenings, { kind: 'plaintext-secrets-allowed' }],
    })
    const options = optionsOf(electron.showMessageBox)
    expect(options.message).toBe('Weaken these protections?')
    expect(options.detail).toMatch(/clipboard[\s\S]*unencrypted/)
  })
})
