/**
 * The keychain vault against the real Secret Service of the test session (the test runner starts a
 * private, unlocked gnome-keyring; without one these skip and say so, see test/support/
 * secret-service.ts), plus injected keyrings for what a real one will not do on
 * demand: hang, or fail in a given way.
 */
import { randomBytes } from 'node:crypto'
import { AsyncEntry } from '@napi-rs/keyring'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LogFields, Logger } from '../../../../src/main/core/logger'
import { SecretUnreadableError } from '../../../../src/main/core/vault/encrypted-file-vault'
import type { KeyringBinding, KeyringEntry } from '../../../../src/main/core/vault/keychain-vault'
import {
  classifyKeychainFailure,
  KeychainError,
  KeychainVault,
  probeKeychain,
} from '../../../../src/main/core/vault/keychain-vault'
import { rejectionOf } from '../../../support/errors'
import { drainMicrotasks } from '../../../support/microtasks'
import { skipWithoutSecretService } from '../../../support/secret-service'

const vault = new KeychainVault({ timeoutMs: 5_000 })
const used: string[] = []

/** A service name of its own per test, removed afterwards. */
function uniqueService(label: string): string {
  const service = `coze-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`
  used.push(service)
  return service
}

afterEach(async () => {
  for (const service of used.splice(0)) {
    for (const { account } of await vault.findCredentials(service)) {
      await vault.deletePassword(service, account)
    }
  }
})

/** A PEM-sized secret: what a JWT app's private key looks like. */
function pemLike(): string {
  const body = randomBytes(7_500).toString('base64').replace(/.{64}/g, '$&\n')
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`
}

describe('KeychainVault on the real Secret Service', () => {
  beforeEach((context) => skipWithoutSecretService(context))

  it('sets, gets, overwrites and deletes', async () => {
    const service = uniqueService('roundtrip')
    expect(await vault.getPassword(service, 'alice')).toBeNull()
    await vault.setPassword(service, 'alice', 'first-value')
    expect(await vault.getPassword(service, 'alice')).toBe('first-value')
    await vault.setPassword(service, 'alice', 'second-value')
    expect(await vault.getPassword(service, 'alice')).toBe('second-value')
    expect(await vault.deletePassword(service, 'alice')).toBe(true)
    expect(await vault.getPassword(service, 'alice')).toBeNull()
    expect(await vault.deletePassword(service, 'alice')).toBe(false)
  })

  it('keeps unicode and 10 KB secrets exactly', async () => {
    const service = uniqueService('shapes')
    const unicode = 'pässwörd ✓ 密码 🔑 \u0000-less, "quoted" \\ and\nnewline'
    const pem = pemLike()
    expect(pem.length).toBeGreaterThan(10_000)
    await vault.setPassword(service, 'unicode', unicode)
    await vault.setPassword(service, 'pem', pem)
    await vault.setPassword(service, 'empty', '')
    expect(await vault.getPassword(service, 'unicode')).toBe(unicode)
    expect(await vault.getPassword(service, 'pem')).toBe(pem)
    expect(await vault.getPassword(service, 'empty')).toBe('')
  })

  it("finds exactly one service's entries, not those of services with similar names", async () => {
    const service = uniqueService('find')
    const longer = `${service}-longer`
    used.push(longer)
    const shorter = service.slice(0, -1)
    used.push(shorter)
    await vault.setPassword(service, 'a', 'value-a')
    await vault.setPassword(service, 'b', 'value-b')
    await vault.setPassword(longer, 'c', 'value-c')
    await vault.setPassword(shorter, 'd', 'value-d')
    const found = await vault.findCredentials(service)
    expect(found.sort((x, y) => x.account.localeCompare(y.account))).toEqual([
      { account: 'a', password: 'value-a' },
      { account: 'b', password: 'value-b' },
    ])
    expect(await vault.findCredentials(uniqueService('nothing'))).toEqual([])
  })

  it('keeps accounts of one service apart', async () => {
    const service = uniqueService('accounts')
    await vault.setPassword(service, 'one', 'value-one')
    await vault.setPassword(service, 'two', 'value-two')
    await vault.deletePassword(service, 'one')
    expect(await vault.getPassword(service, 'one')).toBeNull()
    expect(await vault.getPassword(service, 'two')).toBe('value-two')
  })

  it('reports a secret that is not text as unreadable, for that entry only', async () => {
    const service = uniqueService('unreadable')
    await vault.setPassword(service, 'good', 'good-value')
    // Another program wrote bytes that are not UTF-8 under our service name.
    await new AsyncEntry(service, 'bad', { linux: { store: 'secret-service' } }).setSecret(
      new Uint8Array([0xff, 0xfe, 0x41]),
    )
    const error = await rejectionOf(vault.getPassword(service, 'bad'))
    expect(error).toBeInstanceOf(SecretUnreadableError)
    expect(error).toMatchObject({
      service,
      account: 'bad',
      params: { reason: 'SECRET_UNREADABLE' },
    })
    expect(await vault.getPassword(service, 'good')).toBe('good-value')
  })

  it('probes: writes, reads back and removes its entry', async () => {
    const service = uniqueService('probe')
    expect(await probeKeychain({ service })).toEqual({ available: true })
    expect(await vault.findCredentials(service)).toEqual([])
  })

  it('probes through one entry: each opens a D-Bus connection of its own', async () => {
    const service = uniqueService('probe-one-entry')
    const entries: string[] = []
    const steps: string[] = []
    // The real keyring, counted: each AsyncEntry is one more connection to the Secret Service.
    const counted: KeyringBinding = {
      createEntry: (entryService, account) => {
        entries.push(account)
        const entry = new AsyncEntry(entryService, account, { linux: { store: 'secret-service' } })
        return {
          setPassword: (password, signal) => (
            steps.push('set'),
            entry.setPassword(password, signal)
          ),
          getPassword: (signal) => (steps.push('get'), entry.getPassword(signal)),
          deletePassword: (signal) => (steps.push('delete'), entry.deletePassword(signal)),
        }
      },
      findCredentials: () => Promise.reject(new Error('not used by the probe')),
    }
    expect(await probeKeychain({ service, keyring: counted })).toEqual({ available: true })
    expect(steps).toEqual(['set', 'get', 'delete'])
    expect(entries).toHaveLength(1)
    expect(await vault.findCredentials(service)).toEqual([])
  })
})

/** A keyring whose calls never settle until `release()`: a prompt nobody answers. */
function stuckKeyring(): KeyringBinding & { calls: number; release: () => void } {
  const waiting: (() => void)[] = []
  const never = <T>(value: T): Promise<T> =>
    new Promise<T>((resolve) => waiting.push(() => resolve(value)))
  const entry: KeyringEntry = {
    getPassword: () => never(null),
    setPassword: () => never(undefined),
    deletePassword: () => never(false),
  }
  const keyring = {
    calls: 0,
    createEntry: () => {
      keyring.calls += 1
      return entry
    },
    findCredentials: () => {
      keyring.calls += 1
      return never([])
    },
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
  }
  return keyring
}

/** A keyring whose every call fails with `message`, as @napi-rs/keyring does. */
function failingKeyring(message: string, when: 'now' | 'later' = 'later'): KeyringBinding {
  const failure = (): Error => Object.assign(new Error(message), { code: 'GenericFailure' })
  const rejected = <T>(): Promise<T> => Promise.reject(failure())
  return {
    createEntry: () => {
      if (when === 'now') throw failure()
      return { getPassword: rejected, setPassword: rejected, deletePassword: rejected }
    },
    findCredentials: rejected,
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    log: (level: string, message: string, fields?: LogFields) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
  }
}

describe('KeychainVault timeouts', () => {
  // The vault's timeout is a setTimeout: faked here, so the test moves the time itself and the
  // outcome cannot depend on how busy the machine is.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('gives up on a call that never answers, with a clear timeout error', async () => {
    const keyring = stuckKeyring()
    const stuck = new KeychainVault({ keyring, timeoutMs: 150 })
    let settled = false
    const failure = rejectionOf(stuck.getPassword('svc', 'acct').finally(() => (settled = true)))
    await vi.advanceTimersByTimeAsync(149)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const error = await failure
    expect(error).toBeInstanceOf(KeychainError)
    expect(error.code).toBe('KEYCHAIN_TIMEOUT')
    expect(error.params).toMatchObject({ reason: 'KEYCHAIN_TIMEOUT', operation: 'get' })
    expect(error.message).toMatch(/did not answer within 150 ms; a keychain prompt may be waiting/)
    keyring.release()
  })

  it('times out every kind of call, findCredentials included', async () => {
    const keyring = stuckKeyring()
    const stuck = new KeychainVault({ keyring, timeoutMs: 50 })
    for (const call of [
      () => stuck.setPassword('svc', 'acct', 'value'),
      () => stuck.deletePassword('svc', 'acct'),
    ]) {
      const failure = rejectionOf(call())
      await vi.advanceTimersByTimeAsync(50)
      expect((await failure).params?.reason).toBe('KEYCHAIN_TIMEOUT')
    }
    keyring.release()
    const again = stuckKeyring()
    const find = new KeychainVault({ keyring: again, timeoutMs: 50 })
    const failure = rejectionOf(find.findCredentials('svc'))
    await vi.advanceTimersByTimeAsync(50)
    expect((await failure).params?.reason).toBe('KEYCHAIN_TIMEOUT')
    again.release()
  })

  it('after two stuck calls, fails new ones at once without starting them; recovers after', async () => {
    const keyring = stuckKeyring()
    const stuck = new KeychainVault({ keyring, timeoutMs: 50 })
    for (const account of ['a', 'b']) {
      const failure = rejectionOf(stuck.getPassword('svc', account))
      await vi.advanceTimersByTimeAsync(50)
      await failure
    }
    expect(keyring.calls).toBe(2)

    // "At once": the third call arms no timeout, and fails while the (fake) time stands still.
    const timersBefore = vi.getTimerCount()
    const third = stuck.getPassword('svc', 'c')
    expect(vi.getTimerCount()).toBe(timersBefore)
    const error = await rejectionOf(third)
    expect(error.params?.reason).toBe('KEYCHAIN_TIMEOUT')
    expect(keyring.calls).toBe(2)

    // The prompts finally close: the stuck calls settle, and calls go through again.
    keyring.release()
    await drainMicrotasks()
    const pending = stuck.getPassword('svc', 'd')
    expect(keyring.calls).toBe(3)
    keyring.release()
    expect(await pending).toBeNull()
  })

  it('answers with the timeout error even when the binding honours the abort', async () => {
    const abortable = (signal?: AbortSignal | null): Promise<never> =>
      new Promise((_, reject) =>
        signal?.addEventListener('abort', () =>
          reject(Object.assign(new Error('AbortError'), { name: 'AbortError' })),
        ),
      )
    const keyring: KeyringBinding = {
      createEntry: () => ({
        getPassword: abortable,
        setPassword: (_password, signal) => abortable(signal),
        deletePassword: abortable,
      }),
      findCredentials: (_service, signal) => abortable(signal),
    }
    const failure = rejectionOf(new KeychainVault({ keyring, timeoutMs: 30 }).getPassword('s', 'a'))
    await vi.advanceTimersByTimeAsync(30)
    const error = await failure
    expect(error).toBeInstanceOf(KeychainError)
    expect(error.params?.reason).toBe('KEYCHAIN_TIMEOUT')
  })

  it('the default timeout is 10 seconds', () => {
    expect(new KeychainVault().timeoutMs).toBe(10_000)
  })
})

describe('KeychainVault error mapping', () => {
  // Exact texts seen from @napi-rs/keyring 2.1.2 with gnome-keyring on Debian 12.
  const seen: [string, string][] = [
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'locked'],
    [
      'zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object',
      'locked',
    ],
    ["Couldn't access platform storage: Secret Service: no result found", 'unavailable'],
    [
      'Platform failure: DBus error: Failed to connect to socket /nonexistent: No such file or directory',
      'unavailable',
    ],
    [
      'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
      'unavailable',
    ],
    [
      'zbus error: Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)',
      'unavailable',
    ],
    ['Password data is not valid UTF-8', 'unreadable'],
    ['org.freedesktop.DBus.Error.AccessDenied: Rejected send message', 'denied'],
    ['User canceled the operation.', 'denied'],
    ['something nobody expected', 'failed'],
    // An item deleted by another process while a search read it: the keychain is there.
    [
      'zbus error: org.freedesktop.DBus.Error.UnknownMethod: Object does not exist at path “/org/freedesktop/secrets/collection/login/260”',
      'failed',
    ],
    [
      'zbus error: org.freedesktop.DBus.Error.UnknownMethod: No such interface “org.freedesktop.Secret.Item” on object at path /org/freedesktop/secrets/collection/login/13',
      'failed',
    ],
    [
      'zbus fdo error: org.freedesktop.DBus.Error.UnknownMethod: No such interface “org.freedesktop.DBus.Properties” on object at path /org/freedesktop/secrets/collection/login/10',
      'failed',
    ],
  ]

  it.each(seen)('%s → %s', (message, problem) => {
    expect(classifyKeychainFailure(new Error(message))).toBe(problem)
  })

  it('maps a locked keyring to an error that says how to unlock it, per platform', async () => {
    const message = "Couldn't access platform storage: Secret Service: unlock prompt was dismissed"
    const linux = await rejectionOf(
      new KeychainVault({ keyring: failingKeyring(message), platform: 'linux' }).getPassword(
        's',
        'a',
      ),
    )
    expect(linux).toBeInstanceOf(KeychainError)
    expect(linux.message).toMatch(/Unlock your login keyring .*Seahorse.*then try again/)
    const mac = await rejectionOf(
      new KeychainVault({ keyring: failingKeyring(message), platform: 'darwin' }).getPassword(
        's',
        'a',
      ),
    )
    expect(mac.message).toMatch(/Keychain Access/)
  })

  it('maps a synchronous throw (no session bus) like a rejection', async () => {
    const keyring = failingKeyring(
      'Platform failure: DBus error: Failed to connect to socket /nonexistent: No such file or directory',
      'now',
    )
    const error = await rejectionOf(new KeychainVault({ keyring }).setPassword('s', 'a', 'v'))
    expect(error.params).toMatchObject({ reason: 'KEYCHAIN_UNAVAILABLE', operation: 'set' })
    expect(error.message).toMatch(/choose another storage for secrets in Settings/)
  })

  it('searches again when another process deleted a found item before it was read', async () => {
    const vanished = new Error(
      'zbus error: org.freedesktop.DBus.Error.UnknownMethod: Object does not exist at path “/org/freedesktop/secrets/collection/login/260”',
    )
    let searches = 0
    const keyring: KeyringBinding = {
      createEntry: () => {
        throw new Error('not used')
      },
      findCredentials: async () => {
        searches += 1
        if (searches < 3) throw vanished
        return [{ account: 'alice', password: 'value' }]
      },
    }
    expect(await new KeychainVault({ keyring }).findCredentials('s')).toEqual([
      { account: 'alice', password: 'value' },
    ])
    expect(searches).toBe(3)

    // A keychain that keeps answering so gives up, as a failure, not as "no keychain".
    let endless = 0
    const error = await rejectionOf(
      new KeychainVault({
        keyring: {
          ...keyring,
          findCredentials: async () => {
            endless += 1
            throw vanished
          },
        },
      }).findCredentials('s'),
    )
    expect(endless).toBe(8)
    expect(error.params).toMatchObject({ reason: 'KEYCHAIN_FAILED', operation: 'find' })
  })

  it('maps denied access to an error that says to allow the app', async () => {
    const error = await rejectionOf(
      new KeychainVault({
        keyring: failingKeyring('org.freedesktop.DBus.Error.AccessDenied: Rejected send message'),
      }).findCredentials('s'),
    )
    expect(error.params).toMatchObject({ reason: 'KEYCHAIN_DENIED', operation: 'find' })
    expect(error.message).toMatch(/refused the app access.*Allow/)
  })

  it('never puts the secret or the library text into the message, params or logs', async () => {
    const secret = 'pat_secretvalue1234567890abcdef'
    const logger = recordingLogger()
    const keyring: KeyringBinding = {
      createEntry: () => ({
        getPassword: () => Promise.reject(new Error(`weird failure near ${secret}`)),
        setPassword: (password) => Promise.reject(new Error(`cannot store ${password}`)),
        deletePassword: () => Promise.resolve(false),
      }),
      findCredentials: () => Promise.resolve([]),
    }
    const chatty = new KeychainVault({ keyring, logger })
    for (const error of [
      await rejectionOf(chatty.setPassword('svc', 'acct', secret)),
      await rejectionOf(chatty.getPassword('svc', 'acct')),
    ]) {
      expect(error.message).not.toContain(secret)
      expect(JSON.stringify(error.params)).not.toContain(secret)
      expect(error.params?.reason).toBe('KEYCHAIN_FAILED')
    }
    expect(logger.lines.length).toBeGreaterThan(0)
    expect(logger.lines.join('\n')).not.toContain(secret)
  })

  it('probe reports the error instead of throwing', async () => {
    const result = await probeKeychain({
      keyring: failingKeyring("Couldn't access platform storage: Secret Service: no result found"),
    })
    expect(result.available).toBe(false)
    if (!result.available) expect(result.error.params?.reason).toBe('KEYCHAIN_UNAVAILABLE')
  })

  it('probe notices a keychain that does not give back what was written', async () => {
    const keyring: KeyringBinding = {
      createEntry: () => ({
        getPassword: () => Promise.resolve('something else'),
        setPassword: () => Promise.resolve(),
        deletePassword: () => Promise.resolve(true),
      }),
      findCredentials: () => Promise.resolve([]),
    }
    const result = await probeKeychain({ keyring })
    expect(result).toMatchObject({
      available: false,
      error: { params: { reason: 'KEYCHAIN_FAILED' } },
    })
  })
})
