// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings'
import type { AppSettings, ProfileInput } from '../../../../src/shared/ipc-contract'
import { failure, ok, profile } from '../../stores/helpers'
import { expectNoSecret } from '../../support/secrets'
import type { Harness } from './harness'
import { byTestId, createHarness, holdSignIn, mountView, requestsOf } from './harness'

let harness: Harness

const shipped = profile('bundled:desk', {
  name: 'Desktop (shipped)',
  region: 'com',
  clientType: 'pkce',
  bundled: true,
})
const comDevice = profile('com-device', { name: 'CLI', region: 'com', clientType: 'device' })
const cnWeb = profile('cn-web', {
  name: 'Backend',
  region: 'cn',
  clientType: 'web',
  hasClientSecret: true,
})
const comJwt = profile('com-jwt', {
  name: 'Service',
  region: 'com',
  clientType: 'jwt',
  publicKeyId: 'kid-1',
  hasPrivateKey: true,
})

beforeEach(async () => {
  harness = await createHarness({ profiles: [shipped, comDevice, cnWeb, comJwt] })
})

afterEach(() => {
  document.body.innerHTML = ''
  setLocale('en')
})

/** The profiles offered (not the empty choice, "whatever fits the way"). */
function optionValues(wrapper: Awaited<ReturnType<typeof mountView>>): string[] {
  return wrapper
    .get(byTestId('profile-select'))
    .findAll('option')
    .map((option) => option.element.value)
    .filter((value) => value !== '')
}

function selectedProfile(wrapper: Awaited<ReturnType<typeof mountView>>): string {
  return (wrapper.get(byTestId('profile-select')).element as HTMLSelectElement).value
}

describe('picking the region and the app profile', () => {
  it('starts on coze.com without settings, lists that region only and marks shipped profiles', async () => {
    const wrapper = await mountView(harness)
    expect((wrapper.get(byTestId('region-com')).element as HTMLInputElement).checked).toBe(true)
    expect(optionValues(wrapper)).toEqual(['bundled:desk', 'com-device', 'com-jwt'])
    const shippedOption = wrapper.get('option[value="bundled:desk"]')
    expect(shippedOption.text()).toBe('Desktop (shipped) (came with the app)')
    expect(wrapper.get('option[value="com-device"]').text()).toBe('CLI')
    // Nothing is picked by itself: each way uses the app that signs in its way.
    expect(selectedProfile(wrapper)).toBe('')
    // A shipped profile can be neither edited nor removed.
    await wrapper.get(byTestId('profile-select')).setValue('bundled:desk')
    expect(wrapper.find(byTestId('profile-remove')).exists()).toBe(false)
    expect(wrapper.get(byTestId('profile-details')).text()).toContain('cannot be changed')

    await wrapper.get(byTestId('region-cn')).setValue(true)
    expect(optionValues(wrapper)).toEqual(['cn-web'])
    // The coze.com profile picked does not follow into coze.cn.
    expect(selectedProfile(wrapper)).toBe('')
    await wrapper.get(byTestId('profile-select')).setValue('cn-web')
    expect(wrapper.get(byTestId('profile-details')).text()).toContain('client secret stored')
  })

  it("starts on the settings' default region, also when the settings arrive later", async () => {
    const settings = useSettingsStore()
    const wrapper = await mountView(harness)
    settings.settings = { defaultRegion: 'cn' } as AppSettings
    await flushPromises()
    expect((wrapper.get(byTestId('region-cn')).element as HTMLInputElement).checked).toBe(true)
    expect(optionValues(wrapper)).toEqual(['cn-web'])

    // Once the person chose, a later settings change does not override them.
    await wrapper.get(byTestId('region-com')).setValue(true)
    settings.settings = { defaultRegion: 'cn' } as AppSettings
    settings.settings = { ...settings.settings }
    await flushPromises()
    expect((wrapper.get(byTestId('region-com')).element as HTMLInputElement).checked).toBe(true)
  })

  it('says so when a region has no profile at all', async () => {
    harness.profiles = [comDevice]
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('region-cn')).setValue(true)
    expect(wrapper.get(byTestId('profile-empty')).text()).toContain('coze.cn')
    expect(wrapper.find(byTestId('profile-select')).exists()).toBe(false)
    // The ways stay (a token from the console needs no app); one that needs an app says so.
    expect(wrapper.find(byTestId('way-paste')).exists()).toBe(true)
    await wrapper.get(byTestId('way-browser')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('needs-app')).text()).toContain('needs a Coze app on coze.cn')
    expect(requestsOf(harness.api, 'signIn')).toEqual([])
  })

  it('starts with the profile an account asked to sign in again with, in its region', async () => {
    useNavigationStore().signInWith('cn-web')
    const wrapper = await mountView(harness)
    expect((wrapper.get(byTestId('region-cn')).element as HTMLInputElement).checked).toBe(true)
    expect((wrapper.get(byTestId('profile-select')).element as HTMLSelectElement).value).toBe(
      'cn-web',
    )
    // Taken once: the next visit starts as usual. Nothing started by itself.
    expect(useNavigationStore().takePendingSignIn()).toBeUndefined()
    expect(requestsOf(harness.api, 'signIn')).toEqual([])
  })

  it('starts the sign-in at once when the one-button path asks for it', async () => {
    useNavigationStore().signInWith('bundled:desk', { start: true })
    const wrapper = await mountView(harness)
    // The card takes over at once, for that app.
    expect(wrapper.get(byTestId('sign-in-card')).attributes('data-profile-id')).toBe('bundled:desk')
    expect(requestsOf(harness.api, 'signIn')).toEqual([
      expect.objectContaining({ profileId: 'bundled:desk' }),
    ])
  })

  it('never starts a method that needs something typed first', async () => {
    useNavigationStore().signInWith('com-jwt', { start: true })
    await mountView(harness)
    expect(requestsOf(harness.api, 'signIn')).toEqual([])
  })

  it('uses the app picked for its way, the way own app otherwise, and says when there is none', async () => {
    const wrapper = await mountView(harness)
    // The service app's way opens its screen with the region's service app.
    await wrapper.get(byTestId('way-jwt')).trigger('click')
    await flushPromises()
    expect(wrapper.get(byTestId('jwt-app-name')).text()).toBe('Signing in through Service.')
    expect(wrapper.find(byTestId('jwt-preview')).exists()).toBe(true)
    // The start screen's pickers are not on the way's screen.
    expect(wrapper.find(byTestId('profile-select')).exists()).toBe(false)
    await wrapper.get(byTestId('way-back')).trigger('click')
    await flushPromises()

    // An app picked behind "Use another app" is used by the way it signs in by.
    await wrapper.get(byTestId('profile-select')).setValue('com-device')
    holdSignIn(harness.api)
    await wrapper.get(byTestId('way-device')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toEqual([
      expect.objectContaining({ profileId: 'com-device' }),
    ])
    harness.api.answers.cancelSignIn = () => ok({ cancelled: true })
    await wrapper.get(byTestId('cancel-sign-in')).trigger('click')
    await flushPromises()
  })

  it('says what to do when the region has no app for a way, and needs none for a token', async () => {
    const wrapper = await mountView(harness)
    // coze.cn has no device app: nothing starts, and the disclosure says what to do.
    await wrapper.get(byTestId('region-cn')).setValue(true)
    await wrapper.get(byTestId('way-device')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'signIn')).toEqual([])
    expect(wrapper.get(byTestId('needs-app')).text()).toContain('coze.cn')
    expect(document.activeElement).toBe(wrapper.get(byTestId('needs-app')).element)

    // The console's token needs no profile: its screen has no picker.
    await wrapper.get(byTestId('way-paste')).trigger('click')
    await flushPromises()
    expect(wrapper.find(byTestId('profile-select')).exists()).toBe(false)
    expect(wrapper.find(byTestId('paste-token')).exists()).toBe(true)
  })

  it('offers each way as a button of its own in the tab order, named and described', async () => {
    const wrapper = await mountView(harness)
    const ways = wrapper.get(byTestId('sign-in-ways')).findAll('[data-testid^="way-"]')
    expect(ways.map((way) => way.attributes('data-testid'))).toEqual([
      'way-browser',
      'way-device',
      'way-paste',
      'way-jwt',
    ])
    for (const way of ways) {
      expect(way.element.tagName).toBe('BUTTON')
      // No roving tab stop: each way is reached with Tab, and none is hidden from it.
      expect(way.attributes('tabindex')).toBeUndefined()
      expect(way.attributes('role')).toBeUndefined()
      const help = wrapper.get(`#${way.attributes('aria-describedby') ?? 'none'}`)
      expect(way.element.contains(help.element)).toBe(true)
      expect(help.text()).not.toBe('')
    }
    ;(ways[1]?.element as HTMLButtonElement).focus()
    expect(document.activeElement).toBe(ways[1]?.element)
  })
})

describe('importing a profile file', () => {
  it('in the browser host, sends the typed path and shows the warnings of the import', async () => {
    const imported = profile('imported', { name: 'Quickstart', region: 'cn', clientType: 'pkce' })
    harness.api.answers.chooseFile = () => ok({ fileId: 'file-1', name: 'coze_oauth_config.json' })
    harness.api.answers.importProfileFile = () =>
      ok({
        profile: imported,
        warnings: [
          {
            code: 'redirect-uri-assumed',
            message: 'Main says: no redirect URI, so one was assumed.',
            params: { uri: 'http://127.0.0.1:8080/callback', file: 'coze_oauth_config.json' },
          },
        ],
      })
    const wrapper = await mountView(harness)

    // Nothing typed yet: nothing is asked of main.
    await wrapper.get(byTestId('profile-file-choose')).trigger('click')
    expect(requestsOf(harness.api, 'chooseFile')).toEqual([])
    expect(wrapper.text()).toContain('Type the full path of the file first.')

    await wrapper.get(byTestId('profile-file-path')).setValue(' /home/me/coze_oauth_config.json ')
    await wrapper.get(byTestId('profile-file-choose')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'chooseFile')).toEqual([
      { purpose: 'profile', path: '/home/me/coze_oauth_config.json' },
    ])
    expect(requestsOf(harness.api, 'importProfileFile')).toEqual([{ fileId: 'file-1' }])
    const warnings = wrapper.get(byTestId('profile-import-warnings'))
    expect(warnings.text()).toContain(
      'The file names no redirect URI, so http://127.0.0.1:8080/callback',
    )
    expect(warnings.text()).not.toContain('Main says')
    expect(warnings.find('[lang="en"]').exists()).toBe(false)
    // The imported profile is picked, in its own region.
    expect((wrapper.get(byTestId('region-cn')).element as HTMLInputElement).checked).toBe(true)
    expect((wrapper.get(byTestId('profile-select')).element as HTMLSelectElement).value).toBe(
      'imported',
    )
  })

  it('in the desktop app, lets main show its dialog, and takes a cancelled choice quietly', async () => {
    harness = await createHarness({ host: 'electron', profiles: [comDevice] })
    harness.api.answers.chooseFile = () => ok({ cancelled: true })
    const wrapper = await mountView(harness)
    expect(wrapper.find(byTestId('profile-file-path')).exists()).toBe(false)
    await wrapper.get(byTestId('profile-file-choose')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'chooseFile')).toEqual([{ purpose: 'profile' }])
    expect(requestsOf(harness.api, 'importProfileFile')).toEqual([])
    expect(wrapper.text()).toContain('No file was chosen.')
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
  })

  it("shows a refused file with main's reason, in the window's language", async () => {
    setLocale('zh-CN')
    const english = 'notes.json has no "client_id".'
    harness.api.answers.chooseFile = () => ok({ fileId: 'file-2', name: 'notes.json' })
    harness.api.answers.importProfileFile = () => ({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: english,
        params: { reason: 'config-client-id-missing', file: 'notes.json' },
      },
    })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('profile-file-path')).setValue('/tmp/notes.json')
    await wrapper.get(byTestId('profile-file-choose')).trigger('click')
    await flushPromises()
    const notice = wrapper.get(byTestId('error-notice'))
    expect(notice.attributes('data-code')).toBe('INVALID_ARGUMENT')
    expect(notice.get('.error-title').text()).toBe('配置文件中没有客户端 ID')
    const outsideDetails = notice.findAll(':scope > :not(details)').map((part) => part.text())
    expect(outsideDetails.join(' ')).not.toContain(english)
    expect(notice.get('details').text()).toContain(english)
    expect(wrapper.find(byTestId('profile-import-warnings')).exists()).toBe(false)
  })

  it('words the import warnings in Chinese too, and keeps one it cannot word as main wrote it', async () => {
    setLocale('zh-CN')
    harness.api.answers.chooseFile = () => ok({ fileId: 'file-5', name: 'c.json' })
    harness.api.answers.importProfileFile = () =>
      ok({
        profile: profile('imported-2', { region: 'cn' }),
        warnings: [
          {
            code: 'redirect-uri-assumed',
            message: 'No redirect URI.',
            params: { uri: 'http://127.0.0.1:8080/callback' },
          },
          // From a newer main: a code this window does not know.
          {
            code: 'from-the-future' as 'redirect-uri-assumed',
            message: 'Something new to check.',
          },
        ],
      })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('profile-file-path')).setValue('/tmp/c.json')
    await wrapper.get(byTestId('profile-file-choose')).trigger('click')
    await flushPromises()
    const items = wrapper.get(byTestId('profile-import-warnings')).findAll('li')
    expect(items[0]?.text()).toContain('文件中没有重定向 URI')
    expect(items[0]?.text()).toContain('http://127.0.0.1:8080/callback')
    expect(items[0]?.attributes('lang')).toBeUndefined()
    expect(items[1]?.text()).toBe('Something new to check.')
    expect(items[1]?.attributes('lang')).toBe('en')
  })
})

describe('a profile typed in by hand', () => {
  it('checks the fields, then sends them with the secret once and picks the new profile', async () => {
    const secret = 'typed-client-secret-value'
    harness.api.answers.addProfile = (request) => {
      const input = request as ProfileInput
      return ok(
        profile('new-web', {
          name: input.name,
          region: input.region,
          clientType: input.clientType,
          clientId: input.clientId,
          redirectUri: input.redirectUri,
          hasClientSecret: true,
        }),
      )
    }
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('profile-new')).trigger('click')
    const form = wrapper.get(byTestId('profile-form'))
    // The form opens focused on its first field.
    expect(document.activeElement).toBe(wrapper.get(byTestId('profile-name')).element)
    // The form takes the screen: the ways wait while it is open.
    expect(wrapper.find(byTestId('way-browser')).exists()).toBe(false)

    await wrapper.get(byTestId('profile-client-type')).setValue('web')
    await wrapper.get(byTestId('profile-redirect-uri')).setValue('https://example.com/callback')
    await form.trigger('submit')
    await flushPromises()
    expect(requestsOf(harness.api, 'addProfile')).toEqual([])
    expect(wrapper.get(byTestId('profile-name')).attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(byTestId('profile-redirect-uri')).attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(byTestId('profile-client-secret')).attributes('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(wrapper.get(byTestId('profile-name')).element)

    await wrapper.get(byTestId('profile-name')).setValue('Team backend')
    await wrapper.get(byTestId('profile-client-id')).setValue('1234567890.app')
    await wrapper.get(byTestId('profile-redirect-uri')).setValue('http://127.0.0.1:8080/callback')
    await wrapper.get(byTestId('profile-client-secret')).setValue(secret)
    expect(wrapper.get(byTestId('profile-client-secret')).attributes('type')).toBe('password')
    await wrapper.get(byTestId('profile-save')).trigger('submit')
    await flushPromises()

    expect(requestsOf(harness.api, 'addProfile')).toEqual([
      {
        name: 'Team backend',
        region: 'com',
        clientType: 'web',
        clientId: '1234567890.app',
        redirectUri: 'http://127.0.0.1:8080/callback',
        clientSecret: secret,
      },
    ])
    expect(wrapper.find(byTestId('profile-form')).exists()).toBe(false)
    expect((wrapper.get(byTestId('profile-select')).element as HTMLSelectElement).value).toBe(
      'new-web',
    )
    expectNoSecret(secret, { pinia: harness.pinia })
  })

  it('keeps a stored secret on an edit that leaves the field empty', async () => {
    harness.profiles = [cnWeb]
    harness.api.answers.updateProfile = (request) => {
      const { profileId, profile: input } = request as { profileId: string; profile: ProfileInput }
      return ok({ ...cnWeb, id: profileId, name: input.name })
    }
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('region-cn')).setValue(true)
    await wrapper.get(byTestId('profile-select')).setValue('cn-web')
    await wrapper.get(byTestId('profile-edit')).trigger('click')
    expect(wrapper.get(byTestId('profile-secret-state')).text()).toContain(
      'A client secret is stored',
    )
    await wrapper.get(byTestId('profile-name')).setValue('Backend (prod)')
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    const [request] = requestsOf(harness.api, 'updateProfile') as {
      profileId: string
      profile: ProfileInput
    }[]
    expect(request?.profileId).toBe('cn-web')
    expect(request?.profile).toEqual({
      name: 'Backend (prod)',
      region: 'cn',
      clientType: 'web',
      clientId: 'client-cn-web',
      redirectUri: 'http://127.0.0.1:8080/callback',
    })
    expect(wrapper.get('option[value="cn-web"]').text()).toBe('Backend (prod)')
  })

  it('asks for the secret again when an edit moves the app to another region', async () => {
    harness.profiles = [cnWeb]
    harness.api.answers.updateProfile = (request) => {
      const { profile: input } = request as { profile: ProfileInput }
      return ok({ ...cnWeb, region: input.region })
    }
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('region-cn')).setValue(true)
    await wrapper.get(byTestId('profile-select')).setValue('cn-web')
    await wrapper.get(byTestId('profile-edit')).trigger('click')
    await wrapper.get(byTestId('region-com')).setValue(true)
    // Main drops a secret entered for another region: the form says so and wants a new one.
    expect(wrapper.get(byTestId('profile-secret-state')).text()).not.toContain('is stored')
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    expect(wrapper.get(byTestId('profile-client-secret')).attributes('aria-invalid')).toBe('true')
    expect(requestsOf(harness.api, 'updateProfile')).toEqual([])

    await wrapper.get(byTestId('profile-client-secret')).setValue('secret-for-com')
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    expect(requestsOf(harness.api, 'updateProfile')).toMatchObject([
      { profileId: 'cn-web', profile: { region: 'com', clientSecret: 'secret-for-com' } },
    ])
    expect((wrapper.get(byTestId('region-com')).element as HTMLInputElement).checked).toBe(true)
    expect((wrapper.get(byTestId('profile-select')).element as HTMLSelectElement).value).toBe(
      'cn-web',
    )
  })

  it('shows why main refused a profile', async () => {
    const english = 'The app profile: the redirect URI needs a port.'
    harness.api.answers.addProfile = () => ({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: english,
        params: { reason: 'redirect-uri-port' },
      },
    })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('profile-new')).trigger('click')
    await wrapper.get(byTestId('profile-name')).setValue('Desk')
    await wrapper.get(byTestId('profile-client-id')).setValue('abc')
    await wrapper.get(byTestId('profile-form')).trigger('submit')
    await flushPromises()
    const notice = wrapper.get(byTestId('error-notice'))
    expect(notice.get('.error-title').text()).toBe('The redirect URI needs a port')
    // Main's own sentence is only in the folded details.
    const outsideDetails = notice.findAll(':scope > :not(details)').map((part) => part.text())
    expect(outsideDetails.join(' ')).not.toContain(english)
    expect(notice.get('details').text()).toContain(english)
    expect(wrapper.find(byTestId('profile-form')).exists()).toBe(true)
    expect(wrapper.get(byTestId('profile-name')).attributes('maxlength')).toBe('100')
  })

  it('goes back to the picker on Cancel, focus on the button that opened the form', async () => {
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('profile-new')).trigger('click')
    await wrapper.get(byTestId('profile-cancel')).trigger('click')
    await flushPromises()
    expect(wrapper.find(byTestId('profile-form')).exists()).toBe(false)
    expect(document.activeElement).toBe(wrapper.get(byTestId('profile-new')).element)
    expect(requestsOf(harness.api, 'addProfile')).toEqual([])
  })
})

describe('removing a profile', () => {
  it('asks first, and removes only on confirmation', async () => {
    harness.api.answers.removeProfile = () => ok({ removed: true })
    const wrapper = await mountView(harness)
    await wrapper.get(byTestId('profile-select')).setValue('com-device')

    await wrapper.get(byTestId('profile-remove')).trigger('click')
    await flushPromises()
    const dialog = wrapper.get(byTestId('profile-remove-dialog'))
    expect((dialog.element as HTMLDialogElement).open).toBe(true)
    expect(dialog.text()).toContain('Remove the profile "CLI"?')
    // The safe choice has the focus.
    expect(document.activeElement).toBe(wrapper.get(byTestId('profile-remove-cancel')).element)
    await wrapper.get(byTestId('profile-remove-cancel')).trigger('click')
    await flushPromises()
    expect((dialog.element as HTMLDialogElement).open).toBe(false)
    expect(requestsOf(harness.api, 'removeProfile')).toEqual([])
    expect(document.activeElement).toBe(wrapper.get(byTestId('profile-remove')).element)

    await wrapper.get(byTestId('profile-remove')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('profile-remove-confirm')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'removeProfile')).toEqual([{ profileId: 'com-device' }])
    expect(optionValues(wrapper)).not.toContain('com-device')
    expect((wrapper.get(byTestId('profile-select')).element as HTMLSelectElement).value).not.toBe(
      'com-device',
    )
  })
})

describe('a profile list main could not read', () => {
  it('says so and reads it again on request', async () => {
    harness.api.answers.listProfiles = () => failure('STORE_FAILED')
    const wrapper = await mountView(harness)
    expect(wrapper.get(byTestId('error-notice')).attributes('data-code')).toBe('STORE_FAILED')
    harness.api.answers.listProfiles = () => ok([comDevice])
    await wrapper.get(byTestId('profiles-retry')).trigger('click')
    await flushPromises()
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(optionValues(wrapper)).toEqual(['com-device'])
  })
})
