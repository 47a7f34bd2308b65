/**
 * Secrets in plain text in one JSON file (mode 0600, written atomically). Only for a user who has
 * neither safeStorage nor a keychain and explicitly chose "store unencrypted on this machine";
 * the app shows that choice wherever secrets matter.
 */
import { InvalidArgumentError } from '../errors'
import type { FileVaultOptions } from './encrypted-file-vault'
import { FileSecretVault } from './encrypted-file-vault'

export const plaintextBackendName = 'plaintext'

export interface PlaintextFileVaultOptions extends FileVaultOptions {
  /**
   * Must be the literal `true`, set only from the user's explicit opt-in, so that this vault
   * cannot be created by accident (a boolean variable does not type-check).
   */
  userConsented: true
}

/** Secrets unencrypted on disk: only ever after the user's explicit opt-in. */
export class PlaintextFileVault extends FileSecretVault {
  constructor(options: PlaintextFileVaultOptions) {
    // The type already demands the literal; this stops a cast or a JavaScript caller.
    if ((options as { userConsented?: unknown }).userConsented !== true) {
      throw new InvalidArgumentError(
        'Storing secrets unencrypted needs your explicit consent in Settings.',
        { params: { reason: 'PLAINTEXT_NOT_CONSENTED' } },
      )
    }
    super(options, {
      backend: plaintextBackendName,
      encode: (plain) => plain,
      decode: (stored) => stored,
    })
  }
}
