import type {
  AccountDetails,
  AppInfo,
  AppSettings,
  ProfileInput,
  ProfileSummary,
  SettingsPatchInput,
  SignInProgressView,
  StorageStatus,
} from '../../../shared/ipc-contract'
import type { StoredAccount } from '../accounts/account'
import { isRefreshable } from '../refresh/refresh-policy'
import type { SignInProgress } from '../accounts/account-service'
import { formatToken } from '../clipboard/token-formats'
import type { ClipboardService } from '../clipboard/clipboard-service'
import type { AuthCore } from '../create-core'
import { AppError, CancelledError, InvalidArgumentError } from '../errors'
import { checkProxyUrl, describeProxy } from '../http/proxy-fetch'
import { previewJwtSignIn } from '../oauth/jwt-flow'
import { parseRsaPrivateKey } from '../oauth/pem'
import { profileFieldsOf } from '../profiles'
import type { AppProfile, ProfileSecrets } from '../profiles'
import type { OperationHandlers } from './dispatcher'
import type { HostDialogs } from '../ports'
import type { UpdateService } from '../updates/update-service'
import { noUpdates } from '../updates/update-service'
import { settingsWeakenings } from '../../../shared/confirmation'
import { createWeakeningGate } from './confirmations'
import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import { isErrorCode } from '../../../shared/errors'

export { requestValidators } from './request-validators'

/** What the handlers need from the rest of main. Each host supplies its own. */
export interface HandlerDependencies {
  appInfo: AppInfo
  core: AuthCore
  storageStatus(): StorageStatus
  settings: {
    get(): AppSettings
    update(patch: SettingsPatchInput): Promise<AppSettings>
  }
  /** Copies text to the clipboard (and clears it later); main only. */
  copyToClipboard(text: string): Promise<{ clearsAt: number | null }>
  /** A token the person copied, offered to be added; absent, nothing is ever offered. */
  clipboardTokens?: Pick<ClipboardService, 'peekToken' | 'takeToken' | 'clearToken'>
  /** The scheduler's "Refresh all" (bounded concurrency); sequential when absent. */
  refreshAll?(): Promise<{ accountId: string; ok: boolean; code?: AppError['code'] }[]>
  /** Reads a file the person chose on this computer (a PEM key, a config file, an export). */
  readLocalFile(path: string): Promise<string>
  /** Writes an export where the person chose (mode 0600). */
  writeLocalFile(path: string, text: string): Promise<void>
  /** File choosers and confirmations of the host. */
  dialogs: HostDialogs
  /** Where the window's answers to a command-line tool's request for a token go (browser host). */
  commandLineApprovals?: { answer(requestId: string, allow: boolean): boolean }
  /** The environment main's requests see (HTTPS_PROXY); `process.env` when absent. */
  environment?: Record<string, string | undefined>
  /** The app's own updates; a host without them says so ('browser-host'). */
  updates?: Pick<UpdateService, 'status' | 'restartToUpdate'>
  /**
   * Whether account views carry their pictures, fetched in the background on first sight. The
   * command line shows none, so it sets this false: a `coze-auth token` sends no request for a
   * picture nobody sees. Default true.
   */
  pictures?: boolean
}

/** The handlers, plus what their owner must call when the window goes away or main stops. */
export interface HandlerSet {
  handlers: OperationHandlers
  /** Cancels every sign-in in progress (the window reloaded, closed or crashed). */
  abortAllSignIns(): void
}

/** A chosen file waits this long for the operation that uses it. */
const chosenFileLifetimeMs = 10 * 60 * 1000

export function createHandlers(deps: HandlerDependencies): HandlerSet {
  const { core } = deps
  const updates = deps.updates ?? noUpdates('browser-host')
  // With a native dialog main asks there; without one, through the page with a one-time token.
  const confirmNatively = deps.dialogs.confirmWeakening?.bind(deps.dialogs)
  const gate = createWeakeningGate({
    clock: core.clock,
    ...(confirmNatively ? { confirmNatively } : {}),
  })
  const signIns = new Map<string, AbortController>()
  const chosenFiles = new Map<string, { name: string; text: string; expiresAt: number }>()

  /*
   * Exports and imports run one at a time, the others waiting their turn in a queue. Each one
   * with a passphrase derives its key with scrypt at 128 MiB: sixteen at once took the browser
   * host from about 100 to over 600 MiB. A queue rather than a "busy" error, because the
   * second caller is a person (another tab, a second click) whose export should simply happen;
   * a flood only waits longer, it no longer costs memory.
   */
  let transferLane: Promise<unknown> = Promise.resolve()
  const oneTransferAtATime = <T>(job: () => Promise<T>): Promise<T> => {
    const turn = transferLane.then(job, job)
    transferLane = turn.catch(() => undefined)
    return turn
  }

  /** A chosen file's content, once: handles are single use and expire. */
  const takeChosenFile = (fileId: string): { name: string; text: string } => {
    const file = chosenFiles.get(fileId)
    chosenFiles.delete(fileId)
    if (!file || file.expiresAt < core.clock.now()) {
      throw new InvalidArgumentError('Choose the file again: the earlier choice has expired.', {
        reason: 'file-choice-expired',
      })
    }
    return file
  }

  // The picture as a data: URL once main has it (AvatarCache); never the remote address, which
  // the window's Content-Security-Policy would refuse anyway.
  const pictures = deps.pictures ?? true
  const avatarOf = (account: StoredAccount): string | undefined =>
    pictures && account.user?.avatarUrl
      ? core.avatars.peek(account.user.avatarUrl, account.id)
      : undefined

  const summary = (account: StoredAccount): ReturnType<AuthCore['accounts']['summarise']> => {
    const view = core.accounts.summarise(account)
    const avatar = avatarOf(account)
    return avatar === undefined ? view : { ...view, avatarUrl: avatar }
  }

  const details = (account: StoredAccount): AccountDetails => {
    const view: AccountDetails = {
      ...summary(account),
      workspaces: account.workspaces.map(({ id, name, iconUrl, role, type }) => ({
        id,
        name,
        iconUrl,
        role,
        type,
      })),
      workspacesKnown: account.workspacesKnown,
      createdAt: account.createdAt,
    }
    if (account.user) view.user = { ...account.user, avatarUrl: view.avatarUrl ?? '' }
    if (account.profileId) view.profileId = account.profileId
    if (account.clientId) view.clientId = account.clientId
    if (account.lastRefresh) {
      const { at, ok, code, logId } = account.lastRefresh
      // A code a newer build stored, which this window has no words for, is shown as internal.
      const known = code === undefined ? undefined : isErrorCode(code) ? code : 'INTERNAL'
      view.lastRefresh = { at, ok, ...(known ? { code: known } : {}), ...(logId ? { logId } : {}) }
    }
    return view
  }

  const profileView = async (profile: AppProfile): Promise<ProfileSummary> => {
    const secrets = profile.bundled ? {} : await core.profiles.secrets(profile.id)
    // The fields the schema names, and only those: the window gets no more than the contract says.
    return {
      id: profile.id,
      ...profileFieldsOf(profile),
      bundled: profile.bundled === true,
      hasClientSecret: secrets.clientSecret !== undefined,
      hasPrivateKey: secrets.privateKeyPem !== undefined,
    }
  }

  /** Splits what the window sent into the stored profile and the secrets for the vault. */
  const toProfile = async (
    input: ProfileInput,
  ): Promise<{ profile: Omit<AppProfile, 'id'>; secrets: ProfileSecrets }> => {
    const { clientSecret, privateKeyFileId, ...rest } = input
    const profile: Omit<AppProfile, 'id'> = { ...rest }
    const secrets: ProfileSecrets = {}
    if (clientSecret !== undefined) secrets.clientSecret = clientSecret.trim()
    if (privateKeyFileId !== undefined) {
      const pem = takeChosenFile(privateKeyFileId).text
      // Checked here, so a wrong file is refused with its reason before anything is stored.
      parseRsaPrivateKey(pem)
      secrets.privateKeyPem = pem
    }
    return { profile, secrets }
  }

  const progressView = (progress: SignInProgress): SignInProgressView => {
    switch (progress.stage) {
      case 'code-ready':
        return {
          stage: 'code-ready',
          userCode: progress.userCode,
          verificationUri: progress.verificationUri,
          verificationUrlWithCode: progress.verificationUrlWithCode,
          expiresAt: progress.expiresAt,
        }
      case 'ignored-callback':
        return { stage: 'ignored-callback', reason: progress.reason }
      case 'no-answer-yet':
        return {
          stage: 'no-answer-yet',
          waitedMs: progress.waitedMs,
          ...(progress.otherRegion ? { otherRegion: progress.otherRegion } : {}),
        }
      default:
        return progress
    }
  }

  const handlers: OperationHandlers = {
    getAppInfo: async () => structuredClone(deps.appInfo),
    getStorageStatus: async () => structuredClone(deps.storageStatus()),
    getUpdateStatus: async () => updates.status(),
    restartToUpdate: async () => ({ restarting: updates.restartToUpdate() }),
    listAccounts: async () => (await core.accounts.list()).map(summary),
    getAccount: async ({ accountId }) => details(await core.accounts.get(accountId)),

    signIn: async ({ signInId, profileId, region }) => {
      if (signIns.has(signInId)) {
        throw new InvalidArgumentError('A sign-in with this id is already running.')
      }
      const controller = new AbortController()
      signIns.set(signInId, controller)
      const emit = (progress: SignInProgressView): void =>
        core.events.emit('signInProgress', { signInId, progress })
      try {
        const locale = deps.settings.get().language
        const account = await core.accounts.signIn(profileId, {
          signal: controller.signal,
          ...(region ? { region } : {}),
          ...(locale === 'system' ? {} : { locale }),
          onProgress: (progress) => emit(progressView(progress)),
        })
        emit({ stage: 'done', accountId: account.id })
        return summary(account)
      } catch (error) {
        emit({ stage: 'failed', code: error instanceof AppError ? error.code : 'INTERNAL' })
        throw error
      } finally {
        signIns.delete(signInId)
      }
    },
    cancelSignIn: async ({ signInId }) => {
      const controller = signIns.get(signInId)
      controller?.abort(new CancelledError('The sign-in was cancelled.'))
      return { cancelled: controller !== undefined }
    },

    addPastedToken: async (request) => summary(await core.accounts.addPastedToken(request)),
    peekClipboardToken: async () => ({
      offer: (await deps.clipboardTokens?.peekToken()) ?? null,
    }),
    addClipboardToken: async ({ offerId, region, label }) => {
      const token = (await deps.clipboardTokens?.takeToken(offerId)) ?? null
      if (token === null) {
        throw new InvalidArgumentError(
          'The clipboard no longer holds that token. Copy it again, or paste it.',
          { reason: 'clipboard-changed' },
        )
      }
      const account = await core.accounts.addPastedToken({
        region,
        token,
        ...(label === undefined ? {} : { label }),
      })
      // Added: the token is in secure storage now, and need not wait on the clipboard.
      await deps.clipboardTokens?.clearToken(token)
      return summary(account)
    },
    refreshAccount: async ({ accountId }) => summary(await core.accounts.refresh(accountId)),
    refreshAllAccounts: async () => {
      if (deps.refreshAll) return deps.refreshAll()
      const results: { accountId: string; ok: boolean; code?: AppError['code'] }[] = []
      for (const account of await core.accounts.list()) {
        if (!isRefreshable(account)) continue
        try {
          await core.accounts.refresh(account.id)
          results.push({ accountId: account.id, ok: true })
        } catch (error) {
          results.push({
            accountId: account.id,
            ok: false,
            code: error instanceof AppError ? error.code : 'INTERNAL',
          })
        }
      }
      return results
    },
    getAccountActivity: async ({ accountId }) => core.accounts.activity(accountId),
    refreshWorkspaces: async ({ accountId }) =>
      details(await core.accounts.refreshIdentity(accountId)),
    renameAccount: async ({ accountId, label }) =>
      summary(await core.accounts.rename(accountId, label)),
    removeAccount: async ({ accountId }) => {
      const { undoUntil } = await core.accounts.remove(accountId)
      return { removed: true, undoUntil }
    },
    undoRemoveAccount: async ({ accountId }) => summary(await core.accounts.undoRemove(accountId)),

    copyToken: async ({ accountId, format }) => {
      const account = await core.accounts.get(accountId)
      const token = await core.accounts.freshAccessToken(accountId)
      const apiBase = core.endpoints.resolve(account.region, {
        ...(account.apiBase ? { apiBase: account.apiBase } : {}),
      }).apiBase
      return deps.copyToClipboard(formatToken(token, format, apiBase))
    },
    revealToken: async ({ accountId }) => {
      const account = await core.accounts.get(accountId)
      if (!(await deps.dialogs.confirmReveal(account.label))) {
        throw new CancelledError('The token was not shown.')
      }
      return { token: await core.accounts.freshAccessToken(accountId) }
    },
    chooseFile: async ({ purpose, path }) => {
      const chosen = await deps.dialogs.chooseFile(purpose, path)
      if (chosen === null) return { cancelled: true }
      const text = await deps.readLocalFile(chosen)
      // A key file that is no RSA private key is refused the moment it is chosen, next to its
      // field, rather than only when a profile is saved or a preview asked for.
      if (purpose === 'private-key') parseRsaPrivateKey(text)
      const fileId = randomUUID()
      const name = basename(chosen)
      chosenFiles.set(fileId, { name, text, expiresAt: core.clock.now() + chosenFileLifetimeMs })
      return { fileId, name }
    },

    listProfiles: async () => Promise.all((await core.profiles.list()).map(profileView)),
    addProfile: async (input) => {
      const { profile, secrets } = await toProfile(input)
      return profileView(await core.profiles.add(profile, secrets))
    },
    updateProfile: async ({ profileId, profile: input }) => {
      const { profile, secrets } = await toProfile(input)
      return profileView(await core.profiles.update(profileId, profile, secrets))
    },
    removeProfile: async ({ profileId }) => ({ removed: await core.profiles.remove(profileId) }),
    importProfileFile: async ({ fileId }) => {
      const file = takeChosenFile(fileId)
      const { profile, warnings } = await core.profiles.importConfigFile(file.text, file.name)
      return { profile: await profileView(profile), warnings }
    },
    previewJwt: async ({ profileId }) => {
      const profile = await core.profiles.get(profileId)
      if (profile.clientType !== 'jwt') {
        throw new InvalidArgumentError('Only a service (JWT) app has claims to preview.')
      }
      const secrets = await core.profiles.secrets(profileId)
      const preview = previewJwtSignIn(
        {
          endpoints: core.endpoints.resolve(profile.region, profile),
          clientId: profile.clientId,
          keyId: profile.publicKeyId ?? '',
          privateKeyPem: secrets.privateKeyPem ?? '',
          ...(profile.jwtDurationSeconds ? { durationSeconds: profile.jwtDurationSeconds } : {}),
          ...(profile.sessionName ? { sessionName: profile.sessionName } : {}),
          ...(profile.accountId ? { accountId: profile.accountId } : {}),
        },
        core.clock.now(),
      )
      return { ...preview, claims: { ...preview.claims } }
    },

    getSettings: async () => deps.settings.get(),
    // Read at each call: what the window states is what the next request will use.
    getProxyStatus: async () => {
      const proxyUrl = deps.settings.get().proxyUrl
      return describeProxy(proxyUrl ? { url: proxyUrl } : {}, deps.environment ?? process.env)
    },
    updateSettings: async ({ confirmationToken, ...patch }) => {
      // Before anything is stored: a refused or unconfirmed change leaves every setting as it was.
      await gate.require(
        { operation: 'updateSettings', weakenings: settingsWeakenings(deps.settings.get(), patch) },
        patch,
        confirmationToken,
      )
      // A proxy the person typed is checked now, so a typo is refused where it was made.
      if (typeof patch.proxyUrl === 'string' && patch.proxyUrl.trim() !== '') {
        patch.proxyUrl = checkProxyUrl(patch.proxyUrl.trim())
      } else if (patch.proxyUrl === '') {
        patch.proxyUrl = null
      }
      const settings = await deps.settings.update(patch)
      if (patch.proxyUrl !== undefined) {
        core.setProxy(settings.proxyUrl ? { url: settings.proxyUrl } : {})
      }
      core.events.emit('settingsChanged', settings)
      return settings
    },

    exportAccounts: async ({ passphrase, confirmationToken }) => {
      // With a passphrase the file holds every token: asked before any work is done.
      await gate.require(
        {
          operation: 'exportAccounts',
          weakenings: passphrase === undefined ? [] : [{ kind: 'export-with-tokens' }],
        },
        passphrase === undefined ? {} : { passphrase },
        confirmationToken,
      )
      // Encrypt first: a refused passphrase should not cost the person a save dialog.
      const text = await oneTransferAtATime(() =>
        core.transfer.exportText(passphrase === undefined ? {} : { passphrase }),
      )
      const stamp = new Date(core.clock.now()).toISOString().slice(0, 10)
      const path = await deps.dialogs.chooseSaveFile(`coze-accounts-${stamp}.json`)
      if (path === null) return { cancelled: true }
      await deps.writeLocalFile(path, text)
      return { path, encrypted: passphrase !== undefined }
    },
    importAccounts: async ({ fileId, passphrase }) => {
      const { text } = takeChosenFile(fileId)
      const result = await oneTransferAtATime(() =>
        core.transfer.importText(text, passphrase === undefined ? {} : { passphrase }),
      )
      core.events.emit('accountsChanged', { accountIds: [] })
      return result
    },
    answerCommandLineApproval: async ({ requestId, allow }) => ({
      answered: deps.commandLineApprovals?.answer(requestId, allow) ?? false,
    }),
  }
  return {
    handlers,
    abortAllSignIns() {
      for (const controller of signIns.values()) {
        controller.abort(new CancelledError('The window went away, so the sign-in was stopped.'))
      }
    },
  }
}
