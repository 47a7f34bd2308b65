/**
 * The window in real Chromium (Debian's /usr/bin/chromium through playwright-core), served by the
 * browser host with 1,000 stored accounts:
 *
 * - the renderer's JavaScript, gzipped at level 9 (target ≤ 120 KB, counted as 120,000 bytes; the build is minified);
 * - the first render of the accounts list: from the click on the Accounts tab (coming from
 *   Settings) until the first row exists, layout is done and one frame has passed (median
 *   ≤ 150 ms, 20 runs after 2 warm-ups);
 * - one keystroke in the search field: from setting the value and its `input` event until Vue
 *   has flushed (a zero timeout) and layout is done (median ≤ 16 ms; "a", "ac", "acc", cleared,
 *   ten rounds after one warm-up round);
 * - extra: the page's JS heap and DOM node count with the list shown;
 * - extra: a cold start, from the page's navigation until the first row of the list is painted:
 *   loading the window, asking main for the 1,000 summaries over the bridge and the first render
 *   (5 reloads after one warm-up).
 *
 * It measures the built renderer in `out/renderer`, and builds it first (`npx electron-vite
 * build`, which also rebuilds `out/main` and `out/preload`) when that folder is missing or older
 * than any file under `src/renderer` or `src/shared`.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { startBrowserHostApp } from '../src/browser-host/host-app'
import type { BrowserHostApp } from '../src/browser-host/host-app'
import { RecordingBrowserLauncher } from '../src/browser-host/launchers'
import { tokensKey } from '../src/main/core/accounts/account-service'
import type { StoredAccount } from '../src/main/core/accounts/account'
import { vaultService } from '../src/main/core/profile-service'
import { openMetadataStore } from '../src/main/core/vault/metadata'
import { PlaintextFileVault } from '../src/main/core/vault/plaintext-file-vault'
import { secretFilePaths } from '../src/main/core/vault/vault-selection'
import { sampleAccount } from '../test/main/core/vault/fixtures/metadata-samples'
import { chromiumLaunchOptions } from '../test/support/chromium'
import { RecordingClipboard } from '../test/support/recording-clipboard'
import type { Summary } from './measure'
import { summarise } from './measure'

const repositoryRoot = resolve(import.meta.dirname, '..')
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
const rendererOutDir = join(repositoryRoot, 'out/renderer')
const rendererSourceDirs = ['src/renderer', 'src/shared'].map((dir) => join(repositoryRoot, dir))

/** The selectors the measurements need; the Accounts screen must expose them. */
export const selectors = {
  navAccounts: '[data-testid="nav-accounts"]',
  navSettings: '[data-testid="nav-settings"]',
  settings: '[data-testid="settings"]',
  row: '[data-testid="account-row"]',
  search: '[data-testid="account-search"]',
} as const

export interface RendererBench {
  build: { ran: boolean; ms?: number }
  bundle: { jsFiles: number; jsBytes: number; jsGzipBytes: number; cssGzipBytes: number }
  accounts: number
  /** What the seeding could store: tokens go to a plain-text file vault in the temporary folder. */
  seededWithTokens: number
  firstRender: Summary
  coldStart: Summary
  keystroke: Summary
  /** Matching accounts after each query, to show that the filter did its work inside the timing. */
  matchesAfterQuery: Record<string, number>
  memory?: { jsHeapUsedBytes: number; domNodes: number }
}

/** Thrown when the page lacks what the bench measures: the message says what is missing. */
export class RendererBenchUnavailable extends Error {
  override name = 'RendererBenchUnavailable'
}

// ---------------------------------------------------------------------------------------------
// Build and bundle size

function newestSourceTime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

function oldestOutputTime(dir: string): number {
  let oldest = Number.POSITIVE_INFINITY
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      oldest = Math.min(oldest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return oldest
}

/** Builds when `out/renderer` is missing or older than a source file; says whether it did. */
export function ensureRendererBuilt(): RendererBench['build'] {
  const indexHtml = join(rendererOutDir, 'index.html')
  const sourcesChanged =
    !existsSync(indexHtml) ||
    Math.max(...rendererSourceDirs.map(newestSourceTime)) > oldestOutputTime(rendererOutDir)
  if (!sourcesChanged) return { ran: false }
  const started = performance.now()
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  })
  if (build.status !== 0) {
    throw new Error(`npx electron-vite build failed:\n${build.stdout}\n${build.stderr}`)
  }
  return { ran: true, ms: Math.round(performance.now() - started) }
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => join(entry.parentPath, entry.name))
}

function gzippedSize(files: string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0)
}

export function measureBundle(): RendererBench['bundle'] {
  const js = filesUnder(rendererOutDir, '.js')
  if (js.length === 0) throw new Error(`No JavaScript under ${rendererOutDir}.`)
  return {
    jsFiles: js.length,
    jsBytes: js.reduce((sum, file) => sum + statSync(file).size, 0),
    jsGzipBytes: gzippedSize(js),
    cssGzipBytes: gzippedSize(filesUnder(rendererOutDir, '.css')),
  }
}

// ---------------------------------------------------------------------------------------------
// 1,000 stored accounts

/** Names a filter can tell apart: "a" keeps most rows, "ac" fewer, "acc" a tenth. */
const labelStems = [
  'Acme production',
  'Acme staging',
  'Accounting bots',
  'Marketing',
  'Personal',
  'Team Beta',
  'Research lab',
  'Customer care',
  'Sales demo',
  'Data pipeline',
] as const
const methods = ['pkce', 'device', 'jwt', 'pat', 'web', 'sat'] as const

/**
 * An account list as a heavy user would have it: every expiry state (fresh for days, expiring in
 * minutes, expired, needing a sign-in), every method, both regions.
 */
function benchAccount(index: number, now: number): StoredAccount {
  const minute = 60_000
  const state = index % 10
  const expiresIn =
    state === 0
      ? -2 * minute
      : state < 3
        ? (2 + (index % 8)) * minute
        : (3 + (index % 40)) * 60 * minute
  const stem = labelStems[index % labelStems.length] ?? 'Account'
  return sampleAccount(index, {
    label: `${stem} ${index}`,
    method: methods[index % methods.length] ?? 'pkce',
    status: state === 9 ? 'needs-sign-in' : state === 0 ? 'expired' : 'active',
    accessTokenExpiresAt: now + expiresIn,
    refreshTokenExpiresAt: now + 30 * 24 * 60 * minute,
  })
}

/**
 * Seeds the folder the host will open: the account list through the metadata store, and the
 * tokens in the plain-text file vault inside that same temporary folder (with the opt-in set), so
 * the seeding never writes to this computer's keychain. Accounts that should need a sign-in get
 * no tokens, as after a lost secret store.
 */
async function seedAccounts(dataDir: string, count: number): Promise<number> {
  const { store } = await openMetadataStore({ dir: dataDir })
  await store.updateSettings({ allowPlaintextSecrets: true, language: 'en' })
  const now = Date.now()
  const accounts = Array.from({ length: count }, (_, i) => benchAccount(i, now))
  // Puts made in one turn are written once.
  await Promise.all(accounts.map((account) => store.accounts.put(account)))
  const vault = new PlaintextFileVault({
    filePath: secretFilePaths(dataDir).plaintext,
    userConsented: true,
  })
  const withTokens = accounts.filter((account) => account.status !== 'needs-sign-in')
  await Promise.all(
    withTokens.map((account) =>
      vault.setPassword(
        vaultService,
        tokensKey(account.id),
        JSON.stringify({
          accessToken: `czu_${randomBytes(24).toString('hex')}`,
          refreshToken: randomBytes(24).toString('hex'),
        }),
      ),
    ),
  )
  return withTokens.length
}

// ---------------------------------------------------------------------------------------------
// In the page

/*
 * The in-page helpers, as source text: a function passed to page.evaluate would be serialised
 * from tsx's transpiled code, which may call helpers (`__name`) that do not exist in the page.
 */
const pageHelpers = `
window.__cozeBench = {
  /**
   * Resolves as soon as the selector matches: a MutationObserver fires right after the DOM change.
   * It resolves with nothing, not the element: whatever a promise handed to DevTools holds stays
   * alive, and an element would keep a whole unmounted screen in memory.
   */
  waitFor(selector, timeoutMs) {
    if (document.querySelector(selector)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        observer.disconnect()
        reject(new Error('timed out waiting for ' + selector))
      }, timeoutMs)
      const observer = new MutationObserver(() => {
        if (!document.querySelector(selector)) return
        observer.disconnect()
        clearTimeout(timer)
        resolve()
      })
      observer.observe(document.body, { childList: true, subtree: true })
    })
  },
  async firstRender() {
    const tab = document.querySelector(${JSON.stringify(selectors.navAccounts)})
    const t0 = performance.now()
    tab.click()
    await this.waitFor(${JSON.stringify(selectors.row)}, 10000)
    void document.body.offsetHeight
    await new Promise((resolve) => requestAnimationFrame(() => resolve()))
    return performance.now() - t0
  },
  async keystroke(value) {
    const input = document.querySelector(${JSON.stringify(selectors.search)})
    const t0 = performance.now()
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
    // Vue flushes in a microtask; a zero timeout runs after it.
    await new Promise((resolve) => setTimeout(resolve, 0))
    void document.body.offsetHeight
    const elapsed = performance.now() - t0
    // A windowed list renders only the rows in view; aria-setsize still says how many match.
    const rows = document.querySelectorAll(${JSON.stringify(selectors.row)})
    const setSize = Number(rows[0] ? rows[0].getAttribute('aria-setsize') : 0)
    return { elapsed, matches: setSize > 0 ? setSize : rows.length }
  },
}
`

/**
 * Runs before the window's own scripts on every load: notes when the first account row has been
 * painted, on the page's clock (zero is the start of the navigation).
 */
const coldStartProbe = `
(() => {
  const row = ${JSON.stringify(selectors.row)}
  const observer = new MutationObserver(() => {
    if (!document.querySelector(row)) return
    observer.disconnect()
    requestAnimationFrame(() => {
      window.__cozeFirstRowPaintedAt = performance.now()
    })
  })
  observer.observe(document, { childList: true, subtree: true })
})()
`

/*
 * Waits go through locators: page.waitForSelector hands back an element handle, which keeps that
 * element (and the whole screen it was in, once unmounted) alive in the page and would show up
 * as a leak in the memory figure.
 */
async function waitForSelector(page: Page, selector: string, what: string): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ state: 'attached', timeout: 15_000 })
  } catch {
    throw new RendererBenchUnavailable(
      `${what}: the page has no ${selector} after 15 s. The Accounts screen must render one ` +
        `${selectors.row} per shown account and a search field ${selectors.search}; build it ` +
        `(npx electron-vite build) and run the bench again.`,
    )
  }
}

/** Quiet moment between samples, so a garbage collection or a late fetch is not timed. */
async function settle(page: Page): Promise<void> {
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 150))')
}

async function measureFirstRender(page: Page, runs: number, warmups: number): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < warmups + runs; i += 1) {
    await page.click(selectors.navSettings)
    await waitForSelector(page, selectors.settings, 'Settings')
    await page.locator(selectors.row).first().waitFor({ state: 'detached', timeout: 5000 })
    await settle(page)
    const elapsed = (await page.evaluate('window.__cozeBench.firstRender()')) as number
    if (i >= warmups) samples.push(elapsed)
  }
  return samples
}

async function measureKeystrokes(
  page: Page,
  rounds: number,
): Promise<{ samples: number[]; matchesAfterQuery: Record<string, number> }> {
  await waitForSelector(page, selectors.search, 'Search')
  await page.focus(selectors.search)
  const queries = ['a', 'ac', 'acc', '']
  const samples: number[] = []
  const matchesAfterQuery: Record<string, number> = {}
  // The first round warms up the JIT and Vue's caches and is not kept.
  for (let round = 0; round <= rounds; round += 1) {
    for (const query of queries) {
      await settle(page)
      const { elapsed, matches } = (await page.evaluate(
        `window.__cozeBench.keystroke(${JSON.stringify(query)})`,
      )) as { elapsed: number; matches: number }
      if (round > 0) samples.push(elapsed)
      matchesAfterQuery[query === '' ? '(cleared)' : query] = matches
    }
  }
  return { samples, matchesAfterQuery }
}

async function measureColdStarts(page: Page, runs: number): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i <= runs; i += 1) {
    await page.reload()
    const painted = await page.waitForFunction(
      'typeof window.__cozeFirstRowPaintedAt === "number" && window.__cozeFirstRowPaintedAt',
      undefined,
      { timeout: 15_000 },
    )
    const at = (await painted.jsonValue()) as number
    await painted.dispose()
    // The first reload warms the HTTP cache and the JIT, as a second start of the app would be.
    if (i > 0) samples.push(at)
  }
  return samples
}

async function measureMemory(page: Page): Promise<RendererBench['memory']> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('Performance.enable')
    const { metrics } = await cdp.send('Performance.getMetrics')
    const metric = (name: string): number => metrics.find((m) => m.name === name)?.value ?? NaN
    return { jsHeapUsedBytes: metric('JSHeapUsedSize'), domNodes: metric('Nodes') }
  } finally {
    await cdp.detach()
  }
}

// ---------------------------------------------------------------------------------------------

export async function benchRenderer(
  options: { accounts?: number; renderRuns?: number; keystrokeRounds?: number } = {},
): Promise<RendererBench> {
  const accounts = options.accounts ?? 1000
  const build = ensureRendererBuilt()
  const bundle = measureBundle()
  const dataDir = mkdtempSync(join(tmpdir(), 'coze-bench-renderer-'))
  let host: BrowserHostApp | undefined
  let browser: Browser | undefined
  try {
    const seededWithTokens = await seedAccounts(dataDir, accounts)
    host = await startBrowserHostApp({
      dataDir,
      port: 0,
      browser: new RecordingBrowserLauncher(),
      // The bench copies nothing; a clipboard command would be a needless dependency here.
      clipboard: new RecordingClipboard(),
      startScheduler: false,
    })
    browser = await chromium.launch(chromiumLaunchOptions)
    // The window's CSP forbids injected scripts; the measuring helpers are a bench-only guest.
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    })
    // Avatars point at Coze's image servers. The bench stays off the network: every outside
    // request gets a one-pixel image at once, as from a warm cache. (An image still loading also
    // keeps its unmounted row alive, which would show up in the memory figure.)
    await context.route(
      (url) => url.origin !== host?.host.origin,
      (route) => route.fulfill({ status: 200, contentType: 'image/png', body: onePixelPng }),
    )
    await context.addInitScript(coldStartProbe)
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(host.host.url)
    await waitForSelector(page, selectors.navAccounts, 'The window')
    await waitForSelector(page, selectors.row, 'Accounts')
    await page.evaluate(pageHelpers)

    const firstRender = summarise(await measureFirstRender(page, options.renderRuns ?? 20, 2))
    const memory = await measureMemory(page)
    const keystrokes = await measureKeystrokes(page, options.keystrokeRounds ?? 10)
    // Last: a reload leaves the page without the measuring helpers.
    const coldStart = summarise(await measureColdStarts(page, 5))
    if (pageErrors.length > 0) {
      throw new Error(`The page threw while measured: ${pageErrors.join(' | ')}`)
    }
    return {
      build,
      bundle,
      accounts,
      seededWithTokens,
      firstRender,
      coldStart,
      keystroke: summarise(keystrokes.samples),
      matchesAfterQuery: keystrokes.matchesAfterQuery,
      ...(memory ? { memory } : {}),
    }
  } finally {
    await browser?.close()
    await host?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
