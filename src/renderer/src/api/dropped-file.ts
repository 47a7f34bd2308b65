/**
 * The path of a file dropped on the window, for main to read. The window itself never reads the
 * file: a dropped private key must not pass through the page, so only its location crosses, and
 * main (after showing its own dialog with the file preselected) reads it.
 */

/** What the desktop app's preload exposes as `window.cozeFiles` (see `filesGlobalName`). */
export interface DroppedFilePaths {
  pathOf(file: File): string
}

declare global {
  interface Window {
    /** Set by the Electron preload only; the browser host has no way to learn a file's path. */
    cozeFiles?: DroppedFilePaths
  }
}

/**
 * Where the dropped file lives on disk, or undefined when the window cannot know: in the browser
 * host, with an older preload, or for a "file" that was never on disk (dragged out of another
 * program), for which Electron answers with an empty string.
 */
export function pathOfDroppedFile(file: File): string | undefined {
  const paths = typeof window === 'undefined' ? undefined : window.cozeFiles
  if (typeof paths?.pathOf !== 'function') return undefined
  try {
    const path = paths.pathOf(file)
    return typeof path === 'string' && path !== '' ? path : undefined
  } catch {
    return undefined
  }
}
