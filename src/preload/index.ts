/**
 * The sandboxed preload: one function per contract operation and one subscription per event,
 * never `ipcRenderer` itself.
 */
import type { IpcRendererEvent } from 'electron'
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { Result } from '../shared/errors'
import type { CompanionApi, EventName, Events, OperationName } from '../shared/ipc-contract'
import {
  apiGlobalName,
  eventChannels,
  filesGlobalName,
  operationChannels,
} from '../shared/ipc-contract'

/**
 * `invoke` rejects instead of answering when main has no handler yet (the page asked before the
 * services started) or a request cannot be cloned. The page relies on `{ ok: false }` for every
 * failure, so the rejection becomes one.
 */
const bridgeUnavailable = (): Result<never> => ({
  ok: false,
  error: { code: 'BRIDGE_UNAVAILABLE', message: 'The app is not ready. Try again in a moment.' },
})

function buildApi(): CompanionApi {
  const api: Record<string, unknown> = {}
  for (const [operation, channel] of Object.entries(operationChannels) as [
    OperationName,
    string,
  ][]) {
    // Only the first argument is forwarded, so a page cannot smuggle extra values to main.
    api[operation] = async (request?: unknown): Promise<unknown> => {
      try {
        return await ipcRenderer.invoke(channel, request)
      } catch {
        return bridgeUnavailable()
      }
    }
  }
  const on: Record<string, unknown> = {}
  for (const [name, channel] of Object.entries(eventChannels) as [EventName, string][]) {
    on[name] = (listener: (payload: Events[typeof name]) => void) => {
      const wrapped = (_event: IpcRendererEvent, payload: Events[typeof name]): void =>
        listener(payload)
      ipcRenderer.on(channel, wrapped)
      return () => {
        ipcRenderer.removeListener(channel, wrapped)
      }
    }
  }
  api.on = on
  return api as CompanionApi
}

contextBridge.exposeInMainWorld(apiGlobalName, buildApi())

// A file dropped on the window has no path in the page since Electron 32; the preload can ask for
// it. Only the path crosses: the page never reads a dropped key file's content, and main still
// shows its own dialog with this file preselected before reading anything.
contextBridge.exposeInMainWorld(filesGlobalName, {
  pathOf: (file: File): string => webUtils.getPathForFile(file),
})
