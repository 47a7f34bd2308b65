import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostServices } from '../../../src/main/core'
import type { AccountSummary } from '../../../src/shared/ipc-contract'
import type { Sandbox } from '../../sandbox'
import { startSandbox } from '../../sandbox'
import { openTestHostServices } from '../../support/host-services'

let sandbox: Sandbox
let companion: HostServices

beforeAll(async () => {
  sandbox = await startSandbox()
  companion = await openTestHostServices({
    label: 'host-services',
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
    app: {
      host: 'browser',
      appName: 'Coze Auth Companion',
      appVersion: '1.0.0',
      platform: 'linux',
      arch: 'x64',
      runtimeVersions: { node: process.versions.node },
    },
  })
})

afterAll(async () => {
  await companion.dispose()
  await sandbox.stop()
})

describe('the host services', () => {
  it('lists accounts as summaries that carry no secret', async () => {
    const pat = sandbox.regions.cn.pat
    const expiresAt = Date.now() + 24 * 60 * 60 * 1000
    const account = await companion.core.accounts.addPastedToken({
      region: 'cn',
      token: pat,
      expiresAt,
    })
    // The first listing starts fetching the picture and shows initials; the window hears when
    // it is in and lists again.
    const pictureIn = new Promise<string[]>((resolve) => {
      const stop = companion.core.events.subscribe((name, payload) => {
        if (name !== 'accountsChanged') return
        const { accountIds } = payload as { accountIds: string[] }
        if (accountIds.includes(account.id)) {
          stop()
          resolve(accountIds)
        }
      })
    })
    const first = await companion.dispatch('listAccounts', undefined)
    expect(first).toMatchObject({ ok: true, value: [{ id: account.id }] })
    expect((first as { value: AccountSummary[] }).value[0]?.avatarUrl).toBeUndefined()
    expect(JSON.stringify(first)).not.toContain('/static/avatar/')
    await pictureIn
    const result = await companion.dispatch('listAccounts', undefined)
    expect(result).toEqual({
      ok: true,
      value: [
        {
          id: expect.any(String),
          label: '张三 (coze.cn)',
          region: 'cn',
          method: 'pat',
          status: 'active',
          accessTokenExpiresAt: expiresAt,
          tokenHint: `pat_…${pat.slice(-4)}`,
          workspaceCount: 62,
          avatarUrl: expect.stringMatching(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/),
        },
      ],
    })
    expect(JSON.stringify(result)).not.toContain(pat)
    // The detail carries the same picture, and no remote address either.
    const details = await companion.dispatch('getAccount', { accountId: account.id })
    expect(details).toMatchObject({
      ok: true,
      value: { user: { avatarUrl: expect.stringMatching(/^data:image\/png;base64,/) } },
    })
    expect(JSON.stringify(details)).not.toContain('/static/avatar/')
  })

  it('lists an account whose picture cannot be had with its initials, without an error', async () => {
    sandbox.faults.next('all', { kind: 'http500', path: '/static/avatar/', count: Infinity })
    try {
      const account = await companion.core.accounts.addPastedToken({
        region: 'com',
        token: sandbox.regions.com.pat,
      })
      const picture = account.user?.avatarUrl ?? ''
      expect(picture).toContain('/static/avatar/')
      await companion.dispatch('listAccounts', undefined)
      // The fetch the listing started has ended (in a 500) before the next listing.
      await expect(companion.core.avatars.load(picture)).resolves.toBeUndefined()
      const result = await companion.dispatch('listAccounts', undefined)
      expect(result.ok).toBe(true)
      const row = (result as { value: AccountSummary[] }).value.find(
        (summary) => summary.id === account.id,
      )
      expect(row).toBeDefined()
      expect(row?.avatarUrl).toBeUndefined()
    } finally {
      sandbox.faults.clear()
    }
  })
})
