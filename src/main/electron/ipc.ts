import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { ipcMain } from 'electron'
import type { Result } from '../../shared/errors'
import type { EventName, Events, OperationName } from '../../shared/ipc-contract'
import { eventChannels, operationChannels } from '../../shared/ipc-contract'
import type { Dispatch } from '../core/rpc/dispatcher'
import { isTrustedSenderUrl } from '../core/security/url-policy'

export interface TrustedPage {
  contents: WebContents
  pageUrl: string
}

/**
 * Registers one `ipcMain.handle` per contract operation. A message from any frame other than the
 * main frame of the app's own page is refused before it reaches the core.
 */
export function registerIpcHandlers(
  dispatch: Dispatch,
  trusted: () => TrustedPage | undefined,
): () => void {
  const forbidden: Result<never> = {
    ok: false,
    error: { code: 'FORBIDDEN_SENDER', message: 'This window may not talk to the app.' },
  }
  const channels = Object.entries(operationChannels) as [OperationName, string][]
  for (const [operation, channel] of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, request: unknown) => {
      const page = trusted()
      const frame = event.senderFrame
      const isTrusted =
        page !== undefined &&
        event.sender === page.contents &&
        frame !== null &&
        frame === event.sender.mainFrame &&
        isTrustedSenderUrl(frame.url, page.pageUrl)
      return isTrusted ? dispatch(operation, request) : forbidden
    })
  }
  return () => {
    for (const [, channel] of channels) ipcMain.removeHandler(channel)
  }
}

export function sendEvent<E extends EventName>(
  contents: WebContents,
  name: E,
  payload: Events[E],
): void {
  if (!contents.isDestroyed()) contents.send(eventChannels[name], payload)
}
