import axe from 'axe-core'
import { expect } from 'vitest'

/**
 * axe-core on a happy-dom tree: its serious and critical findings, one line each (rule id and the
 * offending markup), so a test can expect an empty list and show what broke when it is not.
 * Colour contrast needs a real layout engine and is left to the scan in Chromium (e2e).
 *
 * `minimumPasses` guards against a scan that silently checked nothing (an empty or detached root).
 */
export async function seriousAxeFindings(
  root: Element = document.body,
  { minimumPasses = 1 }: { minimumPasses?: number } = {},
): Promise<string[]> {
  const result = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } })
  expect(result.passes.length).toBeGreaterThanOrEqual(minimumPasses)
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`)
}
