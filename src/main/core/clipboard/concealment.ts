/**
 * The clipboard formats that tell the system and clipboard managers a clipboard entry is a secret.
 * They travel next to the plain text in the same clipboard write; their contents are markers, never
 * the secret. Kept here, apart from Electron, so the table is tested without it.
 *
 * - macOS: `org.nspasteboard.ConcealedType` (a secret: clipboard managers such as Alfred and Maccy
 *   skip it) and `org.nspasteboard.TransientType` (short-lived: not worth keeping). Readers look for
 *   the type, not its contents, so the payload is empty.
 * - Windows: `ExcludeClipboardContentFromMonitorProcessing` (any data: the Windows clipboard
 *   history, cloud clipboard and monitors honouring it skip the entry), plus
 *   `CanIncludeInClipboardHistory` and `CanUploadToCloudClipboard` as the DWORD 0, which Windows'
 *   own history (Win+V) and cloud sync read, for monitors that know only those two. Each gets a
 *   4-byte zero DWORD: a zero-length clipboard handle is not something to rely on.
 * - Linux and the BSDs: `x-kde-passwordManagerHint` = `secret`, read by KDE's Klipper and by CopyQ.
 *   GNOME has no such convention; other managers may keep the token until the clear.
 */

export interface ClipboardMarker {
  /** The platform's own format name (a UTI, a registered Windows format, an X11/Wayland type). */
  format: string
  data: string | Uint8Array
}

/** A DWORD 0 in the little-endian layout Windows reads. */
const dwordZero = (): Uint8Array => new Uint8Array(4)

export function concealmentMarkers(platform: string): ClipboardMarker[] {
  switch (platform) {
    case 'darwin':
      return [
        { format: 'org.nspasteboard.ConcealedType', data: '' },
        { format: 'org.nspasteboard.TransientType', data: '' },
      ]
    case 'win32':
      return [
        { format: 'ExcludeClipboardContentFromMonitorProcessing', data: dwordZero() },
        { format: 'CanIncludeInClipboardHistory', data: dwordZero() },
        { format: 'CanUploadToCloudClipboard', data: dwordZero() },
      ]
    case 'linux':
    case 'freebsd':
    case 'openbsd':
    case 'netbsd':
      return [{ format: 'x-kde-passwordManagerHint', data: 'secret' }]
    default:
      return []
  }
}
