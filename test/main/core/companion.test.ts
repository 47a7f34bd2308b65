import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthCore, createCompanion, MemorySecretVault } from '../../../src/main/core'
import type { Companion } from '../../../src/main/core'
import type { Sandbox } from '../../sandbox'
import { startSandbox } from '../../sandbox'

let sandbox: Sandbox
let companion: Companion

beforeAll(async () => {
  sandbox = await startSandbox()
  companion = createCompanion({
    core: createAuthCore({
      vault: new MemorySecretVault(),
      browser: { open: async () => {} },
      regions: {
        com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
        cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
      },
    }),
    host: 'browser',
    appName: 'Coze Auth Companion',
    appVersion: '1.0.0',
    platform: 'linux',
    arch: 'x64',
    runtimeVersions: { node: process.versions.node },
  })
})

afterAll(() => sandbox.stop())

describe('the companion', () => {
  it('lists accounts as summaries that carry no secret', async () => {
    const pat = sandbox.regions.cn.pat
    const expiresAt = Date.now() + 24 * 60 * 60 * 1000
    await companion.core.accounts.addPastedToken({ region: 'cn', token: pat, expiresAt })
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
          avatarUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/static\/avatar\//),
        },
      ],
    })
    expect(JSON.stringify(result)).not.toContain(pat)
  })
})
