import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { onTestFinished } from 'vitest'
import type {
  AppSettings,
  HostKind,
  OperationName,
  ProxyStatus,
  SettingsPatchInput,
  StorageStatus,
} from '../../../../src/shared/ipc-contract'
import { installApi } from '../../../../src/renderer/src/api/bridge'
import { useAppStore } from '../../../../src/renderer/src/stores/app'
import WeakeningConfirmDialog from '../../../../src/renderer/src/components/common/WeakeningConfirmDialog.vue'
import SettingsView from '../../../../src/renderer/src/views/SettingsView.vue'
import { settingsWeakenings } from '../../../../src/shared/confirmation'
import type { FakeApi } from '../../fake-api'
import { createFakeApi } from '../../fake-api'
import { ok } from '../../stores/helpers'

export interface SettingsHarness {
  api: FakeApi
  /** What main holds; the fake's updateSettings applies patches to it as main does. */
  stored: AppSettings
  storage: StorageStatus
  /** What main finds in its environment (HTTPS_PROXY) when no proxy is set in Settings. */
  environmentProxy: ProxyStatus
  /**
   * Main asks before a weakening, as the browser host does: CONFIRMATION_REQUIRED with a token,
   * and the change only when the same patch comes back with that token.
   */
  mainAsks: boolean
  /** The tokens the fake main issued, in order. */
  issuedTokens: string[]
  /** The requests sent for one operation, in order. */
  requests(operation: OperationName): unknown[]
  /**
   * The settings screen with the window's confirmation dialog (App.vue mounts both), attached to
   * the document and unmounted when the test ends.
   */
  mountView(): Promise<VueWrapper>
}

export function byTestId(view: VueWrapper, id: string): ReturnType<VueWrapper['get']> {
  return view.get(`[data-testid="${id}"]`)
}

export function defaultSettings(): AppSettings {
  return {
    defaultRegion: 'cn',
    clipboardClearSeconds: 30,
    keepInTray: true,
    launchAtLogin: false,
    language: 'en',
    secretStorage: 'safe-storage',
    allowPlaintextSecrets: false,
  }
}

/**
 * A fake main for the settings screen and the settings store: it keeps the settings, applies
 * patches the way main's handler does (an empty or null proxy removes it; an address comes back
 * normalised), and answers the storage status the test sets.
 */
export function createSettingsHarness(host: HostKind = 'electron'): SettingsHarness {
  const pinia = createPinia()
  setActivePinia(pinia)
  const api = createFakeApi()
  api.state.info.host = host
  installApi(api)
  const harness: SettingsHarness = {
    api,
    stored: defaultSettings(),
    storage: {
      secrets: { kind: 'safe-storage', persisted: true, encrypted: true },
      accountsNeedingSignIn: 0,
    },
    environmentProxy: { source: 'none' },
    mainAsks: false,
    issuedTokens: [],
    requests: (operation) =>
      api.calls.filter((call) => call.operation === operation).map((call) => call.request),
    async mountView() {
      await useAppStore().load()
      const Screen = defineComponent({
        render: () => h('div', [h(SettingsView), h(WeakeningConfirmDialog)]),
      })
      const wrapper = mount(Screen, { attachTo: document.body, global: { plugins: [pinia] } })
      onTestFinished(() => wrapper.unmount())
      await flushPromises()
      return wrapper
    },
  }
  api.answers.getSettings = () => ok(structuredClone(harness.stored))
  api.answers.getStorageStatus = () => ok(structuredClone(harness.storage))
  // As main: the address set here wins (its credentials masked), else the environment's.
  api.answers.getProxyStatus = () => {
    const address = harness.stored.proxyUrl
    if (!address) return ok(structuredClone(harness.environmentProxy))
    const url = new URL(address)
    const masked = url.username || url.password
    url.username = ''
    url.password = ''
    return ok({
      source: 'settings',
      address: masked ? url.href.replace('//', '//••••••@') : url.href,
    })
  }
  api.answers.updateSettings = (request) => {
    const { proxyUrl, confirmationToken, ...rest } = request as SettingsPatchInput
    const weakenings = settingsWeakenings(harness.stored, request as SettingsPatchInput)
    if (harness.mainAsks && weakenings.length > 0) {
      const expected = harness.issuedTokens.at(-1)
      if (confirmationToken === undefined || confirmationToken !== expected) {
        const token = `token-${harness.issuedTokens.length + 1}`
        harness.issuedTokens.push(token)
        return {
          ok: false,
          error: {
            code: 'CONFIRMATION_REQUIRED',
            message: 'Confirm it.',
            confirmation: { operation: 'updateSettings', weakenings, token, expiresAt: 0 },
          },
        }
      }
    }
    const next: AppSettings = { ...harness.stored, ...rest }
    if (proxyUrl === null || proxyUrl === '') delete next.proxyUrl
    else if (proxyUrl !== undefined) next.proxyUrl = new URL(proxyUrl).href
    harness.stored = next
    return ok(structuredClone(next))
  }
  return harness
}
