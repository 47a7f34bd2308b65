import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError, InvalidArgumentError } from './errors'
import type { SecretVault } from './ports'
import type { ProfileImportWarning } from '../../shared/ipc-contract'
import type { AppProfile, ImportedProfile, ProfileSecrets } from './profiles'
import { parseOAuthConfigFile, validateProfile } from './profiles'

export const vaultService = 'coze-auth-companion'

export interface ProfileRepository {
  list(): Promise<AppProfile[]>
  get(id: string): Promise<AppProfile | undefined>
  put(profile: AppProfile): Promise<void>
  delete(id: string): Promise<boolean>
}

const secretSlots: Record<keyof ProfileSecrets, string> = {
  clientSecret: 'client-secret',
  privateKeyPem: 'private-key',
}

/** App profiles, with their secrets kept in the vault under `profile:<id>:<slot>`. */
export class ProfileService {
  private readonly bundled: AppProfile[]

  /**
   * `bundled` are the profiles an organisation ships with its build (see loadBundledProfiles):
   * listed first, usable by everyone, never changed or removed from the app.
   */
  constructor(
    private readonly repository: ProfileRepository,
    private readonly vault: SecretVault,
    private readonly newId: () => string = randomUUID,
    bundled: readonly AppProfile[] = [],
  ) {
    this.bundled = bundled.map((profile) => ({ ...profile, bundled: true }))
  }

  async list(): Promise<AppProfile[]> {
    return [...structuredClone(this.bundled), ...(await this.repository.list())]
  }

  async get(id: string): Promise<AppProfile> {
    const bundled = this.bundled.find((profile) => profile.id === id)
    if (bundled) return structuredClone(bundled)
    const profile = await this.repository.get(id)
    if (!profile) {
      throw new AppError(
        'NOT_FOUND',
        'This app profile no longer exists. Pick or import another one.',
      )
    }
    return profile
  }

  async secrets(id: string): Promise<ProfileSecrets> {
    const secrets: ProfileSecrets = {}
    for (const [field, slot] of Object.entries(secretSlots) as [keyof ProfileSecrets, string][]) {
      const value = await this.vault.getPassword(vaultService, `profile:${id}:${slot}`)
      if (value !== null) secrets[field] = value
    }
    return secrets
  }

  /** Adds a profile (secrets first, so a profile never exists without what it needs). */
  async add(profile: Omit<AppProfile, 'id'>, secrets: ProfileSecrets): Promise<AppProfile> {
    validateProfile(profile, secrets)
    const stored: AppProfile = { ...profile, id: this.newId() }
    await this.writeSecrets(stored.id, secrets)
    await this.repository.put(stored)
    return stored
  }

  /** Edits a profile; secrets left undefined keep their stored value. */
  async update(
    id: string,
    changes: Omit<AppProfile, 'id'>,
    secrets: ProfileSecrets,
  ): Promise<AppProfile> {
    const existing = await this.get(id)
    if (existing.bundled) {
      throw new InvalidArgumentError(
        'This profile came with the app and cannot be changed. Import a copy instead.',
        { reason: 'profile-bundled' },
      )
    }
    // A stored secret belongs to the app and the server it was entered for: if either changes, it
    // is not carried over (it would otherwise be sent to the new server), and must be entered again.
    const sameApp =
      existing.clientId === changes.clientId &&
      existing.clientType === changes.clientType &&
      existing.region === changes.region &&
      existing.apiBase === changes.apiBase &&
      existing.webBase === changes.webBase
    if (!sameApp) {
      for (const slot of Object.values(secretSlots)) {
        await this.vault.deletePassword(vaultService, `profile:${id}:${slot}`)
      }
    }
    const kept = sameApp ? await this.secrets(id) : {}
    const merged: ProfileSecrets = { ...kept, ...definedOnly(secrets) }
    validateProfile(changes, merged)
    const stored: AppProfile = { ...changes, id }
    await this.writeSecrets(id, definedOnly(secrets))
    await this.repository.put(stored)
    return stored
  }

  async importConfigFile(
    text: string,
    fileName?: string,
  ): Promise<{ profile: AppProfile; warnings: ProfileImportWarning[] }> {
    const imported: ImportedProfile = parseOAuthConfigFile(text, fileName)
    return {
      profile: await this.add(imported.profile, imported.secrets),
      warnings: imported.warnings,
    }
  }

  async remove(id: string): Promise<boolean> {
    if (this.bundled.some((profile) => profile.id === id)) {
      throw new InvalidArgumentError('This profile came with the app and cannot be removed.', {
        reason: 'profile-bundled',
      })
    }
    const existed = await this.repository.delete(id)
    for (const slot of Object.values(secretSlots)) {
      await this.vault.deletePassword(vaultService, `profile:${id}:${slot}`)
    }
    return existed
  }

  private async writeSecrets(id: string, secrets: ProfileSecrets): Promise<void> {
    for (const [field, slot] of Object.entries(secretSlots) as [keyof ProfileSecrets, string][]) {
      const value = secrets[field]
      if (value !== undefined)
        await this.vault.setPassword(vaultService, `profile:${id}:${slot}`, value)
    }
  }
}

function definedOnly(secrets: ProfileSecrets): ProfileSecrets {
  const result: ProfileSecrets = {}
  if (secrets.clientSecret !== undefined) result.clientSecret = secrets.clientSecret
  if (secrets.privateKeyPem !== undefined) result.privateKeyPem = secrets.privateKeyPem
  return result
}

/**
 * Reads the profiles an organisation ships with its build: every `*.json` in `dir`, each in the
 * `coze_oauth_config.json` format. Only public clients (PKCE and device) may be shipped: a client
 * secret or a private key inside an installer would be readable by anyone who has it, so such a
 * file is refused. Returns the profiles and, for each refused file, why.
 */
export async function loadBundledProfiles(
  dir: string,
): Promise<{ profiles: AppProfile[]; problems: { file: string; reason: string }[] }> {
  const profiles: AppProfile[] = []
  const problems: { file: string; reason: string }[] = []
  let files: string[]
  try {
    files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort()
  } catch {
    return { profiles, problems }
  }
  for (const file of files) {
    try {
      const { profile, secrets } = parseOAuthConfigFile(
        await readFile(join(dir, file), 'utf8'),
        file,
      )
      if (
        profile.clientType === 'web' ||
        profile.clientType === 'jwt' ||
        secrets.clientSecret ||
        secrets.privateKeyPem
      ) {
        problems.push({
          file,
          reason: 'only PKCE and device apps can be shipped; their files hold no secret',
        })
        continue
      }
      profiles.push({ ...profile, id: `bundled:${file.replace(/\.json$/, '')}`, bundled: true })
    } catch (error) {
      problems.push({ file, reason: error instanceof Error ? error.message : String(error) })
    }
  }
  return { profiles, problems }
}
