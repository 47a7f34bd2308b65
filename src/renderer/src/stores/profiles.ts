import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ErrorPayload, Result } from '../../../shared/errors'
import type {
  JwtPreviewView,
  ProfileInput,
  ProfileSummary,
  ResponseOf,
} from '../../../shared/ipc-contract'
import { unwrap, useApi } from '../api/bridge'
import { toErrorPayload } from './error-payload'

export type ChooseFilePurpose = 'private-key' | 'profile' | 'import'
export type ChooseFileAnswer = ResponseOf<'chooseFile'>
export type ImportProfileAnswer = ResponseOf<'importProfileFile'>

/**
 * What an operation ends with: its value, or the error for the caller to show. Each caller gets
 * its own answer, so two calls in flight (a save and a preview, say) cannot clear or overwrite
 * each other's error the way one shared `error` field would.
 */
export type ProfileResult<T> = Result<T>

/**
 * The OAuth app profiles. A `ProfileInput` may carry a client secret or point at a private key
 * file: the store passes it to main and keeps only the `ProfileSummary` main answers with, which
 * says whether a secret is stored and never what it is.
 */
export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<ProfileSummary[]>([])
  const loaded = ref(false)
  // A count, not a flag: two calls in flight must not clear each other's spinner.
  const pending = ref(0)
  /** Why the last listing failed (the list itself is state the whole window shares). */
  const listError = ref<ErrorPayload>()

  const loading = computed(() => pending.value > 0)

  function byId(profileId: string): ProfileSummary | undefined {
    return profiles.value.find((profile) => profile.id === profileId)
  }

  function put(profile: ProfileSummary): void {
    const at = profiles.value.findIndex((existing) => existing.id === profile.id)
    if (at >= 0) profiles.value.splice(at, 1, profile)
    else profiles.value.push(profile)
  }

  async function run<T>(work: () => Promise<T>): Promise<ProfileResult<T>> {
    pending.value += 1
    try {
      return { ok: true, value: await work() }
    } catch (caught) {
      return { ok: false, error: toErrorPayload(caught) }
    } finally {
      pending.value -= 1
    }
  }

  /** Loads the list; a failure is kept in `listError` (only the listing writes it). */
  async function list(): Promise<void> {
    const answer = await run(async () => {
      profiles.value = unwrap(await useApi().listProfiles())
    })
    loaded.value = true
    listError.value = answer.ok ? undefined : answer.error
  }

  async function add(input: ProfileInput): Promise<ProfileResult<ProfileSummary>> {
    return run(async () => {
      const profile = unwrap(await useApi().addProfile(input))
      put(profile)
      return profile
    })
  }

  async function update(
    profileId: string,
    input: ProfileInput,
  ): Promise<ProfileResult<ProfileSummary>> {
    return run(async () => {
      const profile = unwrap(await useApi().updateProfile({ profileId, profile: input }))
      put(profile)
      return profile
    })
  }

  /** Resolves with whether main removed it (false: it was already gone). */
  async function remove(profileId: string): Promise<ProfileResult<boolean>> {
    return run(async () => {
      const answer = unwrap(await useApi().removeProfile({ profileId }))
      if (answer.removed) profiles.value = profiles.value.filter((p) => p.id !== profileId)
      return answer.removed
    })
  }

  /** Main reads the file and keeps it; the window gets a handle (or `{ cancelled: true }`). */
  async function chooseFile(
    purpose: ChooseFilePurpose,
    path?: string,
  ): Promise<ProfileResult<ChooseFileAnswer>> {
    return run(async () =>
      unwrap(await useApi().chooseFile(path === undefined ? { purpose } : { purpose, path })),
    )
  }

  async function importFile(fileId: string): Promise<ProfileResult<ImportProfileAnswer>> {
    return run(async () => {
      const answer = unwrap(await useApi().importProfileFile({ fileId }))
      put(answer.profile)
      return answer
    })
  }

  async function previewJwt(profileId: string): Promise<ProfileResult<JwtPreviewView>> {
    return run(async () => unwrap(await useApi().previewJwt({ profileId })))
  }

  return {
    profiles,
    loaded,
    loading,
    listError,
    byId,
    list,
    add,
    update,
    remove,
    chooseFile,
    importFile,
    previewJwt,
  }
})
