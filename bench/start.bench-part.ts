/**
 * `npm start` where no Electron binary can be had, as a person meets it: from the command until
 * the address is printed, and until the window is painted in Chromium (its navigation shown, so
 * the bridge has answered). Electron's downloads are pointed at a local server that answers 404,
 * so the fallback is decided at once, as on a machine whose network refuses them; each run starts
 * with no memory of an earlier failed fetch. The build runs in every start, as it does for a
 * person; a second figure leaves it out (COZE_START_NO_BUILD) to show what the build costs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { startCommand } from '../test/support/child-process'
import { chromiumLaunchOptions } from '../test/support/chromium'
import type { Summary } from './measure'
import { summarise } from './measure'

export interface StartBench {
  withBuild: { address: Summary; painted: Summary }
  withoutBuild: { address: Summary; painted: Summary }
}

const addressPattern = /http:\/\/127\.0\.0\.1:\d+\/#bridge=[\w-]+/

export async function benchStart(runs = 5): Promise<StartBench> {
  const mirror = createServer((_request, response) => response.writeHead(404).end())
  await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done))
  const mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`
  const browser = await chromium.launch(chromiumLaunchOptions)
  const samples = {
    withBuild: { address: [] as number[], painted: [] as number[] },
    withoutBuild: { address: [] as number[], painted: [] as number[] },
  }
  try {
    // Alternated, so that drift in the machine's load hits both alike; the first pair warms up.
    for (let run = 0; run <= runs; run += 1) {
      for (const variant of ['withBuild', 'withoutBuild'] as const) {
        const scratch = mkdtempSync(join(tmpdir(), 'coze-bench-start-'))
        const started = performance.now()
        const command = startCommand('npm', ['start', '--', '--data-dir', join(scratch, 'data')], {
          DISPLAY: '',
          WAYLAND_DISPLAY: '',
          ELECTRON_MIRROR: mirrorUrl,
          COZE_ELECTRON_FETCH_STATE: join(scratch, 'fetch-state'),
          COZE_START_NO_BUILD: variant === 'withBuild' ? '0' : '1',
        })
        try {
          const [address] = await command.waitFor(addressPattern)
          const printed = performance.now()
          const page = await browser.newPage()
          await page.goto(address)
          await page.waitForSelector('[data-testid="nav-accounts"]')
          const painted = performance.now()
          await page.close()
          if (run > 0) {
            samples[variant].address.push(printed - started)
            samples[variant].painted.push(painted - started)
          }
        } finally {
          command.pressCtrlC()
          await command.exited
          rmSync(scratch, { recursive: true, force: true })
        }
      }
    }
  } finally {
    await browser.close()
    await new Promise((done) => mirror.close(done))
  }
  return {
    withBuild: {
      address: summarise(samples.withBuild.address),
      painted: summarise(samples.withBuild.painted),
    },
    withoutBuild: {
      address: summarise(samples.withoutBuild.address),
      painted: summarise(samples.withoutBuild.painted),
    },
  }
}
