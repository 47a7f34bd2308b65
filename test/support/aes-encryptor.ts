import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Encryptor } from '../../src/main/core/vault/encrypted-file-vault'

const version = Buffer.from('t1')
const ivLength = 12
const tagLength = 16

/**
 * A real AES-256-GCM encryptor standing in for Electron's safeStorage in tests. `changeKey()`
 * plays "the OS key changed": blobs written before it no longer decrypt (GCM's tag check fails).
 */
export class AesGcmEncryptor implements Encryptor {
  readonly name = 'test-aes-256-gcm'
  available = true
  private key: Buffer

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key
  }

  isAvailable(): boolean {
    return this.available
  }

  encrypt(plain: string): Buffer {
    if (!this.available) throw new Error('encryption is not available')
    const iv = randomBytes(ivLength)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([version, iv, cipher.getAuthTag(), body])
  }

  decrypt(blob: Buffer): string {
    if (!this.available) throw new Error('encryption is not available')
    if (
      blob.length < version.length + ivLength + tagLength ||
      !blob.subarray(0, 2).equals(version)
    ) {
      throw new Error('not a blob of this encryptor')
    }
    const iv = blob.subarray(2, 2 + ivLength)
    const tag = blob.subarray(2 + ivLength, 2 + ivLength + tagLength)
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([
      decipher.update(blob.subarray(2 + ivLength + tagLength)),
      decipher.final(),
    ]).toString('utf8')
  }

  /** Replaces the key, as when the OS keyring that held safeStorage's key was reset. */
  changeKey(key: Buffer = randomBytes(32)): void {
    this.key = key
  }

  /** The key, for a child process that must read the same file. */
  exportKey(): string {
    return this.key.toString('hex')
  }
}
