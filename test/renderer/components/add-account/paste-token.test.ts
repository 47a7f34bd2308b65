// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '../../../../src/renderer/src/i18n'
import { useClockStore } from '../../../../src/renderer/src/stores/clock'
import { useNavigationStore } from '../../../../src/renderer/src/stores/navigation'
import { consoleTokenPages } from '../../../../src/shared/console-pages'
import type { ErrorPayload } from '../../../../src/shared/errors'
import { failure, ok, summary } from '../../stores/helpers'
import { expectNoSecret } from '../../support/secrets'
import type { Harness } from './harness'
import { byTestId, createHarness, mountView, requestsOf } from './harness'

let harness: Harness
// Not a real token: long enough for the form, and shaped so a secret scanner leaves it alone.
const token = 'pat-for-the-window-test-0123456789'
// Shaped as the console makes them (the prefix and an underscore), but short enough for the scanner.
const consoleToken = 'pat_window0test'
const wrongRegion: ErrorPayload = {
  code: 'WRONG_REGION',
  message: 'This belongs to coze.cn, not coze.com.',
  params: { actualRegion: 'cn', chosenRegion: 'com' },
}

beforeEach(async () => {
  harness = await createHarness()
  // Noon on 10 March 2027, local time.
  useClockStore().setNow(new Date(2027, 2, 10, 12, 0).getTime())
})

afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
  setLocale('en')
})

async function openPaste() {
  const wrapper = await mountView(harness)
  await wrapper.get(byTestId('way-paste')).trigger('click')
  return wrapper
}

function tokenField(wrapper: Awaited<ReturnType<typeof mountView>>): HTMLInputElement {
  return wrapper.get(byTestId('paste-token')).element as HTMLInputElement
}

describe('pasting a token', () => {
  it('sends the token, the expiry and the name once, then empties the field', async () => {
    harness.api.answers.addPastedToken = () => ok(summary('a1', { method: 'pat', label: 'CI' }))
    const wrapper = await openPaste()
    expect(wrapper.get(byTestId('paste-token')).attributes('type')).toBe('password')
    expect(wrapper.get(byTestId('paste-token')).attributes('autocomplete')).toBe('off')
    // The earliest expiry the field offers is tomorrow.
    expect(wrapper.get(byTestId('paste-expiry')).attributes('min')).toBe('2027-03-11')

    await wrapper.get(byTestId('paste-token')).setValue(token)
    await wrapper.get(byTestId('paste-expiry')).setValue('2027-04-09')
    await wrapper.get(byTestId('paste-label')).setValue('  CI  ')
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()

    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([
      { region: 'com', token, expiresAt: new Date(2027, 3, 9).getTime(), label: 'CI' },
    ])
    expect(tokenField(wrapper).value).toBe('')
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
    expectNoSecret(token, { pinia: harness.pinia })
  })

  it('shows the token only on request', async () => {
    const wrapper = await openPaste()
    const toggle = wrapper.get(byTestId('paste-token-toggle'))
    expect(toggle.text()).toBe('Show token')
    await toggle.trigger('click')
    expect(wrapper.get(byTestId('paste-token')).attributes('type')).toBe('text')
    expect(toggle.text()).toBe('Hide token')
    await toggle.trigger('click')
    expect(wrapper.get(byTestId('paste-token')).attributes('type')).toBe('password')
  })

  it('follows the kind the prefix names', async () => {
    const wrapper = await openPaste()
    const sat = wrapper.get(byTestId('paste-kind-sat')).element as HTMLInputElement
    const pat = wrapper.get(byTestId('paste-kind-pat')).element as HTMLInputElement
    expect(pat.checked).toBe(true)
    await wrapper.get(byTestId('paste-token')).setValue('sat_' + 'x'.repeat(12))
    expect(sat.checked).toBe(true)
    expect(wrapper.text()).toContain('Service access tokens start with sat_')
  })

  it('checks the form before sending anything', async () => {
    const wrapper = await openPaste()
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()
    expect(wrapper.get(byTestId('paste-token')).attributes('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(wrapper.get(byTestId('paste-token')).element)

    await wrapper.get(byTestId('paste-token')).setValue(token)
    await wrapper.get(byTestId('paste-expiry')).setValue('2027-03-10')
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()
    expect(wrapper.get(byTestId('paste-expiry')).attributes('aria-invalid')).toBe('true')
    expect(wrapper.text()).toContain('This date has passed.')
    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([])
  })

  it('offers the other region for a wrong-region token and adds it there', async () => {
    harness.api.answers.addPastedToken = (request) =>
      (request as { region: string }).region === 'com'
        ? { ok: false, error: wrongRegion }
        : ok(summary('a2', { region: 'cn', method: 'pat' }))
    const navigation = useNavigationStore()
    const wrapper = await openPaste()
    await wrapper.get(byTestId('paste-token')).setValue(token)
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()

    const notice = wrapper.get(byTestId('error-notice'))
    expect(notice.attributes('data-code')).toBe('WRONG_REGION')
    expect(notice.text()).toContain('coze.cn')
    // The token is kept for the retry, and nothing was added.
    expect(tokenField(wrapper).value).toBe(token)
    const switchButton = wrapper.get(byTestId('switch-region'))
    expect(switchButton.text()).toBe('Switch to coze.cn and add')

    await switchButton.trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([
      { region: 'com', token },
      { region: 'cn', token },
    ])
    // The screen follows to coze.cn: its console button now opens that region's console.
    const consoleButton = wrapper.get(byTestId('console-open'))
    expect(consoleButton.attributes('href')).toBe(consoleTokenPages.cn)
    expect(consoleButton.text()).toContain('coze.cn')
    expect(tokenField(wrapper).value).toBe('')
    expect(wrapper.find(byTestId('error-notice')).exists()).toBe(false)
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
    // The new account opens at once, and its Copy button takes the focus.
    expect(navigation.selectedAccountId).toBe('a2')
    expect(navigation.view).toBe('accounts')
    expect(navigation.focusTarget).toBe('copy')
  })

  it('has one primary button, on the next step: the console, then adding, then the switch', async () => {
    harness.api.answers.addPastedToken = () => ({ ok: false, error: wrongRegion })
    const wrapper = await openPaste()
    const primaries = (): string[] =>
      wrapper.findAll('.primary').map((element) => element.attributes('data-testid') ?? '')
    // Nothing pasted yet: the way to get a token.
    expect(primaries()).toEqual(['console-open'])
    await wrapper.get(byTestId('paste-token')).setValue(token)
    expect(primaries()).toEqual(['add-pasted-token'])
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()
    // The token is the other region's: switching is what is left to do.
    expect(primaries()).toEqual(['switch-region'])
    // While the switch is on offer it stays the one primary, whatever the field holds.
    await wrapper.get(byTestId('paste-token')).setValue('')
    expect(primaries()).toEqual(['switch-region'])
    harness.api.answers.addPastedToken = () => failure('NETWORK')
    await wrapper.get(byTestId('paste-token')).setValue(token)
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()
    expect(primaries()).toEqual(['add-pasted-token'])
  })

  it('opens on its own from the empty window, the token field ready after the console', async () => {
    useNavigationStore().useConsoleToken()
    const wrapper = await mountView(harness)
    expect(wrapper.find(byTestId('way-screen-paste')).exists()).toBe(true)
    expect(document.activeElement).toBe(wrapper.get('#add-screen-heading').element)
    // The console opens in the browser; coming back, the person only has to paste.
    const link = wrapper.get(byTestId('console-open'))
    // The page itself is not followed here (no network in tests): only what the window does.
    link.element.addEventListener('click', (event) => event.preventDefault())
    await link.trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(tokenField(wrapper))
  })

  it('adds a whole token at once when it is pasted, and only then', async () => {
    harness.api.answers.addPastedToken = () => ok(summary('a1', { method: 'pat' }))
    const wrapper = await openPaste()
    const paste = async (text: string): Promise<void> => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      await wrapper.get(byTestId('paste-token')).trigger('paste', { clipboardData: data })
      await flushPromises()
    }
    // Not a console token: the paste lands in the field as usual, and nothing is sent.
    await paste('hello there')
    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([])

    await wrapper.get(byTestId('paste-token')).setValue('')
    await paste(`  ${consoleToken}\n`)
    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([
      { region: 'com', token: consoleToken },
    ])
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
    expect(tokenField(wrapper).value).toBe('')
  })

  it('waits for Check and add when the kind, expiry and name are open', async () => {
    harness.api.answers.addPastedToken = () => ok(summary('a1', { method: 'pat' }))
    const wrapper = await openPaste()
    ;(wrapper.get(byTestId('paste-more')).element as HTMLDetailsElement).open = true
    await wrapper.get(byTestId('paste-more')).trigger('toggle')
    const data = new DataTransfer()
    data.setData('text/plain', consoleToken)
    await wrapper.get(byTestId('paste-token')).trigger('paste', { clipboardData: data })
    await flushPromises()
    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([])
  })

  it('offers a token on the clipboard when the window comes back, and adds it only when asked', async () => {
    const offer = { kind: 'pat', id: 'a'.repeat(32) } as const
    let onClipboard: typeof offer | null = null
    harness.api.answers.peekClipboardToken = () => ok({ offer: onClipboard })
    harness.api.answers.addClipboardToken = () => ok(summary('a1', { method: 'pat' }))
    const wrapper = await openPaste()
    await flushPromises()
    expect(wrapper.find(byTestId('clipboard-offer')).exists()).toBe(false)

    // Back from the console with a token copied there.
    onClipboard = offer
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    const box = wrapper.get(byTestId('clipboard-offer'))
    expect(box.text()).toContain('personal access token on the clipboard')
    expect(box.text()).toContain('coze.com')
    // It asks; nothing was added on its own.
    expect(requestsOf(harness.api, 'addClipboardToken')).toEqual([])
    // Its Add is the one primary button of the screen.
    expect(wrapper.findAll('.primary').map((element) => element.attributes('data-testid'))).toEqual(
      ['clipboard-offer-add'],
    )

    await wrapper.get(byTestId('clipboard-offer-add')).trigger('click')
    await flushPromises()
    // Main is asked by the offer's name: the window never had the token to send.
    expect(requestsOf(harness.api, 'addClipboardToken')).toEqual([
      { offerId: offer.id, region: 'com' },
    ])
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
    expect(wrapper.find(byTestId('clipboard-offer')).exists()).toBe(false)
    expect(useNavigationStore().focusTarget).toBe('copy')
  })

  it('does not ask again about a token the person said no to', async () => {
    const offer = { kind: 'sat', id: 'b'.repeat(32) } as const
    harness.api.answers.peekClipboardToken = () => ok({ offer })
    const wrapper = await openPaste()
    await flushPromises()
    expect(wrapper.get(byTestId('clipboard-offer')).text()).toContain('service access token')
    await wrapper.get(byTestId('clipboard-offer-dismiss')).trigger('click')
    await flushPromises()
    expect(wrapper.find(byTestId('clipboard-offer')).exists()).toBe(false)
    expect(document.activeElement).toBe(tokenField(wrapper))
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    expect(wrapper.find(byTestId('clipboard-offer')).exists()).toBe(false)
    expect(requestsOf(harness.api, 'addClipboardToken')).toEqual([])
    // A token being typed is not interrupted either.
    harness.api.answers.peekClipboardToken = () =>
      ok({ offer: { kind: 'pat', id: 'c'.repeat(32) } })
    await wrapper.get(byTestId('paste-token')).setValue('pat_')
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    expect(wrapper.find(byTestId('clipboard-offer')).exists()).toBe(false)
  })

  it('switches region for an offered token by asking main again, not with the empty field', async () => {
    harness.api.answers.peekClipboardToken = () =>
      ok({ offer: { kind: 'pat', id: 'd'.repeat(32) } })
    harness.api.answers.addClipboardToken = (request) =>
      (request as { region: string }).region === 'com'
        ? { ok: false, error: wrongRegion }
        : ok(summary('a2', { region: 'cn', method: 'pat' }))
    const wrapper = await openPaste()
    await flushPromises()
    await wrapper.get(byTestId('clipboard-offer-add')).trigger('click')
    await flushPromises()
    await wrapper.get(byTestId('switch-region')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'addClipboardToken')).toEqual([
      { offerId: 'd'.repeat(32), region: 'com' },
      { offerId: 'd'.repeat(32), region: 'cn' },
    ])
    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([])
    expect(wrapper.find(byTestId('sign-in-success')).exists()).toBe(true)
  })

  it('tries again with Try again after a refusal', async () => {
    harness.api.answers.addPastedToken = () => failure('NETWORK')
    const wrapper = await openPaste()
    await wrapper.get(byTestId('paste-token')).setValue(token)
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()
    expect(wrapper.get(byTestId('sign-in-stage')).text()).toBe('The token was not added.')
    harness.api.answers.addPastedToken = () => ok(summary('a3', { method: 'pat' }))
    await wrapper.get(byTestId('sign-in-retry')).trigger('click')
    await flushPromises()
    expect(requestsOf(harness.api, 'addPastedToken')).toHaveLength(2)
    expect(tokenField(wrapper).value).toBe('')
  })

  it("words main's refusal in the window's language, keeping its English in the details", async () => {
    setLocale('zh-CN')
    const english = 'A token has no spaces or line breaks. Copy it again from the Coze console.'
    harness.api.answers.addPastedToken = () => ({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: english, params: { reason: 'token-has-spaces' } },
    })
    const wrapper = await openPaste()
    await wrapper.get(byTestId('paste-token')).setValue(token)
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()
    const notice = wrapper.get(byTestId('error-notice'))
    expect(notice.get('.error-title').text()).toBe('令牌中不应包含空格或换行')
    const outsideDetails = notice.findAll(':scope > :not(details)').map((part) => part.text())
    expect(outsideDetails.join(' ')).not.toContain(english)
    expect(notice.find('[lang="en"]').exists()).toBe(false)
    expect(notice.get('details').text()).toContain(english)
  })

  it('judges the expiry by the time now, even when nothing else keeps the clock ticking', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    vi.setSystemTime(new Date(2027, 2, 10, 12, 0))
    const clock = useClockStore()
    // Real time again, but nobody holds a lease: the shared clock stands still.
    clock.resume()
    vi.setSystemTime(new Date(2027, 2, 20, 12, 0))
    const wrapper = await openPaste()
    expect(wrapper.get(byTestId('paste-expiry')).attributes('min')).toBe('2027-03-21')
    await wrapper.get(byTestId('paste-token')).setValue(token)
    await wrapper.get(byTestId('paste-expiry')).setValue('2027-03-15')
    await wrapper.get(byTestId('add-pasted-token')).trigger('submit')
    await flushPromises()
    expect(wrapper.get(byTestId('paste-expiry')).attributes('aria-invalid')).toBe('true')
    expect(requestsOf(harness.api, 'addPastedToken')).toEqual([])
    wrapper.unmount()
    expect(clock.users).toBe(0)
  })

  it('lets a name be only as long as main accepts', async () => {
    const wrapper = await openPaste()
    expect(wrapper.get(byTestId('paste-label')).attributes('maxlength')).toBe('100')
  })
})
