// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import type {
  JwtPreviewView,
  ProfileInput,
  ProfileSummary,
} from '../../../../src/shared/ipc-contract'
import { failure, ok, profile, summary } from '../../stores/helpers'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView, requestsOf } from './harness'

let harness: Harness
const service = profile('jwt-1', {
  name: 'Service',
  region: 'com',
  clientType: 'jwt',
  clientId: 'client-jwt-1',
  publicKeyId: 'kid-1',
  jwtDurationSeconds: 900,
  hasPrivateKey: true,
})

function previewOf(input: { kid: string; session?: string; duration: number }): JwtPreviewView {
  return {
    header: { alg: 'RS256', typ: 'JWT', kid: input.kid },
    claims: {
      iss: 'client-jwt-1',
      aud: 'api.coze.com',
      iat: 1_800_000_000,
      exp: 1_800_000_600,
      jti: '<random, 32 bytes>',
      ...(input.session ? { session_name: input.session } : {}),
    },
    durationSeconds: input.duration,
    tokenUrl: 'https://api.coze.com/api/permission/oauth2/token',
  }
}

/** Main as far as the JWT tab needs it: one stored profile, updated in place, previewed from it. */
function serveProfile(stored: ProfileSummary): { current: ProfileSummary } {
  const state = { current: stored }
  harness.api.answers.updateProfile = (request) => {
    const { profile: input } = request as { profile: ProfileInput }
    const { clientSecret: _secret, privateKeyFileId, ...fields } = input
    state.current = {
      ...fields,
      id: stored.id,
      bundled: false,
      hasClientSecret: false,
      hasPrivateKey: state.current.hasPrivateKey || privateKeyFileId !== undefined,
    }
    return ok(state.current)
  }
  harness.api.answers.previewJwt = () =>
    ok(
      previewOf({
        kid: state.current.publicKeyId ?? '',
        session: state.current.sessionName,
        duration: state.current.jwtDurationSeconds ?? 900,
      }),
    )
  return state
}

beforeEach(async () => {
  harness = await createHarness({ profiles: [service] })
})

/** The screen, on the service app's way: "Service app (for developers)" chosen. */
async function mountJwt(): Promise<VueWrapper> {
  const wrapper = await mountView(harness)
  await wrapper.get(byTestId('way-jwt')).trigger('click')
  await flushPromises()
  expect(wrapper.get(byTestId('jwt-app-name')).text()).toContain('Service')
  return wrapper
}

afterEach(() => {
  vi.restoreAllMocks()
  delete window.cozeFiles
  document.body.innerHTML = ''
  setLocale('en')
})

describe('a service app (JWT)', () => {
  it('previews the claims before anything is sent, then gets the token', async () => {
    serveProfile(service)
    harness.api.answers.signIn = () => ok(summary('a1', { method: 'jwt' }))
    const wrapper = await mountJwt()
    expect((wrapper.get(byTestId('jwt-key-id')).element as HTMLInputElement).value).toBe('kid-1')
    expect((wrapper.get(byTestId('jwt-lifetime')).element as HTMLInputElement).value).toBe('900')
    expect(wrapper.find(byTestId('jwt-key-stored')).exists()).toBe(true)
    expect(wrapper.get(byTestId('jwt-lifetime-readout')).text()).toBe('That is 15 min.')

    // No token before a preview.
    const start = wrapper.get(byTestId('start-jwt-sign-in'))
    expect(start.attributes('disabled')).toBeDefined()
    await start.trigger('click')
    expect(requestsOf(harness.api, 'signIn')).toEqual([])

    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()
    // Nothing changed, so nothing was saved: the preview comes from the stored profile.
    expect(requestsOf(harness.api, 'updateProfile')).toEqual([])
    expect(requestsOf(harness.api, 'previewJwt')).toEqual([{ profileId: 'jwt-1' }])
    const claims = wrapper.get(byTestId('jwt-claims'))
    const rows = claims.findAll(byTestId('jwt-claim'))
    expect(rows.map((row) => row.attributes('data-claim'))).toEqual([
      'iss',
      'aud',
      'iat',
      'exp',
      'jti',
    ])
    expect(claims.get('[data-claim="iss"]').text()).toContain('client-jwt-1')
    expect(claims.get('[data-claim="aud"]').text()).toContain('api.coze.com')
    expect(claims.get(byTestId('jwt-header')).text()).toContain('kid: kid-1')
    expect(claims.get(byTestId('jwt-header')).text()).toContain('RS256')
    expect(claims.get(byTestId('jwt-token-url')).text()).toBe(
      'https://api.coze.com/api/permission/oauth2/token',
    )
    expect(requestsOf(harness.api, 'signIn')).toEqual([])

    await wrapper.get(byTestId('start-jwt-sign-in')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toMatchObject([{ profileId: 'jwt-1' }])
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
  })

  it('saves changed fields and a newly chosen key into the profile before the preview', async () => {
    const served = serveProfile({ ...service, sessionName: 'old-session' })
    harness.profiles = [served.current]
    harness.api.answers.chooseFile = () => ok({ fileId: 'key-file-1', name: 'private_key.pem' })
    const wrapper = await mountJwt()

    await wrapper.get(byTestId('jwt-key-path')).setValue('/home/me/private_key.pem')
    await wrapper.get(byTestId('jwt-key-choose')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'chooseFile')).toEqual([
      { purpose: 'private-key', path: '/home/me/private_key.pem' },
    ])
    expect(wrapper.get(byTestId('jwt-key-name')).text()).toBe('private_key.pem')
    await wrapper.get(byTestId('jwt-key-id')).setValue('kid-2')
    await wrapper.get(byTestId('jwt-lifetime')).setValue('3600')
    await wrapper.get(byTestId('jwt-session-name')).setValue('')
    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()

    expect(requestsOf(harness.api, 'updateProfile')).toEqual([
      {
        profileId: 'jwt-1',
        profile: {
          name: 'Service',
          region: 'com',
          clientType: 'jwt',
          clientId: 'client-jwt-1',
          redirectUri: 'http://127.0.0.1:8080/callback',
          publicKeyId: 'kid-2',
          jwtDurationSeconds: 3600,
          privateKeyFileId: 'key-file-1',
        },
      },
    ])
    const claims = wrapper.get(byTestId('jwt-claims'))
    expect(claims.get(byTestId('jwt-header')).text()).toContain('kid: kid-2')
    expect(claims.find('[data-claim="session_name"]').exists()).toBe(false)
    expect(claims.get(byTestId('jwt-duration')).text()).toContain('1 h')
    // The file handle is used up; the key is stored now.
    expect(wrapper.find(byTestId('jwt-key-name')).exists()).toBe(false)
    expect(wrapper.find(byTestId('jwt-key-stored')).exists()).toBe(true)
    expect(wrapper.get(byTestId('start-jwt-sign-in')).attributes('disabled')).toBeUndefined()

    // A change after the preview needs a new one.
    await wrapper.get(byTestId('jwt-session-name')).setValue('user-42')
    expect(wrapper.get(byTestId('start-jwt-sign-in')).attributes('disabled')).toBeDefined()
    expect(wrapper.find(byTestId('jwt-claims')).exists()).toBe(false)
  })

  it('shows a refused key with its reason, and forgets the used file', async () => {
    harness.api.answers.chooseFile = () => ok({ fileId: 'key-file-2', name: 'id_ed25519' })
    harness.api.answers.updateProfile = () => ({
      ok: false,
      error: { code: 'INVALID_PEM', message: 'Ed25519', params: { reason: 'ed25519-key' } },
    })
    const wrapper = await mountJwt()
    await wrapper.get(byTestId('jwt-key-path')).setValue('/home/me/id_ed25519')
    await wrapper.get(byTestId('jwt-key-choose')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()
    const notice = wrapper.get(byTestId('error-notice'))
    expect(notice.attributes('data-code')).toBe('INVALID_PEM')
    expect(notice.text()).toContain('Ed25519 key, but Coze needs an RSA key')
    expect(requestsOf(harness.api, 'previewJwt')).toEqual([])
    expect(wrapper.find(byTestId('jwt-key-name')).exists()).toBe(false)
    expect(wrapper.find(byTestId('jwt-claims')).exists()).toBe(false)
  })

  it('checks the lifetime and the key id before asking main', async () => {
    const wrapper = await mountJwt()
    await wrapper.get(byTestId('jwt-lifetime')).setValue('86400')
    await wrapper.get(byTestId('jwt-key-id')).setValue('  ')
    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('jwt-lifetime')).attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(byTestId('jwt-key-id')).attributes('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(wrapper.get(byTestId('jwt-key-id')).element)
    expect(wrapper.text()).toContain('from 1 to 86399')
    expect(requestsOf(harness.api, 'updateProfile')).toEqual([])
    expect(requestsOf(harness.api, 'previewJwt')).toEqual([])
  })

  it('takes a dropped key by its path only, never reading the file', async () => {
    harness = await createHarness({ host: 'electron', profiles: [service] })
    harness.api.answers.chooseFile = () => ok({ fileId: 'key-file-3', name: 'private_key.pem' })
    const pathOf = vi.fn(() => '/Users/me/Downloads/private_key.pem')
    window.cozeFiles = { pathOf }
    const wrapper = await mountJwt()
    const file = new File(['not for the window'], 'private_key.pem')
    const text = vi.spyOn(file, 'text')
    const arrayBuffer = vi.spyOn(file, 'arrayBuffer')
    const drop = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file] } })
    wrapper.get('.drop-zone').element.dispatchEvent(drop)
    await flushPromises()
    expect(drop.defaultPrevented).toBe(true)
    expect(pathOf).toHaveBeenCalledWith(file)
    // In the desktop app main shows its dialog with the dropped file preselected.
    expect(requestsOf(harness.api, 'chooseFile')).toEqual([
      { purpose: 'private-key', path: '/Users/me/Downloads/private_key.pem' },
    ])
    expect(wrapper.get(byTestId('jwt-key-name')).text()).toBe('private_key.pem')
    expect(text).not.toHaveBeenCalled()
    expect(arrayBuffer).not.toHaveBeenCalled()
  })

  it('asks for a typed path when the window cannot learn where a dropped file is', async () => {
    const wrapper = await mountJwt()
    const drop = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(drop, 'dataTransfer', {
      value: { files: [new File(['x'], 'private_key.pem')] },
    })
    wrapper.get('.drop-zone').element.dispatchEvent(drop)
    await flushPromises()
    expect(requestsOf(harness.api, 'chooseFile')).toEqual([])
    expect(wrapper.text()).toContain('Type its full path above instead.')
    expect(document.activeElement).toBe(wrapper.get(byTestId('jwt-key-path')).element)
  })

  it('creates a service app profile with its key from the form', async () => {
    harness.profiles = []
    harness.api.answers.chooseFile = () => ok({ fileId: 'key-file-4', name: 'private_key.pem' })
    harness.api.answers.addProfile = (request) => {
      const { privateKeyFileId: _file, ...fields } = request as ProfileInput
      return ok({
        ...fields,
        id: 'jwt-new',
        bundled: false,
        hasClientSecret: false,
        hasPrivateKey: true,
      })
    }
    const wrapper = await mountView(harness)
    // No service app yet: the way says so, behind "Use another app", where one is set up.
    await wrapper.get(byTestId('way-jwt')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('needs-app')).text()).toContain('A service app needs its profile')
    await wrapper.get(byTestId('profile-new')).trigger('click')
    expect((wrapper.get(byTestId('profile-client-type')).element as HTMLSelectElement).value).toBe(
      'jwt',
    )
    expect(wrapper.find(byTestId('profile-redirect-uri')).exists()).toBe(false)
    await wrapper.get(byTestId('profile-name')).setValue('Service app')
    await wrapper.get(byTestId('profile-client-id')).setValue('1170000000001')
    // Without a key the form does not go to main.
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    expect(wrapper.find(byTestId('jwt-key-problem')).exists()).toBe(true)
    expect(document.activeElement).toBe(wrapper.get(byTestId('jwt-key-path')).element)
    expect(requestsOf(harness.api, 'addProfile')).toEqual([])

    await wrapper.get(byTestId('jwt-key-path')).setValue('/keys/private_key.pem')
    await wrapper.get(byTestId('jwt-key-choose')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('jwt-key-id')).setValue('kid-9')
    await wrapper.get(byTestId('jwt-lifetime')).setValue('1800')
    await wrapper.get(byTestId('jwt-session-name')).setValue('e2e')
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    expect(requestsOf(harness.api, 'addProfile')).toEqual([
      {
        name: 'Service app',
        region: 'com',
        clientType: 'jwt',
        clientId: '1170000000001',
        publicKeyId: 'kid-9',
        jwtDurationSeconds: 1800,
        sessionName: 'e2e',
        privateKeyFileId: 'key-file-4',
      },
    ])
    // The new profile goes on to the service app's screen, ready for its preview.
    expect((wrapper.get(byTestId('jwt-session-name')).element as HTMLInputElement).value).toBe(
      'e2e',
    )
    expect(wrapper.find(byTestId('jwt-preview')).exists()).toBe(true)
  })

  it('offers no region switch for a token it previewed for the profile region', async () => {
    serveProfile(service)
    harness.api.answers.signIn = () => ({
      ok: false,
      error: {
        code: 'WRONG_REGION',
        message: 'This belongs to coze.cn.',
        params: { actualRegion: 'cn', chosenRegion: 'com' },
      },
    })
    const wrapper = await mountJwt()
    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('start-jwt-sign-in')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('error-notice')).attributes('data-code')).toBe('WRONG_REGION')
    expect(wrapper.find(byTestId('switch-region')).exists()).toBe(false)
    expect(wrapper.find(byTestId('sign-in-retry')).exists()).toBe(true)
  })

  it('reports a failed preview', async () => {
    harness.api.answers.previewJwt = () => failure('NOT_FOUND')
    const wrapper = await mountJwt()
    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('error-notice')).attributes('data-code')).toBe('NOT_FOUND')
    expect(wrapper.get(byTestId('start-jwt-sign-in')).attributes('disabled')).toBeDefined()
  })

  it("words a refused preview in the window's language", async () => {
    setLocale('zh-CN')
    const english = 'The public key ID is empty. Copy it from the Coze console.'
    harness.api.answers.previewJwt = () => ({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: english,
        params: { reason: 'public-key-id-missing' },
      },
    })
    const wrapper = await mountJwt()
    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()
    const notice = wrapper.get(byTestId('error-notice'))
    expect(notice.get('.error-title').text()).toBe('缺少公钥 ID')
    const outsideDetails = notice.findAll(':scope > :not(details)').map((part) => part.text())
    expect(outsideDetails.join(' ')).not.toContain(english)
    expect(notice.find('[lang="en"]').exists()).toBe(false)
  })

  it('keeps keyboard focus on its controls when the sign-in starts and ends', async () => {
    serveProfile(service)
    const flow = holdSignIn(harness.api)
    const wrapper = await mountJwt()
    await wrapper.get(byTestId('jwt-preview')).trigger('click')
    await flushPromises()
    const start = wrapper.get(byTestId('start-jwt-sign-in'))
    ;(start.element as HTMLButtonElement).focus()
    await start.trigger('click')
    await flushPromises()
    // Get token became Cancel: focus follows instead of dropping to the page.
    expect(document.activeElement).toBe(wrapper.get(byTestId('cancel-sign-in')).element)
    flow.pending.resolve(failure('INVALID_CLIENT'))
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get(byTestId('sign-in-retry')).element)
  })
})
