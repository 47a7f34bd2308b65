/**
 * How the end-to-end tests and the renderer bench start Chromium. Playwright cannot download its
 * own browser here, so both use the system's (Debian's /usr/bin/chromium unless CHROMIUM_PATH
 * names another), headless and quiet: no sandbox (containers), no GPU, and none of the
 * background traffic (updates, sync, QUIC) that would make timings and network checks noisy.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]

/** Launch options for Playwright: `use.launchOptions` in its config, or `chromium.launch()`. */
export const chromiumLaunchOptions = {
  executablePath: chromiumPath,
  args: [...chromiumArgs],
}
