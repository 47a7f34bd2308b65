import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
} from 'node:crypto'
import type { BinaryLike, ScryptOptions } from 'node:crypto'
import type { AccountRepository, AccountTokens, StoredAccount } from '../accounts/account'
import { tokensKey } from '../accounts/account-service'
import { AppError, InvalidArgumentError } from '../errors'
import type { SecretVault } from '../ports'
import type { ProfileRepository, ProfileService } from '../profile-service'
import { vaultService } from '../profile-service'
import type { AppProfile, ProfileSecrets } from '../profiles'
import { validateProfile } from '../profiles'
import { fitLegacyAccount, fitLegacyProfile } from './metadata'

export const exportFormat = 'coze-auth-companion-export'
const exportVersion = 1
/** scrypt cost: about 100 ms here, so guessing a passphrase offline stays expensive. */
const scryptParameters = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }
/** Shorter passphrases are refused: an encrypted export holds every token. */
export const minimumPassphraseLength = 10

interface ExportContents {
  accounts: StoredAccount[]
  profiles: AppProfile[]
  /** Only in an encrypted export. */
  secrets?: { accounts: Record<string, AccountTokens>; profiles: Record<string, ProfileSecrets> }
}

interface PlainExport extends ExportContents {
  format: typeof exportFormat
  version: number
  createdAt: number
  encrypted: false
}

interface EncryptedExport {
  format: typeof exportFormat
  version: number
  createdAt: number
  encrypted: true
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string }
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string }
  data: string
}

export interface ImportSummary {
  accounts: number
  profiles: number
  /** Imported without tokens: they need a sign-in before use. */
  accountsNeedingSignIn: number
  skipped: { kind: 'account' | 'profile'; id: string; reason: string }[]
}

function scrypt(passphrase: BinaryLike, salt: BinaryLike, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase, salt, 32, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

/**
 * Moves accounts and profiles between machines. A plain export holds metadata only; secrets leave
 * the app only inside an export encrypted with a passphrase (scrypt + AES-256-GCM).
 */
export class VaultTransfer {
  constructor(
    private readonly deps: {
      accounts: AccountRepository
      profiles: ProfileService
      profileRepository: ProfileRepository
      vault: SecretVault
      now: () => number
    },
  ) {}

  async exportText(options: { passphrase?: string } = {}): Promise<string> {
    const accounts = await this.deps.accounts.list()
    const profiles = (await this.deps.profiles.list()).filter((profile) => !profile.bundled)
    const createdAt = this.deps.now()
    if (options.passphrase === undefined) {
      const plain: PlainExport = {
        format: exportFormat,
        version: exportVersion,
        createdAt,
        encrypted: false,
        accounts,
        profiles,
      }
      return `${JSON.stringify(plain, null, 2)}\n`
    }
    if (options.passphrase.length < minimumPassphraseLength) {
      throw new InvalidArgumentError(
        `Choose a passphrase of at least ${minimumPassphraseLength} characters: the export holds your tokens.`,
        { reason: 'passphrase-too-short', params: { min: minimumPassphraseLength } },
      )
    }
    const secrets: NonNullable<ExportContents['secrets']> = { accounts: {}, profiles: {} }
    for (const account of accounts) {
      const stored = await this.deps.vault.getPassword(vaultService, tokensKey(account.id))
      if (stored !== null) secrets.accounts[account.id] = JSON.parse(stored) as AccountTokens
    }
    for (const profile of profiles)
      secrets.profiles[profile.id] = await this.deps.profiles.secrets(profile.id)
    const contents: ExportContents = { accounts, profiles, secrets }
    const salt = randomBytes(16)
    const iv = randomBytes(12)
    const key = await scrypt(options.passphrase, salt, scryptParameters)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    const data = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final()])
    const encrypted: EncryptedExport = {
      format: exportFormat,
      version: exportVersion,
      createdAt,
      encrypted: true,
      kdf: {
        name: 'scrypt',
        N: scryptParameters.N,
        r: scryptParameters.r,
        p: scryptParameters.p,
        salt: salt.toString('base64'),
      },
      cipher: {
        name: 'aes-256-gcm',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
      },
      data: data.toString('base64'),
    }
    return `${JSON.stringify(encrypted, null, 2)}\n`
  }

  /** Whether an export needs a passphrase, so the window can ask for one first. */
  static needsPassphrase(text: string): boolean {
    return parseEnvelope(text).encrypted
  }

  async importText(text: string, options: { passphrase?: string } = {}): Promise<ImportSummary> {
    const envelope = parseEnvelope(text)
    const contents = envelope.encrypted ? await decrypt(envelope, options.passphrase) : envelope
    const summary: ImportSummary = {
      accounts: 0,
      profiles: 0,
      accountsNeedingSignIn: 0,
      skipped: [],
    }
    const existingProfiles = new Set((await this.deps.profiles.list()).map((profile) => profile.id))

    for (const exported of Array.isArray(contents.profiles) ? contents.profiles : []) {
      const profile = fitLegacyProfile(exported)
      if (typeof profile?.id === 'string' && existingProfiles.has(profile.id)) {
        summary.skipped.push({ kind: 'profile', id: profile.id, reason: 'already here' })
        continue
      }
      const secrets = contents.secrets?.profiles[profile.id] ?? {}
      try {
        if (typeof profile?.id !== 'string') throw new InvalidArgumentError('no id')
        validateProfile(profile, secrets)
      } catch (error) {
        summary.skipped.push({
          kind: 'profile',
          id: String(profile?.id),
          reason: error instanceof AppError ? error.message : 'not a profile',
        })
        continue
      }
      for (const [slot, value] of [
        ['client-secret', secrets.clientSecret],
        ['private-key', secrets.privateKeyPem],
      ] as const) {
        if (value !== undefined)
          await this.deps.vault.setPassword(vaultService, `profile:${profile.id}:${slot}`, value)
      }
      await this.deps.profileRepository.put({ ...profile, bundled: false })
      existingProfiles.add(profile.id)
      summary.profiles += 1
    }

    for (const account of Array.isArray(contents.accounts) ? contents.accounts : []) {
      if (
        typeof account?.id !== 'string' ||
        typeof account.label !== 'string' ||
        typeof account.method !== 'string'
      ) {
        summary.skipped.push({ kind: 'account', id: String(account?.id), reason: 'not an account' })
        continue
      }
      // Never over an existing account: a crafted file could otherwise point its live tokens at
      // another server.
      if (await this.deps.accounts.get(account.id)) {
        summary.skipped.push({ kind: 'account', id: account.id, reason: 'already here' })
        continue
      }
      const tokens = contents.secrets?.accounts[account.id]
      const imported: StoredAccount = fitLegacyAccount({
        ...account,
        workspaces: account.workspaces ?? [],
      })
      if (tokens?.accessToken) {
        // Tokens first, then the record that points to them.
        await this.deps.vault.setPassword(
          vaultService,
          tokensKey(account.id),
          JSON.stringify(tokens),
        )
      } else {
        imported.status = 'needs-sign-in'
        summary.accountsNeedingSignIn += 1
      }
      await this.deps.accounts.put(imported)
      summary.accounts += 1
    }
    return summary
  }
}

function parseEnvelope(text: string): PlainExport | EncryptedExport {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new InvalidArgumentError(
      'This file is not an export of Coze Auth Companion (it is not JSON).',
      { reason: 'import-not-export' },
    )
  }
  const record = parsed as Partial<PlainExport | EncryptedExport> | null
  if (typeof record !== 'object' || record === null || record.format !== exportFormat) {
    throw new InvalidArgumentError(
      'This file is not an export of Coze Auth Companion. To add an app, import its coze_oauth_config.json as a profile instead.',
      { reason: 'import-not-export' },
    )
  }
  if (typeof record.version !== 'number' || record.version > exportVersion) {
    throw new InvalidArgumentError(
      'This export comes from a newer version of the app. Update the app, then import it.',
      { reason: 'import-newer-version' },
    )
  }
  return record as PlainExport | EncryptedExport
}

async function decrypt(
  envelope: EncryptedExport,
  passphrase: string | undefined,
): Promise<ExportContents> {
  if (!passphrase) {
    throw new InvalidArgumentError(
      'This export is encrypted: enter the passphrase it was saved with.',
      { reason: 'passphrase-required' },
    )
  }
  // Only the parameters this app writes: a crafted file must not make scrypt run for minutes.
  const { N, r, p } = envelope.kdf
  if (N !== scryptParameters.N || r !== scryptParameters.r || p !== scryptParameters.p) {
    throw new InvalidArgumentError(
      'This export was not made by this app (unexpected encryption settings).',
      { reason: 'import-unknown-encryption' },
    )
  }
  try {
    const key = await scrypt(passphrase, Buffer.from(envelope.kdf.salt, 'base64'), {
      N: envelope.kdf.N,
      r: envelope.kdf.r,
      p: envelope.kdf.p,
      maxmem: scryptParameters.maxmem,
    })
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.cipher.iv, 'base64'))
    decipher.setAuthTag(Buffer.from(envelope.cipher.tag, 'base64'))
    const plain = Buffer.concat([
      decipher.update(Buffer.from(envelope.data, 'base64')),
      decipher.final(),
    ])
    return JSON.parse(plain.toString('utf8')) as ExportContents
  } catch {
    throw new InvalidArgumentError(
      'The passphrase is wrong, or the file was changed after it was exported.',
      { reason: 'passphrase-wrong' },
    )
  }
}
