import { encode } from 'uqr'

/**
 * Light modules around the code. The QR specification asks for four: with less, a phone camera
 * may not find the code's edges against whatever surrounds it on screen.
 */
export const quietZoneModules = 4

/** The modules of a QR code for `text`, quiet zone included: `true` is a dark module. */
export function qrModules(text: string): boolean[][] {
  // Level M survives a smudged or glossy screen and keeps a verification URL at a small version.
  return encode(text, { ecc: 'M', border: quietZoneModules }).data
}

/**
 * SVG path data that draws every dark module, one closed rectangle per horizontal run, in module
 * units (so the SVG's viewBox is `0 0 size size`). One path instead of a rect per module keeps a
 * version 5 code at about a hundred segments rather than several hundred elements.
 */
export function qrPathData(modules: readonly (readonly boolean[])[]): string {
  const segments: string[] = []
  modules.forEach((row, y) => {
    let x = 0
    while (x < row.length) {
      if (!row[x]) {
        x += 1
        continue
      }
      const start = x
      while (x < row.length && row[x]) x += 1
      const width = x - start
      segments.push(`M${start} ${y}h${width}v1h-${width}z`)
    }
  })
  return segments.join('')
}
