/**
 * Notarisation of the macOS app (electron-builder's afterSign). It runs only where Apple
 * credentials are given in the environment, the same variables electron-builder documents:
 * an App Store Connect API key (APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER), an Apple ID
 * (APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID) or a stored notarytool profile
 * (APPLE_KEYCHAIN_PROFILE, optionally APPLE_KEYCHAIN). Without them, a build (a developer's, an
 * organisation's test build, any build off macOS) skips it with one log line.
 */
import { notarize } from '@electron/notarize'
import type { NotarizeOptionsNotaryTool } from '@electron/notarize/lib/types'
import type { AfterPackContext } from 'electron-builder'

export type NotaryCredentials =
  | { appleApiKey: string; appleApiKeyId: string; appleApiIssuer: string }
  | { appleId: string; appleIdPassword: string; teamId: string }
  | { keychainProfile: string; keychain?: string }

type Env = Readonly<Record<string, string | undefined>>

const given = (value: string | undefined): value is string =>
  typeof value === 'string' && value.trim() !== ''

/** The first complete set of credentials in `env`, or undefined: then nothing is notarised. */
export function notaryCredentials(env: Env): NotaryCredentials | undefined {
  if (given(env.APPLE_API_KEY) && given(env.APPLE_API_KEY_ID) && given(env.APPLE_API_ISSUER)) {
    return {
      appleApiKey: env.APPLE_API_KEY,
      appleApiKeyId: env.APPLE_API_KEY_ID,
      appleApiIssuer: env.APPLE_API_ISSUER,
    }
  }
  if (given(env.APPLE_ID) && given(env.APPLE_APP_SPECIFIC_PASSWORD) && given(env.APPLE_TEAM_ID)) {
    return {
      appleId: env.APPLE_ID,
      appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD,
      teamId: env.APPLE_TEAM_ID,
    }
  }
  if (given(env.APPLE_KEYCHAIN_PROFILE)) {
    return {
      keychainProfile: env.APPLE_KEYCHAIN_PROFILE,
      ...(given(env.APPLE_KEYCHAIN) ? { keychain: env.APPLE_KEYCHAIN } : {}),
    }
  }
  return undefined
}

export type Notarize = (options: NotarizeOptionsNotaryTool) => Promise<void>

export interface AfterSignOptions {
  env: Env
  notarize?: Notarize
  /** Where the one "skipped" line goes. */
  log?: (line: string) => void
}

type SignContext = Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName'> & {
  packager: { appInfo: { productFilename: string } }
}

/** The afterSign hook: notarises a signed macOS app when credentials are given. */
export function createAfterSign(options: AfterSignOptions) {
  const send = options.notarize ?? notarize
  const log = options.log ?? ((line: string) => console.log(line))
  return async (context: SignContext): Promise<'notarised' | 'skipped'> => {
    if (context.electronPlatformName !== 'darwin') return 'skipped'
    const credentials = notaryCredentials(options.env)
    if (!credentials) {
      log(
        '  • notarisation skipped: no Apple credentials in the environment (see build/notarize.ts)',
      )
      return 'skipped'
    }
    const name = context.packager.appInfo.productFilename
    await send({ appPath: `${context.appOutDir}/${name}.app`, ...credentials })
    return 'notarised'
  }
}
