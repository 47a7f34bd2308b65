/** What `npm run dist` is asked for, checked before anything is built. */
import { parseArgs } from 'node:util'

/**
 * The exit codes of `npm run dist`: 0 built (or, with --check, all inputs good); 2 a wrong
 * argument or update address; 3 a ready-made profile refused; 4 no Electron binary for this
 * machine (nothing was built); anything else is electron-builder's own failure.
 */
export const distExit = { ok: 0, usage: 2, badProfile: 3, noElectron: 4 } as const

export interface DistRequest {
  /** The organisation's profiles folder: --profiles DIR, else COZE_PROFILES_DIR. */
  profilesDir?: string
  updateUrl?: string
  configFile: string
  /** Check the inputs and stop, without Electron or a build. */
  checkOnly: boolean
  /** An unpacked app folder only, no installer (quicker; what the smoke test can launch). */
  dirOnly: boolean
}

export type Parsed = { ok: true; request: DistRequest } | { ok: false; reason: string }

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The update server's address: https, or http on this machine only (a local test server). A
 * plain-http address elsewhere would let anyone on the way swap the update information.
 */
export function checkUpdateUrl(
  text: string,
): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, reason: `COZE_UPDATE_URL is not an address: "${text.slice(0, 80)}"` }
  }
  const local = url.protocol === 'http:' && loopbackHosts.has(url.hostname)
  if (url.protocol !== 'https:' && !local) {
    return { ok: false, reason: `COZE_UPDATE_URL must start with https:// (got ${url.protocol}//)` }
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'COZE_UPDATE_URL must not carry a user name or password' }
  }
  if (url.search || url.hash) {
    return { ok: false, reason: 'COZE_UPDATE_URL names a folder: no ?query or #fragment' }
  }
  return { ok: true, url: url.href }
}

export function parseDistRequest(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Parsed {
  let values: { profiles?: string; config?: string; check?: boolean; dir?: boolean }
  try {
    values = parseArgs({
      args: [...args],
      options: {
        profiles: { type: 'string' },
        config: { type: 'string' },
        check: { type: 'boolean' },
        dir: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
  const request: DistRequest = {
    configFile: values.config ?? 'build/electron-builder.config.ts',
    checkOnly: values.check === true,
    dirOnly: values.dir === true,
  }
  const profilesDir = values.profiles ?? (env.COZE_PROFILES_DIR || undefined)
  if (profilesDir) request.profilesDir = profilesDir
  if (env.COZE_UPDATE_URL) {
    const checked = checkUpdateUrl(env.COZE_UPDATE_URL)
    if (!checked.ok) return checked
    request.updateUrl = checked.url
  }
  return { ok: true, request }
}
