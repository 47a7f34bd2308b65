/**
 * In-memory stand-ins for the account list and the profile list, for tests that build the core
 * from its ports (`createAuthCore`) without a file on disk. The apps never use them: their lists
 * live in the metadata store (`openPersistentCore`).
 */
import type {
  AccountBrief,
  AccountPatch,
  AccountRepository,
  StoredAccount,
} from '../../src/main/core/accounts/account'
import { briefOf } from '../../src/main/core/accounts/account'
import { MemorySecretVault } from '../../src/main/core/accounts/memory-vault'
import type { ProfileRepository } from '../../src/main/core/profile-service'
import type { AppProfile } from '../../src/main/core/profiles'

/** Records by id; every read and write copies, as a store on disk would. */
class MemoryRepository<T extends { id: string }> {
  private readonly records = new Map<string, T>()

  async list(): Promise<T[]> {
    return [...this.records.values()].map((record) => structuredClone(record))
  }

  async get(id: string): Promise<T | undefined> {
    const record = this.records.get(id)
    return record ? structuredClone(record) : undefined
  }

  async put(record: T): Promise<void> {
    this.records.set(record.id, structuredClone(record))
  }

  async delete(id: string): Promise<boolean> {
    return this.records.delete(id)
  }
}

export class MemoryAccountRepository
  extends MemoryRepository<StoredAccount>
  implements AccountRepository
{
  async getBrief(id: string): Promise<AccountBrief | undefined> {
    const record = await this.get(id)
    return record ? briefOf(record) : undefined
  }

  async update(id: string, patch: AccountPatch): Promise<boolean> {
    const record = await this.get(id)
    if (!record) return false
    await this.put({ ...record, ...patch })
    return true
  }
}

export class MemoryProfileRepository
  extends MemoryRepository<AppProfile>
  implements ProfileRepository {}

/** The three stores `createAuthCore` needs, all in memory and empty. */
export function memoryStores(): {
  vault: MemorySecretVault
  accounts: MemoryAccountRepository
  profiles: MemoryProfileRepository
} {
  return {
    vault: new MemorySecretVault(),
    accounts: new MemoryAccountRepository(),
    profiles: new MemoryProfileRepository(),
  }
}
