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
  /** Sends the patch; resolves to main's error when it was refused, undefined when saved. */
  save(patch: SettingsPatchInput): Promise<ErrorPayload | undefined>
}

export function useSettingsSave(): SettingsSave {
  // A section mounted on its own (in a test) still works; it just has nobody to tell.
  const outcome = inject(outcomeKey, () => ref<SaveOutcome>(), true)
  const store = useSettingsStore()
  return {
    async save(patch) {
      const saved = await store.update(patch)
      outcome.value = saved ? 'saved' : 'failed'
      return saved ? undefined : (store.error ?? { code: 'INTERNAL', message: 'Not saved.' })
    },
  }
}
