/**
 * What the `coze-auth` command may do, in one place for both ways it runs: inside the app (over
 * the local socket, see socket-server.ts) and on its own (the command opened the stores itself).
 * Either way it is the contract's own handlers and validators (rpc/handlers.ts) on the app's core,
 * so a refresh or a rotation happens through the one AccountService with its per-account lock.
 *
 * It is a second handler set, not the window's: its file choice takes the path the command line
 * named (the desktop app's would open a native dialog), and a token is handed out only through
 * `commandLineToken`, which asks the app first when the person's setting says so.
 */
import type { AppInfo, OperationName, SettingsPatchInput } from '../../../shared/ipc-contract'
import type { CommandLineOperations } from '../../../shared/command-line'
import type { Result } from '../../../shared/errors'
import { isRefreshableMethod } from '../accounts/account'
import { AppError, CancelledError, InvalidArgumentError, toErrorPayload } from '../errors'
import type { HostServices } from '../host-services'
import { readSmallFile, toStorageStatus } from '../host-services'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { PersistentCore } from '../open-persistent-core'
import { normaliseBase, officialApiBases } from '../regions'
import { createDispatcher } from '../rpc/dispatcher'
import { createHandlers, requestValidators } from '../rpc/handlers'

/** A request for a token that the person's setting says to approve in the app first. */
export interface TokenApprovalRequest {
  /** The requesting program, as well as it could be named ("python3 deploy.py (pid 4242)"). */
  program: string
  accountLabel: string
}

/** Resolves true when the person allowed it. */
export type TokenApprover = (request: TokenApprovalRequest) => Promise<boolean>

export interface CommandLineServiceOptions {
  services: HostServices
  persistent: PersistentCore
  appInfo: AppInfo
  /** Who runs the service: the app, or the command line on its own stores. */
  runner: 'electron' | 'browser' | 'command-line'
  /** The app's way of asking; absent when the command line runs on its own (nobody to ask). */
  approve?: TokenApprover
  logger?: Logger
}

/** Who is calling: told by the connection (the socket) or the process itself. */
export interface CommandLineCaller {
  program: string
}

export type CommandLineDispatch = (
  operation: unknown,
  request: unknown,
  caller: CommandLineCaller,
) => Promise<Result<unknown>>

/** The contract's operations a command line may call; the rest (reveal, export…) stay the window's. */
export const commandLineContractOperations: ReadonlySet<OperationName> = new Set<OperationName>([
  'getAppInfo',
  'getStorageStatus',
  'listAccounts',
  'getAccount',
  'signIn',
  'cancelSignIn',
  'addPastedToken',
  'refreshAccount',
  'refreshAllAccounts',
  'removeAccount',
  'renameAccount',
  'chooseFile',
  'listProfiles',
  'addProfile',
  'updateProfile',
  'getSettings',
  'updateSettings',
])

/** The one setting the command line may change: its own default account. */
const commandLineSettings = new Set(['commandLineAccount'])

export function createCommandLineService(options: CommandLineServiceOptions): {
  dispatch: CommandLineDispatch
} {
  const { services, persistent } = options
  const { core } = services
  const logger = options.logger ?? silentLogger
  const { handlers } = createHandlers({
    appInfo: options.appInfo,
    pictures: false,
    core,
    storageStatus: () => toStorageStatus(persistent.report),
    settings: {
      get: () => persistent.store.getSettings(),
      update: (patch) => persistent.store.updateSettings(patch),
    },
    copyToClipboard: () =>
      Promise.reject(new InvalidArgumentError('The command line prints; it does not copy.')),
    readLocalFile: readSmallFile,
    writeLocalFile: () =>
      Promise.reject(new InvalidArgumentError('The command line does not write files.')),
    dialogs: {
      // The path named on the command line, by the person who typed it.
      chooseFile: async (_purpose, typedPath) => typedPath ?? null,
      chooseSaveFile: async () => null,
      confirmReveal: async () => false,
      // A weakened protection is the window's to agree to, never a script's.
      confirmWeakening: async () => false,
    },
    refreshAll: async () =>
      (await services.scheduler.refreshAll()).results.map(({ accountId, ok, code }) => ({
        accountId,
        ok,
        ...(code ? { code } : {}),
      })),
  })
  const contract = createDispatcher(handlers, requestValidators, logger)

  const approveToken = async (caller: CommandLineCaller, accountLabel: string): Promise<void> => {
    if (persistent.store.getSettings().askBeforeCommandLineToken !== true) return
    if (!options.approve) {
      throw new AppError(
        'PERMISSION_DENIED',
        'The setting "Ask in the app before a command-line tool gets a token" is on, and the app is not running to ask. Start the app, or turn the setting off.',
        { params: { reason: 'approval-needs-app' } },
      )
    }
    const allowed = await options.approve({ program: caller.program, accountLabel })
    if (!allowed) {
      throw new AppError('PERMISSION_DENIED', 'The token was refused in the app.', {
        params: { reason: 'approval-refused' },
      })
    }
  }

  const commandLineToken = async (
    request: CommandLineOperations['commandLineToken']['request'],
    caller: CommandLineCaller,
  ): Promise<CommandLineOperations['commandLineToken']['response']> => {
    let account = await core.accounts.get(request.accountId)
    if (account.status === 'needs-sign-in') {
      throw new AppError('REFRESH_TOKEN_DEAD', `${account.label} needs a new sign-in.`, {
        params: { reason: 'needs-sign-in' },
      })
    }
    const wantedUntil = core.clock.now() + request.minValidSeconds * 1000
    const expiresBefore = (at: number | undefined): boolean =>
      at !== undefined && at > 0 && at < wantedUntil
    if (expiresBefore(account.accessTokenExpiresAt)) {
      if (!isRefreshableMethod(account.method)) {
        throw new AppError(
          'NOT_REFRESHABLE',
          `The token of ${account.label} expires before then and cannot be renewed: paste a new one.`,
          { params: { reason: 'expires-too-soon' } },
        )
      }
      account = await core.accounts.refresh(account.id)
      if (expiresBefore(account.accessTokenExpiresAt)) {
        throw new AppError(
          'NOT_REFRESHABLE',
          `Even a new token of ${account.label} does not last that long: ask for less with --min-valid.`,
          { params: { reason: 'lifetime-too-short' } },
        )
      }
    }
    await approveToken(caller, account.label)
    const token = await core.accounts.freshAccessToken(account.id)
    account = await core.accounts.get(account.id)
    const apiBase = core.endpoints.resolve(account.region, {
      ...(account.apiBase ? { apiBase: account.apiBase } : {}),
    }).apiBase
    return {
      token,
      apiBase,
      // The SDKs' default, as `formatToken` judges it: anything else goes into COZE_API_BASE.
      isDefaultApiBase: normaliseBase(apiBase) === officialApiBases.com,
      ...(account.accessTokenExpiresAt ? { expiresAt: account.accessTokenExpiresAt } : {}),
      account: core.accounts.summarise(account),
    }
  }

  const commandLineStatus = (): CommandLineOperations['commandLineStatus']['response'] => {
    const settings = persistent.store.getSettings()
    return {
      host: options.runner,
      pid: process.pid,
      demo: options.appInfo.demo === true,
      storage: toStorageStatus(persistent.report),
      ...(settings.commandLineAccount ? { defaultAccountId: settings.commandLineAccount } : {}),
      askBeforeToken: settings.askBeforeCommandLineToken === true,
    }
  }

  const dispatch: CommandLineDispatch = async (operation, request, caller) => {
    try {
      if (operation === 'commandLineToken') {
        return { ok: true, value: await commandLineToken(checkTokenRequest(request), caller) }
      }
      if (operation === 'commandLineStatus') return { ok: true, value: commandLineStatus() }
      if (
        typeof operation !== 'string' ||
        !commandLineContractOperations.has(operation as OperationName)
      ) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_OPERATION', message: 'The command line cannot do this.' },
        }
      }
      if (operation === 'updateSettings') checkCommandLinePatch(request)
      return await contract(operation, request)
    } catch (error) {
      if (!(error instanceof AppError)) {
        logger.log('error', 'command-line operation failed unexpectedly', {
          errorName: error instanceof Error ? error.name : typeof error,
        })
      }
      return { ok: false, error: toErrorPayload(error) }
    }
  }
  return { dispatch }
}

function checkTokenRequest(raw: unknown): CommandLineOperations['commandLineToken']['request'] {
  const value = raw as { accountId?: unknown; minValidSeconds?: unknown } | null
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.accountId !== 'string' ||
    !/^[\w:.-]{1,200}$/.test(value.accountId) ||
    typeof value.minValidSeconds !== 'number' ||
    !Number.isInteger(value.minValidSeconds) ||
    value.minValidSeconds < 0 ||
    value.minValidSeconds > 86_400
  ) {
    throw new InvalidArgumentError('A token request names an account and 0 to 86400 seconds.')
  }
  return { accountId: value.accountId, minValidSeconds: value.minValidSeconds }
}

function checkCommandLinePatch(raw: unknown): asserts raw is SettingsPatchInput {
  if (typeof raw !== 'object' || raw === null) return
  for (const key of Object.keys(raw)) {
    if (!commandLineSettings.has(key)) {
      throw new CancelledError('Settings other than the default account are changed in the app.')
    }
  }
}
