/**
 * Electron's safeStorage as the core's `Encryptor`. Call after the app is ready: before that,
 * safeStorage reports no encryption, and on Linux its backend is still `unknown`.
 */
import type { SafeStorage } from 'electron'
import { safeStorage as electronSafeStorage } from 'electron'
import type { Encryptor } from '../core/vault/encrypted-file-vault'

/** Linux: the password store safeStorage picked (`basic_text` means no real encryption). */
export function safeStorageBackend(
  safeStorage: SafeStorage = electronSafeStorage,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  return platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined
}

export function createSafeStorageEncryptor(
  safeStorage: SafeStorage = electronSafeStorage,
  platform: NodeJS.Platform = process.platform,
): Encryptor {
  const backend = safeStorageBackend(safeStorage, platform)
  return {
    name: `safe-storage:${backend ?? platform}`,
    // Under basic_text Electron "encrypts" with a key written in its source: not encryption.
    isAvailable: () =>
      safeStorage.isEncryptionAvailable() &&
      safeStorageBackend(safeStorage, platform) !== 'basic_text',
    // The synchronous calls are deprecated in favour of async ones, but `Encryptor` is synchronous
    // and they still work in Electron 45.
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (blob) => safeStorage.decryptString(blob),
  }
}
