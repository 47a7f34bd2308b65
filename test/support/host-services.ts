/**
 * The host services as the apps build them (`openPersistentCore`, then `createHostServices`), on a
 * fresh data folder under the run's store root, with secrets in memory (the demo's mode) and no
 * background refresh. For tests of what sits on top of the services: the dispatch, the bridge.
 */
import type { HostIdentity, HostServices } from '../../src/main/core/host-services'
import { createHostServices } from '../../src/main/core/host-services'
import { openPersistentCore } from '../../src/main/core/open-persistent-core'
import type { BrowserLauncher, HostDialogs } from '../../src/main/core/ports'
import type { RegionOverrides } from '../../src/main/core/regions'
import { RecordingClipboard } from './recording-clipboard'
import { newStoreDir } from './store-dirs'

/** The identity the browser host's tests give their services. */
export const testBrowserHostApp: HostIdentity = {
  host: 'browser',
  appName: 'Coze Auth Companion',
  appVersion: '9.9.9',
  platform: 'linux',
  arch: 'x64',
  runtimeVersions: { node: process.versions.node },
}

export interface TestHostServicesOptions {
  /** Names the data folder, so that a leftover one says which test made it. */
  label: string
  app: HostIdentity
  regions?: RegionOverrides
  dialogs?: HostDialogs
  /** Default: one that opens nothing. */
  browser?: BrowserLauncher
}

export async function openTestHostServices(
  options: TestHostServicesOptions,
): Promise<HostServices> {
  const persistent = await openPersistentCore({
    dataDir: newStoreDir(options.label),
    defaultSecretStorage: 'keychain',
    secretsInMemoryOnly: true,
    browser: options.browser ?? { open: async () => {} },
    ...(options.regions ? { regions: options.regions } : {}),
  })
  return createHostServices({
    persistent,
    clipboard: new RecordingClipboard(),
    app: options.app,
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    startScheduler: false,
  })
}
