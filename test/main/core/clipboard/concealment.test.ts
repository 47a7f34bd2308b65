import { describe, expect, it } from 'vitest'
import { concealmentMarkers } from '../../../../src/main/core/clipboard/concealment'

describe('concealmentMarkers', () => {
  it('macOS: concealed and transient pasteboard types, with no payload', () => {
    expect(concealmentMarkers('darwin')).toEqual([
      { format: 'org.nspasteboard.ConcealedType', data: '' },
      { format: 'org.nspasteboard.TransientType', data: '' },
    ])
  })

  it('Windows: excluded from monitors, history and cloud clipboard, each a DWORD 0', () => {
    const markers = concealmentMarkers('win32')
    expect(markers.map((marker) => marker.format)).toEqual([
      'ExcludeClipboardContentFromMonitorProcessing',
      'CanIncludeInClipboardHistory',
      'CanUploadToCloudClipboard',
    ])
    for (const marker of markers) {
      expect(marker.data).toBeInstanceOf(Uint8Array)
      expect(Array.from(marker.data as Uint8Array)).toEqual([0, 0, 0, 0])
    }
    // Each call gets its own bytes: one write cannot change the next one's marker.
    expect(concealmentMarkers('win32')[0]?.data).not.toBe(markers[0]?.data)
  })

  it('Linux and the BSDs: the KDE password-manager hint', () => {
    for (const platform of ['linux', 'freebsd', 'openbsd', 'netbsd']) {
      expect(concealmentMarkers(platform)).toEqual([
        { format: 'x-kde-passwordManagerHint', data: 'secret' },
      ])
    }
  })

  it('nothing where no convention is known', () => {
    expect(concealmentMarkers('aix')).toEqual([])
    expect(concealmentMarkers('sunos')).toEqual([])
  })
})
