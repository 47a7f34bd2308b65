import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { TokenFormat } from '../../../shared/ipc-contract'
import { tokenFormatSchema } from '../../../shared/schemas'

/** Where the window remembers the copy format; a format's name is not a secret. */
export const copyFormatStorageKey = 'coze-auth-companion.copy-format'

const knownFormats: readonly string[] = tokenFormatSchema.enum

function isTokenFormat(value: unknown): value is TokenFormat {
  return typeof value === 'string' && knownFormats.includes(value)
}

/** localStorage may be missing or refuse (a locked-down profile): then nothing is remembered. */
function readStored(): TokenFormat {
  try {
    const stored = globalThis.localStorage?.getItem(copyFormatStorageKey)
    return isTokenFormat(stored) ? stored : 'raw'
  } catch {
    return 'raw'
  }
}

/**
 * The format the main Copy button uses: the one the person chose last, in any account and across
 * restarts, so a developer who always pastes a curl command gets one with a single click.
 */
export const useCopyFormatStore = defineStore('copy-format', () => {
  const format = ref<TokenFormat>(readStored())

  function choose(next: TokenFormat): void {
    format.value = next
    try {
      globalThis.localStorage?.setItem(copyFormatStorageKey, next)
    } catch {
      // Not kept for the next start; this window still uses it.
    }
  }

  return { format, choose }
})
