/**
 * The system clipboard for the clipboard service, with the secret markers of each platform.
 *
 * What Electron allows (checked against Electron 45's `clipboard` module):
 * - `clipboard.write([new ClipboardItem({...})])` commits every entry of one call through a single
 *   Chromium `ScopedClipboardWriter`, atomically. A format written as
 *   `electron application/osclipboard;format="<name>"` lands verbatim under the platform format
 *   `<name>` (Chromium's `WriteUnsafeRawData`, as Electron patches it in), so the text and the
 *   markers arrive together as one clipboard entry.
 * - Before this API (electron/electron#51707, Electron 44) it was not possible: each `writeText`/`writeBuffer` call
 *   replaced the whole clipboard, and `writeBuffer` took a single format, so a marker could only be
 *   written instead of the text, never next to it. That is why Bitwarden desktop went to a native
 *   module for the Windows markers.
 *
 * The markers are hints that the OS clipboard history and well-behaved clipboard managers honour;
 * any program can still read the clipboard while the token is on it. Hence the clear after N
 * seconds as well.
 */
import { clipboard as systemClipboard, ClipboardItem } from 'electron'
import type { Clipboard } from 'electron'
import type { SecureClipboard } from '../core/clipboard/clipboard-service'
import { concealmentMarkers } from '../core/clipboard/concealment'
import type { Logger } from '../core/logger'
import { silentLogger } from '../core/logger'

/** The part of Electron's clipboard this adapter uses (a fake fits it). */
export type ElectronClipboardLike = Pick<Clipboard, 'write' | 'writeText' | 'readText' | 'clear'>

export function createElectronClipboard(
  clipboard: ElectronClipboardLike = systemClipboard,
  platform: NodeJS.Platform = process.platform,
  logger: Logger = silentLogger,
): SecureClipboard {
  const markers = concealmentMarkers(platform)
  // After one refusal, the platform will refuse again: write plain text from then on.
  let markersWork = markers.length > 0

  return {
    async writeSecret(text) {
      if (markersWork) {
        const entries: Record<string, string | Blob> = { 'text/plain': text }
        for (const marker of markers) {
          const mime = `electron application/osclipboard;format="${marker.format}"`
          entries[mime] = typeof marker.data === 'string' ? marker.data : new Blob([marker.data])
        }
        try {
          await clipboard.write([new ClipboardItem(entries)])
          return
        } catch (error) {
          markersWork = false
          // Copying must still work; the person loses only the history protection, so say so.
          logger.log('warn', 'clipboard: the concealment markers were refused; plain text only', {
            platform,
            error: error instanceof Error ? error.name : typeof error,
          })
        }
      }
      await clipboard.writeText(text)
    },
    readText: () => clipboard.readText(),
    async clear() {
      clipboard.clear()
    },
  }
}
