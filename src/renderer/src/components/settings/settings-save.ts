import type { InjectionKey, Ref } from 'vue'
import { inject, provide, ref } from 'vue'
import type { ErrorPayload } from '../../../../shared/errors'
import type { SettingsPatchInput } from '../../../../shared/ipc-contract'
import { useSettingsStore } from '../../stores/settings'

/** How the last change ended, for the one status line the whole screen shares. */
export type SaveOutcome = 'saved' | 'failed' | undefined

const outcomeKey: InjectionKey<Ref<SaveOutcome>> = Symbol('settings-save-outcome')

/** The settings screen owns the status line; its sections report into it. */
export function provideSaveOutcome(): Ref<SaveOutcome> {
  const outcome = ref<SaveOutcome>()
  provide(outcomeKey, outcome)
  return outcome
}

export interface SettingsSave {
  /**
   * Sends the patch; resolves to main's error when it was refused, a CANCELLED payload when the
   * person declined main's question about it (nothing to show: the control goes back to the
   * stored value), and undefined when saved.
   */
  save(patch: SettingsPatchInput): Promise<ErrorPayload | undefined>
}

export const declined: ErrorPayload = {
  code: 'CANCELLED',
  message: 'The change was not confirmed.',
}

/** The error a section shows for a save: none for a declined question. */
export function shownError(error: ErrorPayload | undefined): ErrorPayload | undefined {
  return error?.code === 'CANCELLED' ? undefined : error
}

export function useSettingsSave(): SettingsSave {
  // A section mounted on its own (in a test) still works; it just has nobody to tell.
  const outcome = inject(outcomeKey, () => ref<SaveOutcome>(), true)
  const store = useSettingsStore()
  return {
    async save(patch) {
      const saved = await store.update(patch)
      if (!saved && !store.error) {
        outcome.value = undefined
        return declined
      }
      outcome.value = saved ? 'saved' : 'failed'
      return saved ? undefined : store.error
    },
  }
}
