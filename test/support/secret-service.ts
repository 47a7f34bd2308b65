/**
 * One guard for every test that needs the OS keychain, which on Linux is a Secret Service on the
 * session bus. `npm test` (scripts/run-all-tests.mjs) and CI (.ci/run) provide a private, unlocked
 * gnome-keyring and say so with COZE_TEST_KEYRING_READY=1; a plain `npx vitest run` in a shell
 * without one has none.
 *
 * Without a Secret Service such a test skips and says why, so that it is not mistaken for a bug in
 * the code under test. With COZE_TEST_KEYRING_READY=1 a missing one is a failure instead: the run
 * promised a keychain, and a silent skip there would hide that the keychain tests never ran.
 *
 * The probe talks to @napi-rs/keyring directly, not through the product's KeychainVault, so that
 * a bug in the vault fails its tests rather than skipping them.
 */
import { randomBytes } from 'node:crypto'
import { AsyncEntry } from '@napi-rs/keyring'

export const secretServiceHint = 'run through npm test, or dbus-run-session + gnome-keyring'

/** A locked keyring can leave a call waiting on a prompt that never comes; give up after this. */
const probeTimeoutMs = 5_000

let probed: Promise<string | undefined> | undefined

/** Runs `step`, failing with `what` when the keyring has not answered in time. */
async function within<T>(what: string, step: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} did not answer within ${probeTimeoutMs} ms`))
      controller.abort()
    }, probeTimeoutMs)
  })
  try {
    return await Promise.race([step(controller.signal), timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Writes, reads back and deletes a throw-away entry, once per test file. Resolves with the reason
 * the Secret Service is not usable, or undefined when it works.
 */
export function secretServiceProblem(): Promise<string | undefined> {
  probed ??= (async () => {
    const value = randomBytes(8).toString('hex')
    try {
      // Inside the try: without a session bus the constructor itself throws.
      const entry = new AsyncEntry(
        'coze-test-secret-service-probe',
        `probe-${process.pid}-${randomBytes(4).toString('hex')}`,
        { linux: { store: 'secret-service' } },
      )
      await within('the Secret Service (set)', (signal) => entry.setPassword(value, signal))
      const read = await within('the Secret Service (get)', (signal) => entry.getPassword(signal))
      await within('the Secret Service (delete)', (signal) => entry.deletePassword(signal))
      if (read !== value) return 'the Secret Service did not give back what was stored'
      return undefined
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  })()
  return probed
}

/**
 * Call first in a test that needs the keychain: skips it, with the reason, when there is no
 * Secret Service; throws when COZE_TEST_KEYRING_READY=1 promised one.
 */
export async function skipWithoutSecretService(context: {
  skip(note?: string): never
}): Promise<void> {
  const problem = await secretServiceProblem()
  if (problem === undefined) return
  if (process.env.COZE_TEST_KEYRING_READY === '1') {
    throw new Error(
      `COZE_TEST_KEYRING_READY=1, but the Secret Service does not work: ${problem}. This test must run.`,
    )
  }
  context.skip(`needs a Secret Service (${secretServiceHint}); here: ${problem}`)
}
