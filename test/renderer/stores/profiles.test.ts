import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/errors'
import type { ProfileInput, ProfileSummary } from '../../../src/shared/ipc-contract'
import { installApi } from '../../../src/renderer/src/api/bridge'
import { useProfilesStore } from '../../../src/renderer/src/stores/profiles'
import type { FakeApi } from '../fake-api'
import { createFakeApi } from '../fake-api'
import { deferred, failure, later, ok, profile } from './helpers'

let api: FakeApi
let pinia: Pinia

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  api = createFakeApi()
  installApi(api)
  api.answers.listProfiles = () => ok([profile('p1'), profile('p2')])
})

const webInput: ProfileInput = {
  name: 'Web app',
  region: 'com',
  clientType: 'web',
  clientId: 'client-web',
  redirectUri: 'http://127.0.0.1:8080/callback',
  clientSecret: 'web-client-secret-value',
}

describe('useProfilesStore', () => {
  it('lists the profiles', async () => {
    const store = useProfilesStore()
    await store.list()
    expect(store.profiles.map((p) => p.id)).toEqual(['p1', 'p2'])
    expect(store.loaded).toBe(true)
    expect(store.listError).toBeUndefined()
    expect(store.byId('p2')?.name).toBe('App p2')
  })

  it('keeps the last good list when a reload fails', async () => {
    const store = useProfilesStore()
    await store.list()
    api.answers.listProfiles = () => failure('STORE_FAILED')
    await store.list()
    expect(store.listError?.code).toBe('STORE_FAILED')
    expect(store.profiles).toHaveLength(2)
    api.answers.listProfiles = () => ok([profile('p1')])
    await store.list()
    expect(store.listError).toBeUndefined()
    expect(store.loading).toBe(false)
  })

  it('is loading while a call is in flight', async () => {
    const slow = deferred<Result<ProfileSummary[]>>()
    api.answers.listProfiles = later(slow)
    const store = useProfilesStore()
    const listing = store.list()
    expect(store.loading).toBe(true)
    slow.resolve(ok([]))
    await listing
    expect(store.loading).toBe(false)
  })

  it('adds a profile, passing the secret to main and keeping only the summary', async () => {
    api.answers.addProfile = () =>
      ok(profile('p3', { name: 'Web app', clientType: 'web', hasClientSecret: true }))
    const store = useProfilesStore()
    await store.list()
    const added = await store.add(webInput)
    expect(added.ok && added.value.id).toBe('p3')
    expect(store.profiles.map((p) => p.id)).toEqual(['p1', 'p2', 'p3'])
    expect(api.calls.find((call) => call.operation === 'addProfile')?.request).toEqual(webInput)
    expect(JSON.stringify(pinia.state.value)).not.toContain('web-client-secret-value')
  })

  it('reports a failed add and leaves the list alone', async () => {
    api.answers.addProfile = () => failure('INVALID_ARGUMENT', 'The client ID is missing.')
    const store = useProfilesStore()
    await store.list()
    expect(await store.add(webInput)).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'The client ID is missing.' },
    })
    expect(store.profiles).toHaveLength(2)
    expect(store.listError).toBeUndefined()
  })

  it("gives each caller its own error: one call's success does not erase another's failure", async () => {
    const slowSave = deferred<Result<ProfileSummary>>()
    api.answers.updateProfile = later(slowSave)
    api.answers.previewJwt = () => failure('INVALID_PEM', 'Not a key.')
    const store = useProfilesStore()
    const saving = store.update('p1', { ...webInput, clientSecret: undefined })
    // The preview fails while the save is still in flight, and the save then succeeds: with one
    // shared error field, the save would have cleared the preview's error before anyone read it.
    const previewed = await store.previewJwt('p1')
    slowSave.resolve(ok(profile('p1')))
    const saved = await saving
    expect(saved.ok).toBe(true)
    expect(previewed).toEqual({ ok: false, error: { code: 'INVALID_PEM', message: 'Not a key.' } })
  })

  it('updates a profile in place and removes one', async () => {
    api.answers.updateProfile = () => ok(profile('p1', { name: 'Renamed' }))
    api.answers.removeProfile = () => ok({ removed: true })
    const store = useProfilesStore()
    await store.list()
    await store.update('p1', { ...webInput, clientSecret: undefined })
    expect(store.profiles.map((p) => p.name)).toEqual(['Renamed', 'App p2'])
    expect(api.calls.at(-1)?.request).toMatchObject({ profileId: 'p1' })
    expect(await store.remove('p2')).toEqual({ ok: true, value: true })
    expect(store.profiles.map((p) => p.id)).toEqual(['p1'])
  })

  it('keeps a profile main refused to remove', async () => {
    api.answers.removeProfile = () => ok({ removed: false })
    const store = useProfilesStore()
    await store.list()
    expect(await store.remove('p1')).toEqual({ ok: true, value: false })
    expect(store.profiles).toHaveLength(2)
    api.answers.removeProfile = () => failure('STORE_FAILED')
    expect(await store.remove('p1')).toMatchObject({ ok: false, error: { code: 'STORE_FAILED' } })
    expect(store.profiles).toHaveLength(2)
  })

  it('chooses a file through main and imports it', async () => {
    api.answers.chooseFile = () => ok({ fileId: 'f1', name: 'coze_oauth_config.json' })
    api.answers.importProfileFile = () =>
      ok({
        profile: profile('p9'),
        warnings: [{ code: 'redirect-uri-assumed', message: 'No redirect URI.', params: {} }],
      })
    const store = useProfilesStore()
    await store.list()
    const chosen = await store.chooseFile('profile', '/tmp/coze_oauth_config.json')
    expect(chosen).toEqual({ ok: true, value: { fileId: 'f1', name: 'coze_oauth_config.json' } })
    expect(api.calls.at(-1)?.request).toEqual({
      purpose: 'profile',
      path: '/tmp/coze_oauth_config.json',
    })
    const imported = await store.importFile('f1')
    expect(imported.ok && imported.value.warnings).toEqual([
      { code: 'redirect-uri-assumed', message: 'No redirect URI.', params: {} },
    ])
    expect(store.byId('p9')).toBeDefined()
  })

  it('passes a cancelled file choice through without an error', async () => {
    api.answers.chooseFile = () => ok({ cancelled: true })
    const store = useProfilesStore()
    expect(await store.chooseFile('private-key')).toEqual({ ok: true, value: { cancelled: true } })
    expect(api.calls.at(-1)?.request).toEqual({ purpose: 'private-key' })
  })

  it('previews a JWT, and reports a failed preview', async () => {
    const preview = {
      header: { alg: 'RS256', typ: 'JWT', kid: 'kid-1' } as const,
      claims: { iss: 'client-p1', aud: 'api.coze.cn' },
      durationSeconds: 900,
      tokenUrl: 'https://api.coze.cn/api/permission/oauth2/token',
    }
    api.answers.previewJwt = () => ok(preview)
    const store = useProfilesStore()
    expect(await store.previewJwt('p1')).toEqual({ ok: true, value: preview })
    api.answers.previewJwt = () => failure('INVALID_PEM')
    expect(await store.previewJwt('p1')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PEM' },
    })
  })
})
