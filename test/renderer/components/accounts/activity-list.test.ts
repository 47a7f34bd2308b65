// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ActivityEntry } from '../../../../src/shared/ipc-contract'
import { installApi } from '../../../../src/renderer/src/api/bridge'
import ActivityList from '../../../../src/renderer/src/components/accounts/ActivityList.vue'
import { setLocale } from '../../../../src/renderer/src/i18n'
import type { FakeApi } from '../../fake-api'
import { createFakeApi } from '../../fake-api'
import { details, ok } from '../../stores/helpers'

let api: FakeApi
let activity: ActivityEntry[]
let copied: string[]
const mounted: ReturnType<typeof mount>[] = []

const at = Date.UTC(2026, 11, 3, 8, 11, 0)

beforeEach(() => {
  setLocale('en')
  setActivePinia(createPinia())
  api = createFakeApi()
  installApi(api)
  activity = [
    {
      at: at + 2000,
      action: 'refresh',
      ok: false,
      code: 'NETWORK',
      durationMs: 31,
    },
    {
      at: at + 1000,
      action: 'refresh',
      ok: false,
      code: 'SERVER_ERROR',
      status: 500,
      logId: '20261203081101ABCDEF',
      durationMs: 12,
    },
    {
      at,
      action: 'sign-in',
      ok: true,
      status: 200,
      logId: '20261203081100FEDCBA',
      durationMs: 240,
    },
  ]
  api.answers.getAccountActivity = () => ok(structuredClone(activity))
  copied = []
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void copied.push(text) },
  })
})

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
})

async function mountList() {
  const wrapper = mount(ActivityList, {
    props: { account: details('a1', { label: 'Work (coze.cn)', region: 'cn', method: 'pkce' }) },
    attachTo: document.body,
  })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

describe('ActivityList', () => {
  it("shows main's entries newest first: what happened, the HTTP status, the log ID, the time taken", async () => {
    const wrapper = await mountList()
    expect(api.calls.filter((call) => call.operation === 'getAccountActivity')).toEqual([
      { operation: 'getAccountActivity', request: { accountId: 'a1' } },
    ])
    const rows = wrapper.findAll('[data-testid="activity-entry"]')
    expect(rows.map((row) => row.attributes('data-ok'))).toEqual(['false', 'false', 'true'])
    expect(rows[0]?.text()).toContain('Refresh failed: ')
    expect(rows[0]?.get('[data-testid="activity-status"]').text()).toBe('No answer from Coze')
    expect(rows[0]?.find('[data-testid="activity-log-id"]').exists()).toBe(false)
    expect(rows[1]?.get('[data-testid="activity-status"]').text()).toBe('HTTP 500')
    expect(rows[1]?.get('[data-testid="activity-log-id"]').text()).toBe('20261203081101ABCDEF')
    expect(rows[1]?.get('[data-testid="activity-duration"]').text()).toBe('12 ms')
    expect(rows[2]?.text()).toContain('Signed in')
  })

  it('reads the list again when main says this account changed, not for another one', async () => {
    await mountList()
    const reads = () => api.calls.filter((call) => call.operation === 'getAccountActivity').length
    api.emit('accountsChanged', { accountIds: ['other'] })
    await flushPromises()
    expect(reads()).toBe(1)
    activity.unshift({ at: at + 3000, action: 'refresh', ok: true, status: 200, durationMs: 9 })
    api.emit('accountsChanged', { accountIds: ['a1'] })
    await flushPromises()
    expect(reads()).toBe(2)
  })

  it('copies every entry for support, one line each, the same words in every language', async () => {
    setLocale('zh-CN')
    const wrapper = await mountList()
    await wrapper.get('[data-testid="activity-copy"]').trigger('click')
    await flushPromises()
    expect(copied).toEqual([
      [
        'Coze Auth Companion activity: Work (coze.cn) (cn, pkce)',
        '2026-12-03T08:11:02.000Z refresh failed NETWORK http=- logid=- 31ms',
        '2026-12-03T08:11:01.000Z refresh failed SERVER_ERROR http=500 logid=20261203081101ABCDEF 12ms',
        '2026-12-03T08:11:00.000Z sign-in ok http=200 logid=20261203081100FEDCBA 240ms',
        '',
      ].join('\n'),
    ])
    expect(wrapper.get('[data-testid="activity-copy-status"]').text()).toBe(
      '已复制，其中不含令牌。',
    )
  })

  it('shows five, and all of them on request', async () => {
    activity = Array.from({ length: 12 }, (_, i) => ({
      at: at - i * 1000,
      action: 'refresh' as const,
      ok: true,
      status: 200,
      durationMs: i,
    }))
    const wrapper = await mountList()
    expect(wrapper.findAll('[data-testid="activity-entry"]')).toHaveLength(5)
    const more = wrapper.get('[data-testid="activity-show-all"]')
    expect(more.text()).toBe('Show all 12')
    await more.trigger('click')
    expect(wrapper.findAll('[data-testid="activity-entry"]')).toHaveLength(12)
    expect(more.attributes('aria-expanded')).toBe('true')
  })

  it('says there is nothing yet, with nothing to copy', async () => {
    activity = []
    const wrapper = await mountList()
    expect(wrapper.get('[data-testid="activity-empty"]').text()).toContain('Nothing yet')
    expect(wrapper.find('[data-testid="activity-copy"]').exists()).toBe(false)
  })
})
