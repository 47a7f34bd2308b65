import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { tokensKey } from '../src/main/core/accounts/account-service'
import { openPersistentCore } from '../src/main/core/open-persistent-core'
import type { PersistentCore } from '../src/main/core/open-persistent-core'
import { vaultService } from '../src/main/core/profile-service'
import { AesGcmEncryptor } from '../test/support/aes-encryptor'
import { sampleAccount } from '../test/main/core/vault/fixtures/metadata-samples'
import type { Summary } from './measure'
import { summarise } from './measure'

export interface VaultBench {
  backend: string
  accounts: number
  open: Summary
  save: Summary
}

/**
 * The whole vault as the desktop app opens it: the account list plus the encrypted secret
 * file (AES-GCM stands in for Electron's safeStorage, which needs Electron), 1,000 accounts each
 * with an access and a refresh token. "Open" is `openPersistentCore` (both stores, the check that
 * every account still has its tokens); "save" is what a refresh writes: the token pair, then the
 * account record. Targets: open ≤ 300 ms, save ≤ 20 ms (medians).
 */
export async function benchVault(accounts = 1000): Promise<VaultBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coze-bench-vault-'))
  const encryptor = new AesGcmEncryptor(randomBytes(32))
  const open = (): Promise<PersistentCore> =>
    openPersistentCore({
      dataDir,
      encryptor,
      defaultSecretStorage: 'safe-storage',
      browser: { open: async () => {} },
    })
  try {
    const seeded = await open()
    const samples = Array.from({ length: accounts }, (_, i) => sampleAccount(i))
    await Promise.all(samples.map((account) => seeded.store.accounts.put(account)))
    for (const account of samples) {
      await seeded.core.vault.setPassword(
        vaultService,
        tokensKey(account.id),
        JSON.stringify({
          accessToken: `czu_${randomBytes(32).toString('hex')}`,
          refreshToken: randomBytes(32).toString('hex'),
        }),
      )
    }

    for (let i = 0; i < 3; i += 1) await open()
    const openSamples: number[] = []
    for (let i = 0; i < 15; i += 1) {
      const started = performance.now()
      const { report } = await open()
      openSamples.push(performance.now() - started)
      if (report.accountsNeedingSignIn.length > 0)
        throw new Error('the benchmark vault lost tokens')
    }

    const { core, store } = await open()
    const saveSamples: number[] = []
    for (let i = 0; i < 53; i += 1) {
      const account = samples[(i * 7) % accounts]
      if (!account) continue
      const started = performance.now()
      await core.vault.setPassword(
        vaultService,
        tokensKey(account.id),
        JSON.stringify({
          accessToken: `czu_${randomBytes(32).toString('hex')}`,
          refreshToken: randomBytes(32).toString('hex'),
        }),
      )
      await store.accounts.put({ ...account, updatedAt: Date.now() })
      if (i >= 3) saveSamples.push(performance.now() - started)
    }
    return {
      backend: 'encrypted file (safeStorage stand-in)',
      accounts,
      open: summarise(openSamples),
      save: summarise(saveSamples),
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
