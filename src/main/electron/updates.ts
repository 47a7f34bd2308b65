/**
 * electron-updater for the update service (src/main/core/updates): the decision reads the
 * `app-update.yml` that `npm run dist` had electron-builder write when COZE_UPDATE_URL was set.
 * Without that file the updater is never created, so a build without an update server never
 * makes a request for one.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { app } from 'electron'
// electron-updater is CommonJS whose exports are getters: its default import is the module.
import electronUpdater from 'electron-updater'
import type { UpdateServiceOptions } from '../core/updates/update-service'
import { parseUpdateFeed, updateDecision } from '../core/updates/update-service'

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

export function electronUpdates(): Pick<UpdateServiceOptions, 'decision' | 'createUpdater'> {
  const feed = app.isPackaged
    ? parseUpdateFeed(readIfThere(join(process.resourcesPath, 'app-update.yml')))
    : undefined
  return {
    decision: updateDecision({ packaged: app.isPackaged, feed }),
    // The platform's updater (NSIS, Squirrel.Mac, AppImage or deb), with its signature checks
    // as they come: nothing here turns one off.
    createUpdater: () => electronUpdater.autoUpdater,
  }
}
