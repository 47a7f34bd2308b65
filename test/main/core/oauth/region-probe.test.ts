import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpClient } from '../../../../src/main/core/http/http-client'
import { checkClientRegion, probeClient } from '../../../../src/main/core/oauth/region-probe'
import type { ProbedClient } from '../../../../src/main/core/oauth/region-probe'
import { resolveEndpoints } from '../../../../src/main/core/regions'
import type { RegionEndpoints } from '../../../../src/main/core/regions'
import { startSandbox } from '../../../sandbox'
import type { CodeGrantOrder, RegionName, Sandbox } from '../../../sandbox'
import { rejectionOf } from '../../../support/errors'

/**
 * The check before a PKCE or web sign-in opens the browser, against both servers the notes allow:
 * one that checks the client before the code, and one that checks the code first (where a made-up
 * code is `invalid_grant` for every client, so the token endpoint alone says nothing). Real
 * loopback HTTP to the sandbox.
 */

const http = new HttpClient({ fetch: (input, init) => fetch(input, init), timeoutMs: 5_000 })

function endpointsOf(sandbox: Sandbox): Record<RegionName, RegionEndpoints> {
  const overrides = {
    com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
    cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
  }
  return {
    com: resolveEndpoints('com', { overrides }),
    cn: resolveEndpoints('cn', { overrides }),
  }
}

function clientOf(sandbox: Sandbox, home: RegionName, kind: 'pkce' | 'web'): ProbedClient {
  const app = sandbox.regions[home].apps[kind]
  return {
    clientId: app.clientId,
    redirectUri: app.redirectUris[0] ?? '',
    ...(kind === 'web' ? { clientSecret: app.clientSecret ?? '' } : {}),
  }
}

const orders: CodeGrantOrder[] = ['client-first', 'code-first']

describe.each(orders)('the region check, on a server that checks %s', (order) => {
  let sandbox: Sandbox
  let regions: Record<RegionName, RegionEndpoints>

  beforeAll(async () => {
    sandbox = await startSandbox({ codeGrantOrder: order })
    regions = endpointsOf(sandbox)
  })

  afterAll(() => sandbox.stop())

  it.each(['pkce', 'web'] as const)(
    'says WRONG_REGION for a coze.cn %s app signed in as coze.com, naming coze.cn',
    async (kind) => {
      const error = await rejectionOf(
        checkClientRegion(http, regions.com, [regions.cn], clientOf(sandbox, 'cn', kind)),
      )
      expect(error.code).toBe('WRONG_REGION')
      expect(error.params).toMatchObject({ actualRegion: 'cn', chosenRegion: 'com' })
    },
  )

  it.each(['pkce', 'web'] as const)(
    'lets a %s app on its own region through, and says it is not refused there',
    async (kind) => {
      const client = clientOf(sandbox, 'com', kind)
      await expect(
        checkClientRegion(http, regions.com, [regions.cn], client),
      ).resolves.toBeUndefined()
      expect(await probeClient(http, regions.com, client)).toBe('not-refused')
      expect(await probeClient(http, regions.cn, client)).toBe('unknown')
    },
  )

  it('lets a client no region knows through, for Coze to explain on its own page', async () => {
    const client = { clientId: '0000000000000000000000000000000.app.coze', redirectUri: 'x' }
    await expect(
      checkClientRegion(http, regions.com, [regions.cn], client),
    ).resolves.toBeUndefined()
  })
})

describe('the sandbox playing a server that checks the code first', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox({ codeGrantOrder: 'code-first' })
  })

  afterAll(() => sandbox.stop())

  // What made the old probe blind: the token endpoint's answer is the same for an app it has and
  // one it does not, so only the device-code question tells them apart.
  it('answers a made-up code with invalid_grant whether it knows the client or not', async () => {
    const cnApp = sandbox.regions.cn.apps.pkce
    const comApp = sandbox.regions.com.apps.pkce
    const answers = await Promise.all(
      [cnApp, comApp].map(async (app) => {
        const response = await fetch(`${sandbox.regions.com.apiBase}/api/permission/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'authorization_code',
            client_id: app.clientId,
            redirect_uri: app.redirectUris[0],
            code: 'code_made_up',
            code_verifier: 'v'.repeat(43),
          }),
        })
        return ((await response.json()) as { error_code?: string }).error_code
      }),
    )
    expect(answers).toEqual(['invalid_grant', 'invalid_grant'])
  })

  it('still refuses an unknown client at the device-code endpoint', async () => {
    const response = await fetch(
      `${sandbox.regions.com.apiBase}/api/permission/oauth2/device/code`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: sandbox.regions.cn.apps.pkce.clientId }),
      },
    )
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error_code?: string }).error_code).toBe('invalid_client')
  })
})

describe('the region check when a region does not answer', () => {
  let sandbox: Sandbox
  let regions: Record<RegionName, RegionEndpoints>

  beforeAll(async () => {
    sandbox = await startSandbox()
    regions = endpointsOf(sandbox)
  })

  afterAll(() => sandbox.stop())

  it('does not name a region it could not reach', async () => {
    sandbox.faults.next('cn', { kind: 'drop', count: Infinity })
    try {
      const client = clientOf(sandbox, 'cn', 'pkce')
      expect(await probeClient(http, regions.cn, client)).toBe('no-answer')
      await expect(
        checkClientRegion(http, regions.com, [regions.cn], client),
      ).resolves.toBeUndefined()
    } finally {
      sandbox.faults.clear()
    }
  })
})
