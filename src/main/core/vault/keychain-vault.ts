/**
 * Secrets in the OS keychain through @napi-rs/keyring: the Secret Service (gnome-keyring, KWallet)
 * on Linux, Keychain on macOS, Credential Manager on Windows.
 *
 * A keychain call can wait on a prompt forever (an unlock dialog nobody answers, a hung daemon),
 * so every call races a timer. The signal is passed on, but the native work cannot really be
 * cancelled (@napi-rs/keyring 2.1.2 ignored it here, even when aborted before the call), and each
 * stuck call holds a thread of libuv's small pool, which file I/O needs too; so after a few stuck
 * calls new ones fail at once instead of starting.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { ErrorCode } from '../../../shared/errors'
import { commonJsExports } from '../common-js'
import { AppError } from '../errors'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { SecretVault } from '../ports'
import { SecretUnreadableError } from './encrypted-file-vault'
import { formatDuration } from '../../../shared/duration'

/** One keychain item, as @napi-rs/keyring's `AsyncEntry` offers it. */
export interface KeyringEntry {
  getPassword(signal?: AbortSignal | null): Promise<string | null>
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>
  deletePassword(signal?: AbortSignal | null): Promise<boolean>
}

/** The keyring functions the vault uses. Tests inject their own to simulate a stuck keychain. */
export interface KeyringBinding {
  /** May throw at once (Linux: no D-Bus session bus). */
  createEntry(service: string, account: string): KeyringEntry
  findCredentials(
    service: string,
    signal: AbortSignal,
  ): Promise<{ account: string; password: string }[]>
}

export type KeychainProblem = 'locked' | 'unavailable' | 'denied' | 'timeout' | 'failed'
export type KeychainOperation = 'get' | 'set' | 'delete' | 'find' | 'probe'

export const defaultKeychainTimeoutMs = 10_000
/** Native calls still running after their timeout; past this, new calls fail without starting. */
const maxStuckCalls = 2

const problemReasons: Record<KeychainProblem, string> = {
  locked: 'KEYCHAIN_LOCKED',
  unavailable: 'KEYCHAIN_UNAVAILABLE',
  denied: 'KEYCHAIN_DENIED',
  timeout: 'KEYCHAIN_TIMEOUT',
  failed: 'KEYCHAIN_FAILED',
}

/**
 * The stable codes. TODO(errors): switch to the KEYCHAIN_* codes (the `reason` param) once
 * src/shared/errors.ts has them; until then the closest existing codes.
 */
const problemCodes: Record<KeychainProblem, ErrorCode> = {
  locked: 'KEYCHAIN_LOCKED',
  unavailable: 'KEYCHAIN_UNAVAILABLE',
  denied: 'KEYCHAIN_DENIED',
  timeout: 'KEYCHAIN_TIMEOUT',
  failed: 'KEYCHAIN_FAILED',
}

function unlockHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return 'Unlock your login keychain (in Keychain Access), then try again.'
  if (platform === 'win32')
    return 'Sign in to Windows again (lock and unlock the screen), then try again.'
  return 'Unlock your login keyring (for example in Passwords and Keys / Seahorse, or KWallet Manager), then try again.'
}

function messageFor(
  problem: KeychainProblem,
  platform: NodeJS.Platform,
  timeoutMs: number,
): string {
  const elsewhere = 'or choose another storage for secrets in Settings.'
  switch (problem) {
    case 'locked':
      return `Your keychain is locked and the request to unlock it was dismissed. ${unlockHint(platform)}`
    case 'unavailable':
      return platform === 'linux'
        ? `No keychain (Secret Service) is available: none is running in this session, or it has no default keyring. Install and start gnome-keyring or KWallet and create a login keyring, ${elsewhere}`
        : `The system keychain could not be reached. Restart the app, ${elsewhere}`
    case 'denied':
      return `The keychain refused the app access to its secrets. Allow Coze Auth Companion when the keychain asks (or in its access settings), then try again; ${elsewhere}`
    case 'timeout':
      return `The keychain did not answer within ${formatDuration(timeoutMs, 'en', 'sentence')}; a keychain prompt may be waiting, or the keychain service is stuck. Answer or close any keychain prompt and try again; if it keeps happening, restart the keychain service, ${elsewhere}`
    case 'failed':
      return `The keychain reported an error. Try again; if it keeps happening, restart the keychain service, ${elsewhere}`
  }
}

/** A keychain failure with the fix in its message. The library's text stays in `cause` only. */
export class KeychainError extends AppError {
  readonly problem: KeychainProblem
  readonly operation: KeychainOperation
  constructor(
    problem: KeychainProblem,
    operation: KeychainOperation,
    options: { platform?: NodeJS.Platform; timeoutMs?: number; cause?: unknown } = {},
  ) {
    const timeoutMs = options.timeoutMs ?? defaultKeychainTimeoutMs
    const params: Record<string, string | number> = {
      reason: problemReasons[problem],
      operation,
    }
    if (problem === 'timeout') params.seconds = timeoutMs / 1000
    super(
      problemCodes[problem],
      messageFor(problem, options.platform ?? process.platform, timeoutMs),
      { params, cause: options.cause },
    )
    this.problem = problem
    this.operation = operation
  }
}

/*
 * What the keyring library says, per platform. Linux strings were seen here (gnome-keyring 42,
 * @napi-rs/keyring 2.1.2); macOS and Windows ones are the Security framework's and Win32's
 * texts for the same situations. Locked is checked first: its messages also say "platform storage".
 */
const lockedPattern =
  /unlock prompt was dismissed|prompt dismissed|object locked|IsLocked|is locked|connection closed before prompt completed|User interaction is not allowed|errSecInteractionNotAllowed|keychain (?:is )?locked/i
const deniedPattern =
  /DBus\.Error\.AccessDenied|access denied|access is denied|not authori[sz]ed|permission denied|User canceled|user cancelled|errSecAuthFailed|rejected by the platform/i
const unavailablePattern =
  /no result found|No DBus session|no secret service provider|Failed to connect to (?:socket|address)|autolaunch|ServiceUnknown|NameHasNoOwner|org\.freedesktop\.secrets was not provided|DBus error|zbus error|No default store|NoDefaultStore|Platform failure|not supported|NoStorageAccess|No such file or directory|Connection refused/i
/**
 * An item deleted by another process (a second app, the command line) between the Secret
 * Service's search and the read of each result: the keychain works, the listing was just stale.
 */
const vanishedPattern =
  /DBus\.Error\.UnknownMethod: (?:Object does not exist|No such interface .+ on object) at path .?\/org\/freedesktop\/secrets\/collection\//i
const unreadablePattern =
  /Couldn't (?:decode|convert)|not valid UTF-?8|BadEncoding|BadDataFormat|invalid utf-?8/i

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : ''
}

/** Classifies a keyring library error by its message. */
export function classifyKeychainFailure(error: unknown): KeychainProblem | 'unreadable' {
  const text = messageOf(error)
  if (lockedPattern.test(text)) return 'locked'
  if (unreadablePattern.test(text)) return 'unreadable'
  if (deniedPattern.test(text)) return 'denied'
  // Before "unavailable": its text also says "zbus error", but the keychain answered.
  if (vanishedPattern.test(text)) return 'failed'
  if (unavailablePattern.test(text)) return 'unavailable'
  return 'failed'
}

function defaultBinding(): Promise<KeyringBinding> {
  loading ??= import('@napi-rs/keyring').then(commonJsExports).then((keyring) => {
    // Pinned to the Secret Service: the default falls back to the kernel keyring, which forgets
    // everything at logout and is not what the user calls their keychain.
    const options = { linux: { store: 'secret-service' as const } }
    return {
      createEntry: (service, account) => new keyring.AsyncEntry(service, account, options),
      // Searching always goes to the Secret Service on Linux; it takes no store option.
      findCredentials: (service, signal) => keyring.findCredentialsAsync(service, null, signal),
    }
  })
  return loading
}
let loading: Promise<KeyringBinding> | undefined

/**
 * Searches in a row that may each find an item gone before giving up (see `vanishedPattern`),
 * each after a longer pause: a gnome-keyring 42 daemon was seen to abort (a GLib assertion) under
 * back-to-back searches while other clients deleted, so retries must not hammer it.
 */
const maxFindAttempts = 8
const findRetryPauseMs = 25

/**
 * Keychain work not yet settled in this process: each native call, and each probe as a whole. A
 * process must not exit while one is in flight: gnome-keyring (42 to 50 at least) aborts when a
 * client disconnects in the middle of its request, taking every app's secrets down with it, and
 * a probe cut short leaves its entry behind.
 */
const underway = new Set<Promise<unknown>>()

function track<T>(work: Promise<T>): Promise<T> {
  underway.add(work)
  const settled = (): void => {
    underway.delete(work)
  }
  work.then(settled, settled)
  return work
}

/** Resolves once no keychain work of this process is in flight (see `underway`). */
export async function keychainWorkSettled(): Promise<void> {
  while (underway.size > 0) await Promise.allSettled([...underway])
}

/**
 * `keychainWorkSettled`, waited for at most `boundMs`: what a process does before it ends. A
 * stuck call is the vault's timeout's to end; the bound keeps the process from waiting on it.
 */
export async function keychainQuiet(boundMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([
    keychainWorkSettled(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, boundMs)
    }),
  ])
  clearTimeout(timer)
}

/** Stuck native calls, per binding: the pool threads they hold are shared by the process. */
const stuckCalls = new WeakMap<object, { count: number }>()

export interface KeychainVaultOptions {
  /** Per call; default 10 s. */
  timeoutMs?: number
  logger?: Logger
  /** For the wording of fixes; default `process.platform`. */
  platform?: NodeJS.Platform
  /** Tests only: the keyring functions (default: @napi-rs/keyring, loaded on first use). */
  keyring?: KeyringBinding
}

/** The OS keychain as a `SecretVault`. Every call times out instead of hanging. */
export class KeychainVault implements SecretVault {
  readonly timeoutMs: number
  private readonly logger: Logger
  private readonly platform: NodeJS.Platform
  private readonly injected: KeyringBinding | undefined

  constructor(options: KeychainVaultOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? defaultKeychainTimeoutMs
    this.logger = options.logger ?? silentLogger
    this.platform = options.platform ?? process.platform
    this.injected = options.keyring
  }

  getPassword(service: string, account: string): Promise<string | null> {
    return this.call('get', { service, account }, (keyring, signal) =>
      keyring.createEntry(service, account).getPassword(signal),
    )
  }

  setPassword(service: string, account: string, password: string): Promise<void> {
    return this.call('set', { service, account }, (keyring, signal) =>
      keyring.createEntry(service, account).setPassword(password, signal),
    )
  }

  deletePassword(service: string, account: string): Promise<boolean> {
    return this.call('delete', { service, account }, (keyring, signal) =>
      keyring.createEntry(service, account).deletePassword(signal),
    )
  }

  /**
   * Writes `value`, reads it back and deletes it, all through one keychain entry: on Linux each
   * entry opens a D-Bus connection of its own (@napi-rs/keyring 2.1.2, about 8 ms, blocking the
   * event loop), so the probe pays for one connection rather than three. Each step has the
   * timeout; the delete is attempted even when the read fails, and its failure is ignored.
   */
  async roundTrip(service: string, account: string, value: string): Promise<string | null> {
    let entry: KeyringEntry | undefined
    const entryOf = (keyring: KeyringBinding): KeyringEntry =>
      (entry ??= keyring.createEntry(service, account))
    const key = { service, account }
    await this.call('set', key, (keyring, signal) => entryOf(keyring).setPassword(value, signal))
    try {
      return await this.call('get', key, (keyring, signal) => entryOf(keyring).getPassword(signal))
    } finally {
      await this.call('delete', key, (keyring, signal) =>
        entryOf(keyring).deletePassword(signal),
      ).catch(() => false)
    }
  }

  async findCredentials(service: string): Promise<{ account: string; password: string }[]> {
    const found = await this.call('find', { service }, async (keyring, signal) => {
      // A search races deletions by other processes; a fresh search no longer lists what went.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await keyring.findCredentials(service, signal)
        } catch (error) {
          if (attempt >= maxFindAttempts || !vanishedPattern.test(messageOf(error))) throw error
        }
        await delay(findRetryPauseMs * attempt, undefined, { signal })
      }
    })
    // Plain objects only: the binding's results are handed on to code that may serialize them.
    return found.map(({ account, password }) => ({ account, password }))
  }

  private async call<T>(
    operation: Exclude<KeychainOperation, 'probe'>,
    key: { service: string; account?: string },
    run: (keyring: KeyringBinding, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const started = performance.now()
    let keyring: KeyringBinding
    try {
      keyring = this.injected ?? (await defaultBinding())
    } catch (error) {
      // The native module does not load (unsupported platform or a broken install).
      throw this.fail('unavailable', operation, key, error)
    }
    let stuck = stuckCalls.get(keyring)
    if (!stuck) stuckCalls.set(keyring, (stuck = { count: 0 }))
    if (stuck.count >= maxStuckCalls) throw this.fail('timeout', operation, key)

    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    let timeoutError: KeychainError | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timeoutError = this.fail('timeout', operation, key)
        reject(timeoutError)
        // After the rejection: should the binding reject at once on abort, the timeout still wins.
        controller.abort(timeoutError)
      }, this.timeoutMs)
    })
    // Wrapped so that a synchronous throw (no session bus) becomes a rejection like the others.
    const work = track((async () => run(keyring, controller.signal))())
    try {
      const result = await Promise.race([work, timedOut])
      this.logger.log('debug', 'Keychain call', {
        operation,
        service: key.service,
        ms: Math.round(performance.now() - started),
      })
      return result
    } catch (error) {
      if (timeoutError) {
        // Count the native call as stuck until it finally settles.
        const counter = stuck
        counter.count += 1
        void work.then(
          () => (counter.count -= 1),
          () => (counter.count -= 1),
        )
        throw timeoutError
      }
      const problem = classifyKeychainFailure(error)
      if (problem === 'unreadable' && operation === 'get' && key.account !== undefined) {
        this.logger.log('warn', 'A keychain secret could not be read', {
          service: key.service,
          account: key.account,
        })
        throw new SecretUnreadableError(key.service, key.account, error)
      }
      throw this.fail(problem === 'unreadable' ? 'failed' : problem, operation, key, error)
    } finally {
      clearTimeout(timer)
    }
  }

  private fail(
    problem: KeychainProblem,
    operation: KeychainOperation,
    key: { service: string; account?: string },
    cause?: unknown,
  ): KeychainError {
    // Keys and the library's error code only: its message text is not known to be secret-free.
    this.logger.log('warn', 'Keychain call failed', {
      operation,
      problem,
      service: key.service,
      account: key.account,
      libraryCode: errorCodeOf(cause),
    })
    return new KeychainError(problem, operation, {
      platform: this.platform,
      timeoutMs: this.timeoutMs,
      cause,
    })
  }
}

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

export interface ProbeKeychainOptions extends KeychainVaultOptions {
  /** The service name of the probe entry; default `Coze Auth Companion (availability check)`. */
  service?: string
}

export type KeychainProbeResult = { available: true } | { available: false; error: AppError }

/**
 * Checks that the keychain really works here: writes a random probe entry, reads it back and
 * deletes it. Never throws; each step has the vault's timeout.
 */
export function probeKeychain(options: ProbeKeychainOptions = {}): Promise<KeychainProbeResult> {
  return track(probe(options))
}

async function probe(options: ProbeKeychainOptions): Promise<KeychainProbeResult> {
  const vault = new KeychainVault(options)
  const service = options.service ?? 'Coze Auth Companion (availability check)'
  const account = `probe-${process.pid}-${randomBytes(4).toString('hex')}`
  const value = randomBytes(16).toString('hex')
  try {
    if ((await vault.roundTrip(service, account, value)) !== value) {
      return {
        available: false,
        error: new KeychainError('failed', 'probe', {
          platform: options.platform ?? process.platform,
        }),
      }
    }
    return { available: true }
  } catch (error) {
    return {
      available: false,
      error:
        error instanceof AppError ? error : new KeychainError('failed', 'probe', { cause: error }),
    }
  }
}
