import { describe, expect, it } from 'vitest'
import { MemorySecretVault } from '../../../src/main/core/accounts/memory-vault'
import { ProfileService, vaultService } from '../../../src/main/core/profile-service'
import { MemoryProfileRepository } from '../../support/memory-stores'
import { InvalidArgumentError, toErrorPayload } from '../../../src/main/core/errors'
import {
  checkRedirectUri,
  parseOAuthConfigFile,
  regionOfApiBase,
} from '../../../src/main/core/profiles'
import { invalidArgumentReasons } from '../../../src/shared/errors'
import { profileImportWarningCodes } from '../../../src/shared/ipc-contract'

const pem = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'

describe('parseOAuthConfigFile', () => {
  it('reads a PKCE quickstart file for coze.cn', () => {
    const { profile, secrets } = parseOAuthConfigFile(
      JSON.stringify({
        client_type: 'pkce',
        client_id: '1234567890.app.coze',
        coze_www_base: 'https://www.coze.cn',
        coze_api_base: 'https://api.coze.cn',
        redirect_uri: 'http://127.0.0.1:8080/callback',
      }),
    )
    expect(profile).toMatchObject({
      region: 'cn',
      clientType: 'pkce',
      clientId: '1234567890.app.coze',
      redirectUri: 'http://127.0.0.1:8080/callback',
      webBase: 'https://www.coze.cn',
    })
    expect(profile.apiBase).toBeUndefined()
    expect(secrets).toEqual({})
  })

  it('reads a web file with redirect_uris and keeps the secret apart from the profile', () => {
    const { profile, secrets } = parseOAuthConfigFile(
      JSON.stringify({
        client_type: 'web',
        client_id: '42.app.coze',
        client_secret: 'web-secret',
        redirect_uris: ['http://127.0.0.1:8080/redirect'],
        coze_api_base: 'https://api.coze.com',
      }),
    )
    expect(profile).toMatchObject({ region: 'com', redirectUri: 'http://127.0.0.1:8080/redirect' })
    expect(JSON.stringify(profile)).not.toContain('web-secret')
    expect(secrets).toEqual({ clientSecret: 'web-secret' })
  })

  it('reads a JWT file for a custom deployment', () => {
    const { profile, secrets } = parseOAuthConfigFile(
      '\uFEFF' +
        JSON.stringify({
          client_type: 'jwt',
          client_id: '77.app.coze',
          coze_api_base: 'https://coze.corp.example',
          private_key: pem,
          public_key_id: 'kid-1',
        }),
    )
    expect(profile).toMatchObject({
      region: 'custom',
      apiBase: 'https://coze.corp.example',
      publicKeyId: 'kid-1',
    })
    expect(secrets.privateKeyPem).toBe(pem)
  })

  it.each([
    ['not json', /not valid JSON/, 'config-not-json'],
    ['[1]', /one JSON object/, 'config-not-object'],
    ['{"client_id":"1.app.coze"}', /client_type/, 'config-client-type'],
    ['{"client_type":"server","client_id":"1"}', /not "server"/, 'config-client-type'],
    ['{"client_type":"pkce"}', /client_id/, 'config-client-id-missing'],
    ['{"client_type":"pkce","client_id":7}', /must be text/, 'config-field-not-text'],
    [
      '{"client_type":"pkce","client_id":"1.app.coze","redirect_uri":"https://example.com/cb"}',
      /this computer/,
      'redirect-uri-not-http',
    ],
    [
      '{"client_type":"pkce","client_id":"1.app.coze","redirect_uri":"http://example.com:80/cb"}',
      /this computer/,
      'redirect-uri-not-loopback',
    ],
    [
      '{"client_type":"web","client_id":"1.app.coze","redirect_uri":"http://127.0.0.1:8080/cb"}',
      /client secret/,
      'client-secret-missing',
    ],
    [
      '{"client_type":"jwt","client_id":"1.app.coze","private_key":"x"}',
      /public key ID/,
      'public-key-id-missing',
    ],
    [
      '{"client_type":"jwt","client_id":"1.app.coze","public_key_id":"k"}',
      /private key/,
      'private-key-missing',
    ],
    [
      '{"client_type":"device","client_id":"1 app","coze_api_base":"https://api.coze.cn"}',
      /client ID/,
      'client-id-invalid',
    ],
    [
      '{"client_type":"device","client_id":"1.app.coze","coze_api_base":"https://api.coze.cn/v1"}',
      /without a path/,
      'api-base-invalid',
    ],
    [
      '{"client_type":"device","client_id":"1.app.coze","coze_www_base":"ftp://www.coze.cn"}',
      /https/,
      'web-base-invalid',
    ],
  ] as const)('refuses %s, with the reason %s for the window', (text, message, reason) => {
    let caught: unknown
    try {
      parseOAuthConfigFile(text)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError)
    const error = caught as InvalidArgumentError
    expect(error.message).toMatch(message)
    expect(error.reason).toBe(reason)
    expect(toErrorPayload(error).params?.reason).toBe(reason)
    expect(invalidArgumentReasons).toContain(reason)
  })

  it('names the file and the field a config error is about', () => {
    const payload = (text: string): Record<string, string | number> | undefined => {
      try {
        parseOAuthConfigFile(text, 'mine.json')
      } catch (error) {
        return toErrorPayload(error).params
      }
      return undefined
    }
    expect(payload('{')).toEqual({ reason: 'config-not-json', file: 'mine.json' })
    expect(payload('{"client_type":"pkce","name":[1],"client_id":"1"}')).toEqual({
      reason: 'config-field-not-text',
      file: 'mine.json',
      field: 'name',
    })
  })
})

describe('a config file without a redirect URI', () => {
  it("assumes the quickstarts' redirect URI for PKCE and web apps, and says so", () => {
    const { profile, warnings } = parseOAuthConfigFile(
      JSON.stringify({
        client_type: 'pkce',
        client_id: '1.app.coze',
        coze_api_base: 'https://api.coze.cn',
      }),
    )
    expect(profile.redirectUri).toBe('http://127.0.0.1:8080/callback')
    // A code the window words in its language, the address it shows, and main's own sentence.
    expect(warnings).toEqual([
      {
        code: 'redirect-uri-assumed',
        message: expect.stringContaining('registered for the app on the Coze console'),
        params: { uri: 'http://127.0.0.1:8080/callback', file: 'coze_oauth_config.json' },
      },
    ])
    expect(profileImportWarningCodes).toContain(warnings[0]?.code)
    const device = parseOAuthConfigFile(
      JSON.stringify({ client_type: 'device', client_id: '1.app.coze' }),
    )
    expect(device.profile.redirectUri).toBeUndefined()
    expect(device.warnings).toEqual([])
  })
})

describe('profile helpers', () => {
  it('knows the official regions by their API host', () => {
    expect(regionOfApiBase('https://api.coze.com')).toBe('com')
    expect(regionOfApiBase('https://api.coze.cn/')).toBe('cn')
    expect(regionOfApiBase('https://api.coze.cn.evil.example')).toBe('custom')
  })

  it.each(['http://127.0.0.1:8080/callback', 'http://localhost:3000/cb'])(
    'accepts the loopback redirect %s',
    (uri) => {
      expect(() => checkRedirectUri(uri)).not.toThrow()
    },
  )

  it.each([
    ['https://127.0.0.1/cb', 'redirect-uri-not-http'],
    ['http://192.168.1.2:8080/cb', 'redirect-uri-not-loopback'],
    ['http://127.0.0.1:8080/cb#x', 'redirect-uri-fragment'],
    ['http://127.0.0.1/cb', 'redirect-uri-port'],
    ['http://me:pw@127.0.0.1:8080/cb', 'redirect-uri-credentials'],
    [' http://127.0.0.1:8080/cb', 'redirect-uri-spaces'],
    ['nope', 'redirect-uri-invalid'],
  ] as const)('refuses the redirect %s, saying why: %s', (uri, reason) => {
    expect(() => checkRedirectUri(uri)).toThrow(expect.objectContaining({ reason }))
  })
})

describe('ProfileService', () => {
  it('stores secrets in the vault, never with the profile, and removes them with it', async () => {
    const vault = new MemorySecretVault()
    const repository = new MemoryProfileRepository()
    const service = new ProfileService(repository, vault, () => 'p1')
    const { profile } = await service.importConfigFile(
      JSON.stringify({
        client_type: 'web',
        client_id: '42.app.coze',
        client_secret: 'web-secret',
        redirect_uri: 'http://127.0.0.1:8080/cb',
      }),
    )
    expect(profile.id).toBe('p1')
    expect(JSON.stringify(await repository.list())).not.toContain('web-secret')
    expect(await service.secrets('p1')).toEqual({ clientSecret: 'web-secret' })

    const renamed = await service.update('p1', { ...profile, name: 'Renamed' }, {})
    expect(renamed.name).toBe('Renamed')
    expect(await service.secrets('p1')).toEqual({ clientSecret: 'web-secret' })

    await service.remove('p1')
    expect(await vault.findCredentials(vaultService)).toEqual([])
    await expect(service.get('p1')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('drops a stored secret when the profile is pointed at another server or app', async () => {
    const vault = new MemorySecretVault()
    const service = new ProfileService(new MemoryProfileRepository(), vault, () => 'p2')
    const web = {
      name: 'Web',
      region: 'com' as const,
      clientType: 'web' as const,
      clientId: '42.app.coze',
      redirectUri: 'http://127.0.0.1:8080/cb',
    }
    await service.add(web, { clientSecret: 'the-secret' })
    // A rename keeps it.
    await service.update('p2', { ...web, name: 'Renamed' }, {})
    expect(await service.secrets('p2')).toEqual({ clientSecret: 'the-secret' })
    // Another server does not get it: the edit fails until the secret is entered again.
    await expect(
      service.update('p2', { ...web, region: 'custom', apiBase: 'http://127.0.0.1:9' }, {}),
    ).rejects.toThrow(/client secret/)
    expect(await service.secrets('p2')).toEqual({})
  })

  it('refuses to change a profile shipped with the app', async () => {
    const repository = new MemoryProfileRepository()
    await repository.put({
      id: 'b',
      name: 'Org',
      region: 'cn',
      clientType: 'device',
      clientId: '1.app.coze',
      bundled: true,
    })
    const service = new ProfileService(repository, new MemorySecretVault())
    await expect(
      service.update(
        'b',
        { name: 'x', region: 'cn', clientType: 'device', clientId: '1.app.coze' },
        {},
      ),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/came with the app/),
      params: { reason: 'profile-bundled' },
    })
  })

  it('refuses a mistyped address of a custom deployment when the profile is saved', async () => {
    const service = new ProfileService(new MemoryProfileRepository(), new MemorySecretVault())
    const device = {
      name: 'Corp',
      region: 'custom' as const,
      clientType: 'device' as const,
      clientId: '1.app.coze',
    }
    await expect(service.add(device, {})).rejects.toMatchObject({
      params: { reason: 'custom-needs-api-base' },
    })
    await expect(
      service.add({ ...device, apiBase: 'coze.corp.example' }, {}),
    ).rejects.toMatchObject({ params: { reason: 'api-base-invalid' } })
    await expect(
      service.add({ ...device, apiBase: 'https://coze.corp.example', webBase: 'www' }, {}),
    ).rejects.toMatchObject({ params: { reason: 'web-base-invalid' } })
    await expect(
      service.add({ ...device, apiBase: 'https://coze.corp.example' }, {}),
    ).resolves.toMatchObject({ apiBase: 'https://coze.corp.example' })
  })
})

describe('loadBundledProfiles', () => {
  it('ships public clients only and says why it refused the others', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { loadBundledProfiles } = await import('../../../src/main/core/profile-service')
    const dir = await mkdtemp(join(tmpdir(), 'bundled-'))
    await writeFile(
      join(dir, 'org-cn.json'),
      JSON.stringify({
        client_type: 'device',
        client_id: '11.app.coze',
        coze_api_base: 'https://api.coze.cn',
        name: 'Org',
      }),
    )
    await writeFile(
      join(dir, 'leaky.json'),
      JSON.stringify({
        client_type: 'web',
        client_id: '12.app.coze',
        client_secret: 's',
        redirect_uri: 'http://127.0.0.1:8080/cb',
      }),
    )
    await writeFile(join(dir, 'broken.json'), '{')
    const { profiles, problems } = await loadBundledProfiles(dir)
    expect(profiles).toEqual([
      {
        id: 'bundled:org-cn',
        name: 'Org',
        region: 'cn',
        clientType: 'device',
        clientId: '11.app.coze',
        bundled: true,
      },
    ])
    expect(problems.map((p) => p.file).sort()).toEqual(['broken.json', 'leaky.json'])
    const service = new ProfileService(
      new MemoryProfileRepository(),
      new MemorySecretVault(),
      undefined,
      profiles,
    )
    expect((await service.list()).map((p) => p.id)).toEqual(['bundled:org-cn'])
    await expect(service.remove('bundled:org-cn')).rejects.toMatchObject({
      params: { reason: 'profile-bundled' },
    })
    expect(await loadBundledProfiles(join(dir, 'missing'))).toEqual({ profiles: [], problems: [] })
    await rm(dir, { recursive: true, force: true })
  })
})
