import { generateKeyPair } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

export interface KeyMaterial {
  publicKey: KeyObject
  publicKeyPem: string
  privateKeyPem: string
}

function generateRsaKey(): Promise<KeyMaterial> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => {
      if (error) {
        reject(error)
        return
      }
      resolve({
        publicKey,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      })
    })
  })
}

const pool = new Map<string, Promise<KeyMaterial>>()

/**
 * RSA-2048 generation costs ~100 ms of libuv thread time per key. A suite that starts a sandbox per
 * test file (or per test) would otherwise keep the thread pool busy with keys nobody uses and slow
 * down every fs and dns call behind them. So key pairs are made once per process per slot and
 * shared by later sandboxes of the same process; each sandbox still gets its own random kids.
 */
export function rsaKeyForSlot(slot: string): Promise<KeyMaterial> {
  let key = pool.get(slot)
  if (!key) {
    key = generateRsaKey()
    pool.set(slot, key)
    // A failed generation must not be cached forever.
    key.catch(() => pool.delete(slot))
  }
  return key
}
