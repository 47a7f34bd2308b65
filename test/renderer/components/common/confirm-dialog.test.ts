// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import ConfirmDialog from '../../../../src/renderer/src/components/common/ConfirmDialog.vue'
import { setLocale } from '../../../../src/renderer/src/i18n'

type DialogProps = InstanceType<typeof ConfirmDialog>['$props']

const mounted: VueWrapper[] = []

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
  document.body.innerHTML = ''
  setLocale('en')
})

/** The dialog after an opener button that has the focus, as when a person clicks it. */
function mountDialog(props: Partial<DialogProps> = {}): {
  wrapper: VueWrapper
  opener: HTMLButtonElement
} {
  const opener = document.createElement('button')
  opener.textContent = 'Open'
  document.body.append(opener)
  opener.focus()
  const wrapper = mount(ConfirmDialog, {
    attachTo: document.body,
    props: { open: false, title: 'Delete it?', confirmLabel: 'Delete', ...props },
    attrs: { 'data-testid': 'the-dialog' },
    slots: { default: '<p>It cannot be undone.</p>' },
  })
  mounted.push(wrapper)
  return { wrapper, opener }
}

function dialogOf(wrapper: VueWrapper): HTMLDialogElement {
  return wrapper.get('[data-testid="the-dialog"]').element as HTMLDialogElement
}

function buttons(wrapper: VueWrapper): { cancel: HTMLButtonElement; confirm: HTMLButtonElement } {
  const [cancel, confirm] = wrapper.findAll('button').map((b) => b.element as HTMLButtonElement)
  if (!cancel || !confirm) throw new Error('the dialog has two buttons')
  return { cancel, confirm }
}

describe('ConfirmDialog', () => {
  it('opens when asked, named and described by its own title and body, Cancel focused', async () => {
    const { wrapper } = mountDialog({ confirmTestId: 'yes', cancelTestId: 'no' })
    expect(dialogOf(wrapper).open).toBe(false)
    await wrapper.setProps({ open: true })
    const dialog = dialogOf(wrapper)
    expect(dialog.open).toBe(true)
    const title = document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')
    const body = document.getElementById(dialog.getAttribute('aria-describedby') ?? '')
    expect(title?.tagName).toBe('H3')
    expect(title?.textContent).toBe('Delete it?')
    expect(body?.textContent).toBe('It cannot be undone.')
    const { cancel, confirm } = buttons(wrapper)
    expect(cancel.textContent?.trim()).toBe('Cancel')
    expect(cancel.dataset.testid).toBe('no')
    expect(confirm.dataset.testid).toBe('yes')
    expect(document.activeElement).toBe(cancel)
  })

  it('can focus the confirm button first, use its own labels and heading level', async () => {
    const { wrapper } = mountDialog({
      initialFocus: 'confirm',
      cancelLabel: 'Keep it',
      headingLevel: 4,
    })
    await wrapper.setProps({ open: true })
    expect(document.activeElement).toBe(buttons(wrapper).confirm)
    expect(buttons(wrapper).cancel.textContent?.trim()).toBe('Keep it')
    expect(wrapper.find('h4').text()).toBe('Delete it?')
  })

  it('says Cancel for the Cancel button and for Escape, and never confirms then', async () => {
    const { wrapper } = mountDialog({ open: true })
    buttons(wrapper).cancel.click()
    const escape = new Event('cancel', { cancelable: true })
    dialogOf(wrapper).dispatchEvent(escape)
    expect(escape.defaultPrevented).toBe(true)
    expect(wrapper.emitted('cancel')).toHaveLength(2)
    expect(wrapper.emitted('confirm')).toBeUndefined()
    // The parent decides: until it sets `open` to false, the dialog stays.
    expect(dialogOf(wrapper).open).toBe(true)
  })

  it('treats the browser closing it on its own as Cancel', async () => {
    const { wrapper } = mountDialog({ open: true })
    dialogOf(wrapper).close()
    expect(wrapper.emitted('cancel')).toHaveLength(1)
  })

  it('closes when the parent says so, and gives focus back to the opener', async () => {
    const { wrapper, opener } = mountDialog()
    await wrapper.setProps({ open: true })
    expect(document.activeElement).not.toBe(opener)
    await wrapper.setProps({ open: false })
    expect(dialogOf(wrapper).open).toBe(false)
    expect(document.activeElement).toBe(opener)
    expect(wrapper.emitted('cancel')).toBeUndefined()
  })

  it('gives focus to returnFocusTo instead, when the parent names one', async () => {
    const elsewhere = document.createElement('input')
    document.body.append(elsewhere)
    const { wrapper } = mountDialog({ returnFocusTo: elsewhere })
    await wrapper.setProps({ open: true })
    await wrapper.setProps({ open: false })
    expect(document.activeElement).toBe(elsewhere)
  })

  it('ignores Confirm while busy and says so; Cancel still works', async () => {
    const { wrapper } = mountDialog({ open: true, busy: true })
    const { cancel, confirm } = buttons(wrapper)
    expect(confirm.getAttribute('aria-busy')).toBe('true')
    confirm.click()
    expect(wrapper.emitted('confirm')).toBeUndefined()
    cancel.click()
    expect(wrapper.emitted('cancel')).toHaveLength(1)
    await wrapper.setProps({ busy: false })
    expect(confirm.hasAttribute('aria-busy')).toBe(false)
    confirm.click()
    expect(wrapper.emitted('confirm')).toHaveLength(1)
  })

  it('opens when mounted open (a v-if dialog) and closes quietly when unmounted', () => {
    const { wrapper, opener } = mountDialog({ open: true })
    const dialog = dialogOf(wrapper)
    expect(dialog.open).toBe(true)
    expect(document.activeElement).toBe(buttons(wrapper).cancel)
    wrapper.unmount()
    mounted.splice(mounted.indexOf(wrapper), 1)
    expect(dialog.open).toBe(false)
    expect(document.activeElement).toBe(opener)
    expect(wrapper.emitted('cancel')).toBeUndefined()
  })

  it('marks the confirm button as dangerous only when asked', async () => {
    const plain = mountDialog({ open: true }).wrapper
    expect(buttons(plain).confirm.classList.contains('danger')).toBe(false)
    const danger = mountDialog({ open: true, danger: true }).wrapper
    expect(buttons(danger).confirm.classList.contains('danger')).toBe(true)
  })

  it('follows the language for its default Cancel', async () => {
    const { wrapper } = mountDialog({ open: true })
    setLocale('zh-CN')
    await wrapper.vm.$nextTick()
    expect(buttons(wrapper).cancel.textContent?.trim()).toBe('取消')
  })
})
