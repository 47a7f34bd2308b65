import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import type { MainScreen } from './screens'
import { mainScreens, walkMainScreens } from './screens'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface AxeNode {
  target: unknown[]
  html: string
  failureSummary?: string
}

interface AxeViolation {
  id: string
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null
  help: string
  helpUrl: string
  nodes: AxeNode[]
}

interface Finding extends AxeViolation {
  screen: MainScreen
  scheme: 'light' | 'dark'
}

/** Runs axe-core on the page as it is now (injected once per document). */
async function scan(page: Page): Promise<{ violations: AxeViolation[]; passed: number }> {
  const loaded = await page.evaluate(() => 'axe' in globalThis)
  if (!loaded) await page.addScriptTag({ path: axePath })
  return page.evaluate(async () => {
    // Without a context axe scans the whole document.
    const axe = (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe
    const result = (await axe.run()) as { violations: AxeViolation[]; passes: unknown[] }
    return { violations: result.violations, passed: result.passes.length }
  })
}

function describeFinding(finding: Finding): string {
  const where = finding.nodes
    .slice(0, 5)
    .map((node) => `    ${JSON.stringify(node.target)} ${node.html.slice(0, 160)}`)
    .join('\n')
  return `[${finding.impact}] ${finding.screen} (${finding.scheme}): ${finding.id}: ${finding.help}\n${where}`
}

// The window's CSP forbids injected scripts; the scan is a test-only guest.
test.use({ bypassCSP: true, viewport: { width: 1080, height: 760 } })

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`accessibility (${locale})`, () => {
    test.use({ locale })

    test('axe finds no problem of any impact on any main screen, light or dark', async ({
      page,
      hostApp,
      sandbox,
      launcher,
      workDir,
    }, testInfo) => {
      test.setTimeout(90_000)
      const findings: Finding[] = []
      const scanned: string[] = []
      await walkMainScreens({ page, hostApp, sandbox, launcher, workDir }, async (screen) => {
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme })
          const { violations, passed } = await scan(page)
          // A scan that checked nothing would pass anything.
          expect(passed, `axe checked nothing on ${screen}`).toBeGreaterThan(10)
          for (const violation of violations) findings.push({ ...violation, screen, scheme })
          scanned.push(`${screen}-${scheme}`)
        }
        await page.emulateMedia({ colorScheme: 'light' })
      })
      expect(scanned).toHaveLength(mainScreens.length * 2)

      await testInfo.attach('axe-violations.json', {
        body: JSON.stringify(findings, null, 2),
        contentType: 'application/json',
      })
      // Every impact counts, minor and moderate included (landmark-unique is moderate).
      expect(findings, findings.map(describeFinding).join('\n')).toEqual([])

      // And the scan does catch a problem on this page when there is one: a button with no name.
      await page.addScriptTag({
        content: `document.body.insertAdjacentHTML('beforeend', '<button type="button"></button>')`,
      })
      const probe = await scan(page)
      expect(probe.violations.map((violation) => violation.id)).toContain('button-name')
    })
  })
}
