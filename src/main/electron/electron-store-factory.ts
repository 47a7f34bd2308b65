import ElectronStore from 'electron-store'
import type { ConfFactory, ConfLike } from '../core/vault/metadata-store'

/**
 * The metadata store's file in the Electron app: electron-store, which is conf plus Electron's
 * defaults. The options name the folder, so the userData default does not apply.
 */
export const electronStoreFactory: ConfFactory = (options): ConfLike =>
  new ElectronStore<Record<string, unknown>>(options)
