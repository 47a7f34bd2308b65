/**
 * Reading a drawn QR code back: the path data the SVG draws is turned into modules, then pixels,
 * then decoded with jsQR, so a test checks what is on screen rather than the encoder's own output.
 */
import jsQR from 'jsqr'
import { expect } from 'vitest'

/** Fills a module matrix from the path data the SVG draws: one rectangle per run, as written. */
export function modulesFromPath(path: string, size: number): boolean[][] {
  const modules = Array.from({ length: size }, () => Array<boolean>(size).fill(false))
  const segment = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g
  let drawn = 0
  for (const match of path.matchAll(segment)) {
    const [, x, y, width, back] = match.map(Number) as [number, number, number, number, number]
    expect(back).toBe(width)
    for (let column = x; column < x + width; column += 1) {
      const row = modules[y]
      if (row) row[column] = true
    }
    drawn += match[0].length
  }
  // Nothing in the path is left unparsed: the test reads all of what the SVG draws.
  expect(drawn).toBe(path.length)
  return modules
}

/** Rasterises a module matrix to RGBA pixels (dark on light, as the SVG paints it). */
export function rasterise(modules: readonly (readonly boolean[])[], scale = 4) {
  const size = modules.length * scale
  const pixels = new Uint8ClampedArray(size * size * 4)
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const dark = modules[Math.floor(y / scale)]?.[Math.floor(x / scale)] === true
      const at = (y * size + x) * 4
      pixels.fill(dark ? 0 : 255, at, at + 3)
      pixels[at + 3] = 255
    }
  }
  return { pixels, size }
}

/** The text a path of `size` modules square decodes to, or undefined when it does not decode. */
export function decodePath(path: string, size: number): string | undefined {
  const { pixels, size: width } = rasterise(modulesFromPath(path, size))
  return jsQR(pixels, width, width, { inversionAttempts: 'dontInvert' })?.data
}
