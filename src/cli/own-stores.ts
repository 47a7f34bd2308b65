/**
 * `coze-auth` on its own: no app answers, so the command opens the app's stores itself, under
 * the data-folder lock the app takes too. Loaded only then (backend.ts), since the core, the
 * stores and the keychain cost most of a command's start.
 */
import { statSync } from 'node:fs'
import { createHostServices, openPersistentCore } from '../main/core'
import { createCommandLineService } from '../main/core/command-line/command-line-service'
import { describeProgram } from '../main/core/command-line/socket-server'
import { commandLineSocketPath } from '../main/core/command-line/socket-path'
import { acquireDataDirLockWaiting } from '../main/core/data-dir-lock'
import { AppError } from '../main/core/errors'
import { journalPathFor } from '../main/core/vault/journal'
import { peekStoredSettings } from '../main/core/vault/metadata'
import { KeychainError } from '../main/core/vault/keychain-vault'
import { secretFilePaths } from '../main/core/vault/vault-selection'
import { createSystemBrowserLauncher } from '../browser-host/launchers'
import type { Backend, DemoDescription } from './backend'
import { CliFailure, once } from './backend'

/** Whether the desktop app's safeStorage files are there (only that app can read them). */
function safeStorageFilesExist(dataDir: string): boolean {
  const snapshot = secretFilePaths(dataDir).safeStorage
  return [snapshot, journalPathFor(snapshot)].some((path) => {
    try {
      return statSync(path).size > 0
    } catch {
      return false
    }
  })
}

export async function openOwnStores(
  dataDir: string,
  demo: DemoDescription | undefined,
  /** The desktop app's own folder, where secrets go to safeStorage unless the settings say not. */
  desktopFolder: boolean,
): Promise<Backend> {
  let releaseLock: () => void
  try {
    // A few seconds: another coze-auth may be finishing its command on this folder.
    releaseLock = await acquireDataDirLockWaiting(dataDir, 15_000)
  } catch (error) {
    if (error instanceof AppError && error.params?.reason === 'data-dir-locked') {
      throw new CliFailure('busy', { dir: dataDir, pid: error.params.pid ?? '?' })
    }
    throw error
  }
  try {
    /*
     * Opening a folder whose secrets this process cannot read would mark every account "needs
     * sign-in" (the core reconciles the list with the secrets it finds): so it is not opened.
     * That is the desktop app's folder (or one holding its safeStorage files) while the settings
     * keep secrets in safeStorage, its default; once the person chose the keychain there, the
     * app moves them out of it, and the keychain is what coze-auth opens too.
     */
    // Read without opening the store, which would write (an open compacts its journal).
    const keychainChosen = (await peekStoredSettings(dataDir)).secretStorage === 'keychain'
    if (!keychainChosen && (desktopFolder || safeStorageFilesExist(dataDir))) {
      throw new CliFailure('desktopOnlySecrets', { dir: dataDir })
    }
    const persistent = await openPersistentCore({
      dataDir,
      defaultSecretStorage: 'keychain',
      /*
       * Not probed (the app writes, reads back and deletes an item at its start): the core's
       * first keychain call, its listing of the secrets, finds out as surely, and a command then
       * ends with the keychain's exit code. A probe cost each command three more round trips and
       * a connection, and wrote an item to the person's keychain every time.
       */
      keychain: { probe: false },
      browser: createSystemBrowserLauncher(),
      ...(demo ? { regions: demo.regions } : {}),
      ...(demo?.profilesDir ? { bundledProfilesDir: demo.profilesDir } : {}),
    })
    const appInfo = {
      name: 'coze-auth',
      version: '0',
      host: 'browser' as const,
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node },
      ...(demo ? { demo: true } : {}),
    }
    const services = createHostServices({
      persistent,
      clipboard: {
        writeSecret: () => Promise.reject(new Error('no clipboard')),
        readText: async () => '',
        clear: async () => undefined,
      },
      app: {
        host: 'browser',
        appName: appInfo.name,
        appVersion: appInfo.version,
        platform: appInfo.platform,
        arch: appInfo.arch,
        runtimeVersions: appInfo.versions,
        ...(demo ? { demo: true } : {}),
      },
      // A command runs and ends: the app's background refresh is the app's.
      startScheduler: false,
    })
    const service = createCommandLineService({
      services,
      persistent,
      appInfo,
      runner: 'command-line',
    })
    const caller = { program: describeProgram(process.pid, process.ppid) }
    return {
      mode: 'own',
      host: 'command-line',
      pid: process.pid,
      dataDir,
      socketPath: commandLineSocketPath(dataDir),
      call: (operation, request) => service.dispatch(operation, request, caller),
      onEvent: (listener) => services.events.subscribe((name, payload) => listener(name, payload)),
      close: once(async () => {
        await services.dispose()
        releaseLock()
      }),
    }
  } catch (error) {
    releaseLock()
    if (error instanceof KeychainError) {
      throw new CliFailure('keychain', { code: error.code, message: error.message })
    }
    throw error
  }
}
