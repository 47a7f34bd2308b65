// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import ErrorNotice from '../../../../src/renderer/src/components/common/ErrorNotice.vue'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { errorTexts } from '../../../../src/renderer/src/i18n/errors'

describe('ErrorNotice', () => {
  afterEach(() => setLocale('en'))

  it('shows the plain title and next step, with the code and log id folded away', () => {
    const wrapper = mount(ErrorNotice, {
      props: {
        error: { code: 'REFRESH_TOKEN_DEAD', message: 'raw server words', logId: '20261125abc' },
      },
    })
    const text = errorTexts.en.REFRESH_TOKEN_DEAD
    expect(wrapper.get('.error-title').text()).toBe(text.title)
    expect(wrapper.get('.error-next').text()).toBe(text.next)
    expect(wrapper.get('[data-testid="error-notice"]').attributes('role')).toBe('alert')
    expect(wrapper.get('[data-testid="error-notice"]').attributes('data-code')).toBe(
      'REFRESH_TOKEN_DEAD',
    )
    // Folded: the details sit in a closed <details>, not in the first lines people read.
    const details = wrapper.get('details')
    expect(details.attributes('open')).toBeUndefined()
    expect(details.get('[data-testid="error-code"]').text()).toBe('REFRESH_TOKEN_DEAD')
    expect(details.get('[data-testid="error-log-id"]').text()).toBe('20261125abc')
    expect(wrapper.text()).not.toContain('raw server words')
  })

  it('follows the language', async () => {
    const wrapper = mount(ErrorNotice, { props: { error: { code: 'NETWORK', message: 'x' } } })
    setLocale('zh-CN')
    await wrapper.vm.$nextTick()
    expect(wrapper.get('.error-next').text()).toBe(errorTexts['zh-CN'].NETWORK.next)
  })

  it('leaves out a log id it was not given, and offers dismissal only when asked', async () => {
    const plain = mount(ErrorNotice, { props: { error: { code: 'INTERNAL', message: 'x' } } })
    expect(plain.find('[data-testid="error-log-id"]').exists()).toBe(false)
    expect(plain.find('button').exists()).toBe(false)

    const dismissible = mount(ErrorNotice, {
      props: { error: { code: 'INTERNAL', message: 'x' }, dismissible: true },
    })
    await dismissible.get('button').trigger('click')
    expect(dismissible.emitted('dismiss')).toHaveLength(1)
  })
})
