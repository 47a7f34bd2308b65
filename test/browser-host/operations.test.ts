import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserHostApp } from '../../src/browser-host/host-app'
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { RecordingBrowserLauncher } from '../../src/browser-host/launchers'
import { RecordingClipboard } from '../support/recording-clipboard'
import type { OperationName } from '../../src/shared/ipc-contract'
import { operationChannels } from '../../src/shared/ipc-contract'
import type { Sandbox } from '../sandbox'
import { completeConsent, httpRequest, startSandbox } from '../sandbox'
import { freePort } from '../support/net'
import { newStoreDir } from '../support/store-dirs'
import { bridgeCaller, valueOf } from './bridge-client'

let sandbox: Sandbox
let app: BrowserHostApp
let call: ReturnType<typeof bridgeCaller>
let clipboard: RecordingClipboard
let browser: RecordingBrowserLauncher
let keyPath: string

beforeAll(async () => {
  sandbox = await startSandbox()
  const description = await sandbox.describe()
  const dataDir = newStoreDir('browser-host-operations')
  // The key file is the person's own file, not a store file: it lives outside the scanned stores.
  keyPath = join(mkdtempSync(join(tmpdir(), 'coze-key-')), 'private_key.pem')
  writeFileSync(keyPath, description.regions.com.apps.jwt.privateKeyPem ?? '', { mode: 0o600 })
  clipboard = new RecordingClipboard()
  browser = new RecordingBrowserLauncher()
  app = await startBrowserHostApp({
    port: 0,
    dataDir,
    browser,
    clipboard,
    startScheduler: false,
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
  call = bridgeCaller(app.host)
}, 30_000)

afterAll(async () => {
  await app.stop()
  await sandbox.stop()
})

describe('every operation through the browser host bridge', () => {
  it('answers app info and storage status', async () => {
    expect(valueOf(await call('getAppInfo'))).toMatchObject({ host: 'browser' })
    const status = valueOf(await call('getStorageStatus'))
    expect(['keychain', 'memory']).toContain(status.secrets.kind)
  })

  it("states the proxy in use from main's environment, then the one set in Settings", async () => {
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, https_proxy: process.env.https_proxy }
    process.env.HTTPS_PROXY = 'http://ops:secret-pw@corp-proxy.example:3128'
    delete process.env.https_proxy
    try {
      expect(valueOf(await call('getProxyStatus'))).toEqual({
        source: 'environment',
        variable: 'HTTPS_PROXY',
        address: 'http://••••••@corp-proxy.example:3128/',
      })
      valueOf(await call('updateSettings', { proxyUrl: 'http://mine.example:8080' }))
      expect(valueOf(await call('getProxyStatus'))).toEqual({
        source: 'settings',
        address: 'http://mine.example:8080/',
      })
      valueOf(await call('updateSettings', { proxyUrl: null }))
      expect(valueOf(await call('getProxyStatus'))).toMatchObject({ source: 'environment' })
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  it('has no updates to offer, and says why; a restart to update does nothing', async () => {
    expect(valueOf(await call('getUpdateStatus'))).toEqual({
      state: 'off',
      reason: 'browser-host',
    })
    expect(valueOf(await call('restartToUpdate'))).toEqual({ restarting: false })
  })

  it('adds a pasted token, lists, details, renames, copies in each format, reveals and removes it', async () => {
    const pat = sandbox.regions.com.pat
    const added = valueOf(
      await call('addPastedToken', { region: 'com', token: pat, label: 'Alice PAT' }),
    )
    expect(JSON.stringify(added)).not.toContain(pat)
    expect(valueOf(await call('listAccounts')).map((a) => a.id)).toContain(added.id)
    const details = valueOf(await call('getAccount', { accountId: added.id }))
    expect(details).toMatchObject({
      label: 'Alice PAT',
      workspacesKnown: true,
      user: { userName: 'alice' },
    })
    expect(details.workspaces).toHaveLength(65)
    expect(valueOf(await call('renameAccount', { accountId: added.id, label: 'Work' })).label).toBe(
      'Work',
    )

    const expected: Record<string, string> = {
      raw: pat,
      export: `export COZE_API_TOKEN=${pat} COZE_API_BASE=${sandbox.regions.com.apiBase}`,
      header: `Authorization: Bearer ${pat}`,
    }
    for (const format of ['raw', 'export', 'header', 'curl', 'dotenv'] as const) {
      const copied = valueOf(await call('copyToken', { accountId: added.id, format }))
      expect(copied.clearsAt).toBeGreaterThan(Date.now())
      if (expected[format]) expect(clipboard.text).toBe(expected[format])
      else expect(clipboard.text).toContain(pat)
    }
    expect(clipboard.text).toContain('COZE_API_TOKEN=')

    expect(valueOf(await call('revealToken', { accountId: added.id })).token).toBe(pat)

    expect(
      valueOf(await call('refreshWorkspaces', { accountId: added.id })).workspaces,
    ).toHaveLength(65)
    expect(await call('refreshAccount', { accountId: added.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_REFRESHABLE' },
    })
    // The pasted token's adding is in its Activity; a refused refresh is no exchange with Coze.
    const activity = valueOf(await call('getAccountActivity', { accountId: added.id }))
    expect(activity.map((entry) => entry.action)).toEqual(['sign-in'])
    expect(JSON.stringify(activity)).not.toContain(pat)
    const removed = valueOf(await call('removeAccount', { accountId: added.id }))
    expect(removed).toEqual({ removed: true, undoUntil: expect.any(Number) })
    expect(removed.undoUntil).toBeGreaterThan(Date.now())
    expect(await call('getAccount', { accountId: added.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    // Undone within its time, it is back with its token; removed again for the tests below.
    expect(valueOf(await call('undoRemoveAccount', { accountId: added.id })).id).toBe(added.id)
    expect(valueOf(await call('revealToken', { accountId: added.id })).token).toBe(pat)
    valueOf(await call('removeAccount', { accountId: added.id }))
    await app.services.core.accounts.finishPendingRemovals()
    expect(await call('undoRemoveAccount', { accountId: added.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })

  it('offers a token the person copied by its kind only, adds it on request and clears the clipboard', async () => {
    // This runs after the pasted-token test above. The personal token the app itself copied (above) is no offer: it is already an account.
    clipboard.simulateUserCopy(sandbox.regions.com.pat)
    expect(valueOf(await call('peekClipboardToken')).offer).toBeNull()

    const sat = sandbox.regions.com.sat
    clipboard.simulateUserCopy(`${sat}\n`)
    const peeked = valueOf(await call('peekClipboardToken'))
    expect(peeked.offer).toEqual({ kind: 'sat', id: expect.stringMatching(/^[0-9a-f]{32}$/) })
    expect(JSON.stringify(peeked)).not.toContain(sat)
    const offerId = peeked.offer?.id ?? ''

    // The other region's check refuses it before anything is stored: the clipboard keeps it.
    const wrong = await call('addClipboardToken', { offerId, region: 'cn' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_REGION' } })
    expect(clipboard.text).toBe(`${sat}\n`)

    const added = valueOf(
      await call('addClipboardToken', { offerId, region: 'com', label: 'Mine' }),
    )
    expect(added).toMatchObject({ method: 'sat', label: 'Mine', region: 'com' })
    expect(JSON.stringify(added)).not.toContain(sat)
    expect(clipboard.text).toBe('')
    // Nothing left to offer, and the spent offer adds nothing more.
    expect(valueOf(await call('peekClipboardToken')).offer).toBeNull()
    const spent = await call('addClipboardToken', { offerId, region: 'com' })
    expect(spent).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { reason: 'clipboard-changed' } },
    })
    valueOf(await call('removeAccount', { accountId: added.id }))
  })

  it('manages profiles, reads a key file in main, previews the JWT and signs in with it', async () => {
    const description = await sandbox.describe()
    const jwt = description.regions.com.apps.jwt
    const chosen = valueOf(await call('chooseFile', { purpose: 'private-key', path: keyPath }))
    if (!('fileId' in chosen)) throw new Error('the key file was not chosen')
    expect(chosen.name).toBe('private_key.pem')
    const profile = valueOf(
      await call('addProfile', {
        name: 'Service',
        region: 'com',
        clientType: 'jwt',
        clientId: jwt.clientId,
        publicKeyId: jwt.publicKeyId,
        privateKeyFileId: chosen.fileId,
        jwtDurationSeconds: 3600,
      }),
    )
    expect(profile).toMatchObject({ hasPrivateKey: true, hasClientSecret: false, bundled: false })
    expect(JSON.stringify(valueOf(await call('listProfiles')))).not.toContain('PRIVATE KEY')
    const preview = valueOf(await call('previewJwt', { profileId: profile.id }))
    expect(preview).toMatchObject({
      header: { alg: 'RS256', kid: jwt.publicKeyId },
      durationSeconds: 3600,
    })
    expect(preview.claims.iss).toBe(jwt.clientId)

    const signedIn = valueOf(await call('signIn', { signInId: 'jwt-1', profileId: profile.id }))
    expect(signedIn.method).toBe('jwt')
    const results = valueOf(await call('refreshAllAccounts'))
    expect(results).toEqual(expect.arrayContaining([{ accountId: signedIn.id, ok: true }]))

    const renamed = valueOf(
      await call('updateProfile', {
        profileId: profile.id,
        profile: {
          name: 'Service 2',
          region: 'com',
          clientType: 'jwt',
          clientId: jwt.clientId,
          publicKeyId: jwt.publicKeyId,
        },
      }),
    )
    expect(renamed).toMatchObject({ name: 'Service 2', hasPrivateKey: true })
    // A handle is used once: the same key file cannot be slipped into a second profile.
    expect(
      await call('addProfile', {
        name: 'x',
        region: 'com',
        clientType: 'jwt',
        clientId: '1.app.coze',
        publicKeyId: 'k',
        privateKeyFileId: chosen.fileId,
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(
      await call('chooseFile', {
        purpose: 'private-key',
        path: join(keyPath, '..', 'missing.pem'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('signs in with PKCE: progress events carry the authorize URL, never a secret', async () => {
    const pkce = sandbox.regions.com.apps.pkce
    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`
    sandbox.registerRedirectUri('com', pkce.clientId, redirectUri)
    const profile = valueOf(
      await call('addProfile', {
        name: 'Desktop',
        region: 'com',
        clientType: 'pkce',
        clientId: pkce.clientId,
        redirectUri,
      }),
    )
    const progress: string[] = []
    const everyEvent: string[] = []
    const unsubscribe = app.services.events.subscribe((name, payload) => {
      everyEvent.push(JSON.stringify(payload))
      if (name === 'signInProgress') {
        progress.push((payload as { progress: { stage: string } }).progress.stage)
      }
    })
    const opened = browser.next()
    const signingIn = call('signIn', { signInId: 'pkce-1', profileId: profile.id })
    const outcome = await completeConsent(await opened)
    await httpRequest(outcome.redirectedTo)
    const account = valueOf(await signingIn)
    unsubscribe()
    expect(account.method).toBe('pkce')
    expect(progress).toEqual(
      expect.arrayContaining(['waiting-for-browser', 'exchanging', 'fetching-account', 'done']),
    )
    // What reached the window: no token, no refresh token, no code and no verifier.
    const stored = await app.persistent.core.vault.getPassword(
      'coze-auth-companion',
      `account:${account.id}:tokens`,
    )
    const tokens = JSON.parse(stored ?? '{}') as { accessToken: string; refreshToken: string }
    const seen = everyEvent.join('\n') + JSON.stringify(account)
    expect(seen).not.toContain(tokens.accessToken)
    expect(seen).not.toContain(tokens.refreshToken)
    expect(seen).not.toMatch(/code_verifier|[?&]code=/)
  })

  it('cancels a sign-in in progress', async () => {
    const device = sandbox.regions.com.apps.device
    const profile = valueOf(
      await call('addProfile', {
        name: 'Device',
        region: 'com',
        clientType: 'device',
        clientId: device.clientId,
      }),
    )
    // The sign-in is in progress, and cancellable, once it shows its code.
    const codeShown = new Promise<void>((resolve) => {
      const unsubscribe = app.services.events.subscribe((name, payload) => {
        const event = payload as { signInId?: string; progress?: { stage?: string } }
        if (name !== 'signInProgress' || event.signInId !== 'device-1') return
        if (event.progress?.stage !== 'code-ready') return
        unsubscribe()
        resolve()
      })
    })
    const signingIn = call('signIn', { signInId: 'device-1', profileId: profile.id })
    await codeShown
    expect(valueOf(await call('cancelSignIn', { signInId: 'device-1' }))).toEqual({
      cancelled: true,
    })
    expect(await signingIn).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(valueOf(await call('cancelSignIn', { signInId: 'device-1' }))).toEqual({
      cancelled: false,
    })
  })

  it('imports a coze_oauth_config.json read by main, and removes the profile', async () => {
    const path = join(keyPath, '..', 'coze_oauth_config.json')
    writeFileSync(
      path,
      JSON.stringify({
        client_type: 'device',
        client_id: sandbox.regions.cn.apps.device.clientId,
        coze_api_base: 'https://api.coze.cn',
      }),
    )
    const chosen = valueOf(await call('chooseFile', { purpose: 'profile', path }))
    if (!('fileId' in chosen)) throw new Error('the profile file was not chosen')
    const imported = valueOf(await call('importProfileFile', { fileId: chosen.fileId }))
    expect(imported.profile).toMatchObject({ region: 'cn', clientType: 'device' })
    expect(valueOf(await call('removeProfile', { profileId: imported.profile.id }))).toEqual({
      removed: true,
    })
  })

  it('changes settings, refusing a bad proxy where it was typed', async () => {
    const settings = valueOf(
      await call('updateSettings', { clipboardClearSeconds: 10, language: 'zh-CN' }),
    )
    expect(settings).toMatchObject({ clipboardClearSeconds: 10, language: 'zh-CN' })
    expect(valueOf(await call('getSettings')).clipboardClearSeconds).toBe(10)
    expect(await call('updateSettings', { proxyUrl: 'socks5://127.0.0.1:1080' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
    expect(
      valueOf(await call('updateSettings', { proxyUrl: 'http://127.0.0.1:3128' })).proxyUrl,
    ).toBe('http://127.0.0.1:3128/')
    expect(valueOf(await call('updateSettings', { proxyUrl: null })).proxyUrl).toBeUndefined()
  })

  it('exports to a file main writes (metadata only, or encrypted), and imports it back', async () => {
    valueOf(await call('addPastedToken', { region: 'cn', token: sandbox.regions.cn.pat }))
    const plain = valueOf(await call('exportAccounts', {}))
    if (!('path' in plain)) throw new Error('the export was cancelled')
    expect(plain.encrypted).toBe(false)
    expect(readFileSync(plain.path, 'utf8')).not.toContain(sandbox.regions.cn.pat)
    // With tokens in it, main asks first: the page sends the same export back with main's token.
    const asked = await call('exportAccounts', { passphrase: 'a long passphrase' })
    if (asked.ok || !asked.error.confirmation) throw new Error('the export was not questioned')
    expect(asked.error.confirmation.weakenings).toEqual([{ kind: 'export-with-tokens' }])
    const encrypted = valueOf(
      await call('exportAccounts', {
        passphrase: 'a long passphrase',
        confirmationToken: asked.error.confirmation.token,
      }),
    )
    if (!('path' in encrypted)) throw new Error('the export was cancelled')
    const chosen = valueOf(await call('chooseFile', { purpose: 'import', path: encrypted.path }))
    if (!('fileId' in chosen)) throw new Error('the export was not chosen')
    const summary = valueOf(
      await call('importAccounts', { fileId: chosen.fileId, passphrase: 'a long passphrase' }),
    )
    // Every account in the file already exists here, so none is overwritten.
    expect(summary.accounts).toBe(0)
    expect(summary.skipped.length).toBeGreaterThan(0)
  }, 30_000)
})

describe('answering a command-line tool', () => {
  it('takes an answer only to a question main asked (see test/cli/approval.test.ts)', async () => {
    const answer = await call('answerCommandLineApproval', {
      requestId: 'never-asked',
      allow: true,
    })
    expect(valueOf(answer)).toEqual({ answered: false })
  })
})

describe('junk through the bridge', () => {
  const junk: [OperationName, unknown][] = [
    ['getAppInfo', { extra: 1 }],
    ['getUpdateStatus', { extra: 1 }],
    ['restartToUpdate', { now: true }],
    ['getProxyStatus', { verbose: true }],
    ['getAccount', {}],
    ['getAccount', { accountId: 42 }],
    ['getAccount', { accountId: '../../etc' }],
    ['signIn', { signInId: 'x' }],
    ['signIn', { signInId: 'x', profileId: 'p', region: 'mars' }],
    ['cancelSignIn', null],
    ['addPastedToken', { region: 'com' }],
    ['addPastedToken', { region: 'com', token: 'pat_x', expiresAt: 'tomorrow' }],
    ['peekClipboardToken', { token: 'pat_x' }],
    ['addClipboardToken', { offerId: 'pat_x', region: 'com' }],
    ['addClipboardToken', { offerId: '0'.repeat(32), region: 'com', token: 'pat_x' }],
    ['refreshAccount', 'id'],
    ['renameAccount', { accountId: 'a', label: '' }],
    ['copyToken', { accountId: 'a', format: 'pdf' }],
    ['revealToken', { accountId: 'a', confirmed: true }],
    ['chooseFile', { purpose: 'anything' }],
    ['addProfile', { name: 'x' }],
    ['addProfile', { name: 'x', region: 'com', clientType: 'jwt', clientId: '1', injected: true }],
    ['updateProfile', { profileId: 'p' }],
    ['importProfileFile', { path: '/etc/passwd' }],
    ['updateSettings', { clipboardClearSeconds: -1 }],
    ['updateSettings', { language: 'fr' }],
    ['exportAccounts', 'secret'],
    ['removeAccount', { accountId: '' }],
    ['undoRemoveAccount', { accountId: '' }],
    ['getAccountActivity', { accountId: 'x', limit: 5 }],
    ['refreshWorkspaces', { accountId: 'nope' }],
    ['removeProfile', { profileId: 7 }],
    ['previewJwt', { profileId: 'missing' }],
    ['importAccounts', {}],
    ['answerCommandLineApproval', { requestId: 'x' }],
  ]
  it.each(junk)(
    '%s refuses %j with a typed error, and the host stays up',
    async (operation, request) => {
      const result = await call(operation, request)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(result.error.code)
      expect(valueOf(await call('getAppInfo')).host).toBe('browser')
    },
  )

  it('says why a file cannot be used, with a reason the window translates', async () => {
    const reasonOf = (result: unknown): unknown =>
      (result as { error?: { params?: { reason?: unknown } } }).error?.params?.reason
    const missing = join(tmpdir(), `coze-no-such-file-${Date.now()}.pem`)
    expect(reasonOf(await call('chooseFile', { purpose: 'private-key', path: missing }))).toBe(
      'file-unreadable',
    )
    // Not a key at all: refused when chosen, with the PEM reason, and no handle is handed out.
    const notAKey = join(mkdtempSync(join(tmpdir(), 'coze-not-a-key-')), 'private_key.pem')
    writeFileSync(notAKey, 'this is not a key\n')
    const refused = await call('chooseFile', { purpose: 'private-key', path: notAKey })
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_PEM' } })
    expect(reasonOf(refused)).toEqual(expect.any(String))
    const big = join(mkdtempSync(join(tmpdir(), 'coze-big-')), 'huge.json')
    writeFileSync(big, 'x'.repeat(2 * 1024 * 1024))
    expect(reasonOf(await call('chooseFile', { purpose: 'profile', path: big }))).toBe(
      'file-too-large',
    )
    // A handle is good for one use: the second import finds the choice gone.
    const config = join(mkdtempSync(join(tmpdir(), 'coze-config-')), 'coze_oauth_config.json')
    writeFileSync(config, JSON.stringify({ client_type: 'device', client_id: '1234567890123' }))
    const chosen = valueOf(await call('chooseFile', { purpose: 'profile', path: config }))
    if ('cancelled' in chosen) throw new Error('the browser host never cancels a typed path')
    valueOf(await call('importProfileFile', { fileId: chosen.fileId }))
    expect(reasonOf(await call('importProfileFile', { fileId: chosen.fileId }))).toBe(
      'file-choice-expired',
    )
  })

  it('covers every operation of the contract in this file, with good input and with junk', () => {
    const source = readFileSync(import.meta.filename, 'utf8')
    for (const operation of Object.keys(operationChannels) as OperationName[]) {
      const junkForIt = junk.some(([name]) => name === operation)
      const calledWell = source.includes(`call('${operation}'`)
      expect({ operation, calledWell }).toEqual({ operation, calledWell: true })
      if (
        ![
          'getStorageStatus',
          'listAccounts',
          'listProfiles',
          'getSettings',
          'refreshAllAccounts',
        ].includes(operation)
      ) {
        expect({ operation, junkForIt }).toEqual({ operation, junkForIt: true })
      }
    }
  })
})
