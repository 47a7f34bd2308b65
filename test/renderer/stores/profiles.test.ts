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
    expect(store.error).toBeUndefined()
    expect(store.byId('p2')?.name).toBe('App p2')
  })

  it('keeps the last good list when a reload fails', async () => {
    const store = useProfilesStore()
    await store.list()
    api.answers.listProfiles = () => failure('STORE_FAILED')
    await store.list()
    expect(store.error?.code).toBe('STORE_FAILED')
    expect(store.profiles).toHaveLength(2)
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
    expect(added?.id).toBe('p3')
    expect(store.profiles.map((p) => p.id)).toEqual(['p1', 'p2', 'p3'])
    expect(api.calls.find((call) => call.operation === 'addProfile')?.request).toEqual(webInput)
    expect(JSON.stringify(pinia.state.value)).not.toContain('web-client-secret-value')
  })

  it('reports a failed add and leaves the list alone', async () => {
    api.answers.addProfile = () => failure('INVALID_ARGUMENT', 'The client ID is missing.')
    const store = useProfilesStore()
    await store.list()
    expect(await store.add(webInput)).toBeUndefined()
    expect(store.error).toEqual({ code: 'INVALID_ARGUMENT', message: 'The client ID is missing.' })
    expect(store.profiles).toHaveLength(2)
  })

  it('updates a profile in place and removes one', async () => {
    api.answers.updateProfile = () => ok(profile('p1', { name: 'Renamed' }))
    api.answers.removeProfile = () => ok({ removed: true })
    const store = useProfilesStore()
    await store.list()
    await store.update('p1', { ...webInput, clientSecret: undefined })
    expect(store.profiles.map((p) => p.name)).toEqual(['Renamed', 'App p2'])
    expect(api.calls.at(-1)?.request).toMatchObject({ profileId: 'p1' })
    expect(await store.remove('p2')).toBe(true)
    expect(store.profiles.map((p) => p.id)).toEqual(['p1'])
  })

  it('keeps a profile main refused to remove', async () => {
    api.answers.removeProfile = () => ok({ removed: false })
    const store = useProfilesStore()
    await store.list()
    expect(await store.remove('p1')).toBe(false)
    expect(store.profiles).toHaveLength(2)
  })

  it('chooses a file through main and imports it', async () => {
    api.answers.chooseFile = () => ok({ fileId: 'f1', name: 'coze_oauth_config.json' })
    api.answers.importProfileFile = () =>
      ok({ profile: profile('p9'), warnings: ['redirect_uri was missing'] })
    const store = useProfilesStore()
    await store.list()
    const chosen = await store.chooseFile('profile', '/tmp/coze_oauth_config.json')
    expect(chosen).toEqual({ fileId: 'f1', name: 'coze_oauth_config.json' })
    expect(api.calls.at(-1)?.request).toEqual({
      purpose: 'profile',
      path: '/tmp/coze_oauth_config.json',
    })
    const imported = await store.importFile('f1')
    expect(imported?.warnings).toEqual(['redirect_uri was missing'])
    expect(store.byId('p9')).toBeDefined()
  })

  it('passes a cancelled file choice through without an error', async () => {
    api.answers.chooseFile = () => ok({ cancelled: true })
    const store = useProfilesStore()
    expect(await store.chooseFile('private-key')).toEqual({ cancelled: true })
    expect(api.calls.at(-1)?.request).toEqual({ purpose: 'private-key' })
    expect(store.error).toBeUndefined()
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
    expect(await store.previewJwt('p1')).toEqual(preview)
    api.answers.previewJwt = () => failure('INVALID_PEM')
    expect(await store.previewJwt('p1')).toBeUndefined()
    expect(store.error?.code).toBe('INVALID_PEM')
  })
})
