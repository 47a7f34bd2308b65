// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useAppStore } from '../../../../src/renderer/src/stores/app'
import { details } from '../../stores/helpers'
import type { AccountsHarness } from './accounts-harness'
import { createAccountsHarness, minute, now } from './accounts-harness'

let harness: AccountsHarness
let wrapper: VueWrapper | undefined

beforeEach(() => {
  setLocale('en')
  harness = createAccountsHarness()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.restoreAllMocks()
})

async function lineOf(accountId: string): Promise<string> {
  wrapper = await harness.mountView({ selectedId: accountId })
  return wrapper.get('[data-testid="command-line-token-text"]').text()
}

const fresh = { accessTokenExpiresAt: now + 12 * minute, method: 'pkce' as const }

describe("the account view's coze-auth line", () => {
  it('names the account, quoted for the shell where needed, and copies the line', async () => {
    harness.setAccounts([
      details('a1', { ...fresh, label: 'work' }),
      details('a2', { ...fresh, label: "Li Lei's (coze.cn)" }),
    ])
    expect(await lineOf('a1')).toBe('coze-auth token work')
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    await wrapper!.get('[data-testid="copy-command-line"]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('coze-auth token work')
    expect(wrapper!.get('[data-testid="copy-command-line-status"]').text()).not.toBe('')
    wrapper!.unmount()
    expect(await lineOf('a2')).toBe(`coze-auth token 'Li Lei'\\''s (coze.cn)'`)
  })

  it('names the account by its id when another has the same name, and adds --demo in the demo', async () => {
    harness.setAccounts([
      details('same-1', { ...fresh, label: 'twin' }),
      details('same-2', { ...fresh, label: 'twin' }),
    ])
    useAppStore().info = {
      name: 'Coze Auth Companion',
      version: '0.1.0',
      host: 'browser',
      platform: 'linux',
      arch: 'x64',
      versions: { node: '20' },
      demo: true,
    }
    expect(await lineOf('same-2')).toBe('coze-auth token same-2 --demo')
  })

  it('is not offered for a token that no longer works', async () => {
    harness.setAccounts([details('dead', { ...fresh, label: 'dead', status: 'needs-sign-in' })])
    wrapper = await harness.mountView({ selectedId: 'dead' })
    expect(wrapper.find('[data-testid="command-line-token"]').exists()).toBe(false)
  })
})
