import type { SecretVault } from '../ports'

/**
 * Secrets in memory only: gone when the process ends. It lives in src, not with the tests' fakes,
 * because the app chooses it deliberately twice: as the last resort when no keychain and no
 * encryption can be had (the window says the secrets will not survive a restart), and for the
 * demo, whose stand-in tokens must not land in the person's keychain. Tests use it too.
 */
export class MemorySecretVault implements SecretVault {
  private readonly entries = new Map<string, Map<string, string>>()

  async getPassword(service: string, account: string): Promise<string | null> {
    return this.entries.get(service)?.get(account) ?? null
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    const entries = this.entries.get(service) ?? new Map<string, string>()
    entries.set(account, password)
    this.entries.set(service, entries)
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.get(service)?.delete(account) ?? false
  }

  async findCredentials(service: string): Promise<{ account: string; password: string }[]> {
    return [...(this.entries.get(service) ?? new Map<string, string>())].map(
      ([account, password]) => ({
        account,
        password,
      }),
    )
  }
}
