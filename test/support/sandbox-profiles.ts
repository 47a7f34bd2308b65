import type { AuthCore } from '../../src/main/core/create-core'
import type { AppProfile } from '../../src/main/core/profiles'
import type { RegionName, Sandbox } from '../sandbox'

/**
 * Adds a profile for the sandbox's JWT app of `region`, with its private key, as a person would
 * after importing the app's files. `as` files it under another region (wrong-region tests).
 */
export async function addSandboxJwtProfile(
  core: AuthCore,
  sandbox: Sandbox,
  region: RegionName = 'com',
  options: { name?: string; as?: RegionName } = {},
): Promise<AppProfile> {
  const app = (await sandbox.describe()).regions[region].apps.jwt
  return core.profiles.add(
    {
      name: options.name ?? 'Service',
      region: options.as ?? region,
      clientType: 'jwt',
      clientId: app.clientId,
      publicKeyId: app.publicKeyId ?? '',
    },
    { privateKeyPem: app.privateKeyPem ?? '' },
  )
}
