import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import type { Result } from '../../../../src/shared/errors'
import type {
  AccountSummary,
  HostKind,
  ProfileSummary,
  SignInProgressView,
} from '../../../../src/shared/ipc-contract'
import { installApi } from '../../../../src/renderer/src/api/bridge'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useAppStore } from '../../../../src/renderer/src/stores/app'
import AddAccountView from '../../../../src/renderer/src/views/AddAccountView.vue'
import type { FakeApi } from '../../fake-api'
import { createFakeApi } from '../../fake-api'
import type { Deferred } from '../../stores/helpers'
import { deferred, later, ok } from '../../stores/helpers'

export interface Harness {
  api: FakeApi
  pinia: Pinia
  /** The profiles main lists; tests change it before mounting. */
  profiles: ProfileSummary[]
}

/** A fresh fake main, Pinia and English, with the app's info already loaded for `host`. */
export async function createHarness(
  options: { host?: HostKind; profiles?: ProfileSummary[] } = {},
): Promise<Harness> {
  const pinia = createPinia()
  setActivePinia(pinia)
  setLocale('en')
  const api = createFakeApi()
  api.state.info.host = options.host ?? 'browser'
  installApi(api)
  const harness: Harness = { api, pinia, profiles: options.profiles ?? [] }
  api.answers.listProfiles = () => ok(structuredClone(harness.profiles))
  await useAppStore().load()
  return harness
}

export async function mountView(harness: Harness): Promise<VueWrapper> {
  const wrapper = mount(AddAccountView, {
    global: { plugins: [harness.pinia] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

export function byTestId(testId: string): string {
  return `[data-testid="${testId}"]`
}

/** The requests made so far to one operation, in order. */
export function requestsOf(api: FakeApi, operation: string): unknown[] {
  return api.calls.filter((call) => call.operation === operation).map((call) => call.request)
}

/** Makes `signIn` wait for the test, and gives a way to push progress for the running one. */
export function holdSignIn(api: FakeApi): {
  pending: Deferred<Result<AccountSummary>>
  progress: (view: SignInProgressView) => void
  signInId: () => string
} {
  const pending = deferred<Result<AccountSummary>>()
  api.answers.signIn = later(pending)
  const signInId = (): string => {
    const request = requestsOf(api, 'signIn').at(-1) as { signInId: string } | undefined
    if (!request) throw new Error('no sign-in was started')
    return request.signInId
  }
  return {
    pending,
    signInId,
    progress: (view) => api.emit('signInProgress', { signInId: signInId(), progress: view }),
  }
}
