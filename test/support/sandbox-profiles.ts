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

/** Adds a profile for the sandbox's device-code app of `region`. */
export async function addSandboxDeviceProfile(
  core: AuthCore,
  sandbox: Sandbox,
  region: RegionName = 'com',
): Promise<AppProfile> {
  const app = sandbox.regions[region].apps.device
  return core.profiles.add(
    { name: 'Device', region, clientType: 'device', clientId: app.clientId },
    {},
  )
}

/**
 * A device-code sign-in through `profileId`, approved on the sandbox at once by the user of
 * `userIndex` (the region's first user by default).
 */
export function signInWithSandboxDevice(
  core: AuthCore,
  sandbox: Sandbox,
  profileId: string,
  options: { region?: RegionName; userIndex?: number } = {},
): ReturnType<AuthCore['accounts']['signIn']> {
  const userId = sandbox.regions[options.region ?? 'com'].users[options.userIndex ?? 0]?.userId
  return core.accounts.signIn(profileId, {
    onProgress: (progress) => {
      if (progress.stage === 'code-ready') sandbox.approveDevice(progress.userCode, { userId })
    },
  })
}
