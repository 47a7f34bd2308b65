import type * as Crypto from 'node:crypto'
import { scrypt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { memoryStores } from '../../../support/memory-stores'
import type { AuthCore } from '../../../../src/main/core/create-core'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { VaultTransfer } from '../../../../src/main/core/vault/transfer'
import type { Sandbox } from '../../../sandbox'
import { startSandbox } from '../../../sandbox'
import { rejectionOf } from '../../../support/errors'

// The real scrypt, counted: a test can then tell whether a key was derived at all.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>()
  return { ...actual, scrypt: vi.fn(actual.scrypt) }
})

let sandbox: Sandbox

function buildCore(): { core: AuthCore; transfer: VaultTransfer } {
  const core = createAuthCore({
    ...memoryStores(),
    browser: { open: async () => {} },
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
  return { core, transfer: core.transfer }
}

beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(() => sandbox.stop())

async function populate(core: AuthCore): Promise<void> {
  await core.accounts.addPastedToken({
    region: 'com',
    token: sandbox.regions.com.pat,
    label: 'Alice PAT',
  })
  const web = sandbox.regions.com.apps.web
  await core.profiles.add(
    {
      name: 'Web app',
      region: 'com',
      clientType: 'web',
      clientId: web.clientId,
      redirectUri: 'http://127.0.0.1:48123/callback',
    },
    { clientSecret: web.clientSecret ?? '' },
  )
  await core.profiles.add(
    {
      name: 'Device app',
      region: 'cn',
      clientType: 'device',
      clientId: sandbox.regions.cn.apps.device.clientId,
    },
    {},
  )
}

describe('VaultTransfer', () => {
  it('exports metadata only by default: no token and no client secret in the file', async () => {
    const source = buildCore()
    await populate(source.core)
    const text = await source.transfer.exportText()
    expect(text).toContain('Alice PAT')
    expect(text).not.toContain(sandbox.regions.com.pat)
    expect(text).not.toContain(sandbox.regions.com.apps.web.clientSecret)
    expect(VaultTransfer.needsPassphrase(text)).toBe(false)

    const target = buildCore()
    const summary = await target.transfer.importText(text)
    expect(summary.accounts).toBe(1)
    expect(summary.accountsNeedingSignIn).toBe(1)
    // A web profile without its secret is not usable, so it is reported rather than half-imported.
    expect(summary.profiles).toBe(1)
    expect(summary.skipped).toEqual([
      { kind: 'profile', id: expect.any(String), reason: expect.stringContaining('client secret') },
    ])
    const [account] = await target.core.accounts.list()
    expect(account).toMatchObject({ label: 'Alice PAT', status: 'needs-sign-in' })
  })

  it('carries everything inside an export encrypted with a passphrase', async () => {
    const source = buildCore()
    await populate(source.core)
    const text = await source.transfer.exportText({ passphrase: 'correct horse battery' })
    expect(text).not.toContain(sandbox.regions.com.pat)
    expect(text).not.toContain('Alice PAT')
    expect(VaultTransfer.needsPassphrase(text)).toBe(true)

    const target = buildCore()
    expect((await rejectionOf(target.transfer.importText(text))).message).toContain('passphrase')
    expect(
      (await rejectionOf(target.transfer.importText(text, { passphrase: 'wrong horse battery' })))
        .message,
    ).toContain('passphrase is wrong')
    const summary = await target.transfer.importText(text, { passphrase: 'correct horse battery' })
    expect(summary).toMatchObject({
      accounts: 1,
      profiles: 2,
      accountsNeedingSignIn: 0,
      skipped: [],
    })
    const [account] = await target.core.accounts.list()
    const token = await target.core.accounts.freshAccessToken(account?.id ?? '')
    expect(token).toBe(sandbox.regions.com.pat)
    const web = (await target.core.profiles.list()).find((p) => p.clientType === 'web')
    expect(await target.core.profiles.secrets(web?.id ?? '')).toEqual({
      clientSecret: sandbox.regions.com.apps.web.clientSecret,
    })
  }, 30_000)

  it("gives each refusal a reason the window can put in the reader's language", async () => {
    const source = buildCore()
    await populate(source.core)
    const reasonOf = async (work: Promise<unknown>): Promise<unknown> =>
      ((await rejectionOf(work)) as { params?: { reason?: unknown } }).params?.reason
    expect(await reasonOf(source.transfer.exportText({ passphrase: 'short' }))).toBe(
      'passphrase-too-short',
    )
    expect(await reasonOf(source.transfer.importText('nonsense'))).toBe('import-not-export')
    expect(await reasonOf(source.transfer.importText('{"client_type":"pkce"}'))).toBe(
      'import-not-export',
    )
    const newer = JSON.stringify({
      format: JSON.parse(await source.transfer.exportText({})).format,
      version: 99,
    })
    expect(await reasonOf(source.transfer.importText(newer))).toBe('import-newer-version')
    const encrypted = await source.transfer.exportText({ passphrase: 'correct horse battery' })
    expect(await reasonOf(source.transfer.importText(encrypted))).toBe('passphrase-required')
    expect(
      await reasonOf(source.transfer.importText(encrypted, { passphrase: 'wrong horse battery' })),
    ).toBe('passphrase-wrong')
    const foreign = JSON.parse(encrypted) as { kdf: { N: number } }
    foreign.kdf.N = 2 ** 20
    expect(
      await reasonOf(
        source.transfer.importText(JSON.stringify(foreign), {
          passphrase: 'correct horse battery',
        }),
      ),
    ).toBe('import-unknown-encryption')
  }, 30_000)

  it('refuses a short passphrase, a foreign file and a tampered export', async () => {
    const source = buildCore()
    await populate(source.core)
    expect((await rejectionOf(source.transfer.exportText({ passphrase: 'short' }))).code).toBe(
      'INVALID_ARGUMENT',
    )
    expect(
      (await rejectionOf(source.transfer.importText('{"client_type":"pkce"}'))).message,
    ).toContain('coze_oauth_config.json')
    expect((await rejectionOf(source.transfer.importText('nonsense'))).code).toBe(
      'INVALID_ARGUMENT',
    )
    const text = await source.transfer.exportText({ passphrase: 'correct horse battery' })
    const envelope = JSON.parse(text) as { data: string }
    const bytes = Buffer.from(envelope.data, 'base64')
    bytes[0] = (bytes[0] ?? 0) ^ 1
    envelope.data = bytes.toString('base64')
    const tampered = JSON.stringify(envelope)
    expect(
      (
        await rejectionOf(
          source.transfer.importText(tampered, { passphrase: 'correct horse battery' }),
        )
      ).message,
    ).toContain('changed after it was exported')
  }, 30_000)

  it('never lets an import replace an existing account (its tokens would follow the new server)', async () => {
    const { core, transfer } = buildCore()
    const account = await core.accounts.addPastedToken({
      region: 'com',
      token: sandbox.regions.com.pat,
    })
    const crafted = JSON.parse(await transfer.exportText()) as {
      accounts: Record<string, unknown>[]
    }
    crafted.accounts = crafted.accounts.map((a) => ({
      ...a,
      region: 'custom',
      apiBase: 'http://127.0.0.1:9',
    }))
    const summary = await transfer.importText(JSON.stringify(crafted))
    expect(summary.accounts).toBe(0)
    expect(summary.skipped).toEqual([{ kind: 'account', id: account.id, reason: 'already here' }])
    expect((await core.accounts.get(account.id)).region).toBe('com')
  })

  it("refuses an encrypted export whose key settings are not the app's, before running them", async () => {
    const { core, transfer } = buildCore()
    await core.accounts.addPastedToken({ region: 'com', token: sandbox.regions.com.pat })
    const envelope = JSON.parse(
      await transfer.exportText({ passphrase: 'correct horse battery' }),
    ) as {
      kdf: { p: number }
    }
    envelope.kdf.p = 16_384
    // The export derived its key through the counted scrypt, so a call would be seen.
    expect(scrypt).toHaveBeenCalled()
    vi.mocked(scrypt).mockClear()
    const error = await rejectionOf(
      buildCore().transfer.importText(JSON.stringify(envelope), {
        passphrase: 'correct horse battery',
      }),
    )
    expect(error.message).toContain('not made by this app')
    // Refused from the settings alone: no key was derived with them.
    expect(scrypt).not.toHaveBeenCalled()
  }, 30_000)
})
