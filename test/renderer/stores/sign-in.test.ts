import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/errors'
import type { AccountSummary, SignInProgressView } from '../../../src/shared/ipc-contract'
import { installApi } from '../../../src/renderer/src/api/bridge'
import { useSignInStore } from '../../../src/renderer/src/stores/sign-in'
import type { FakeApi } from '../fake-api'
import { createFakeApi } from '../fake-api'
import type { Deferred } from './helpers'
import { deferred, failure, later, ok, summary } from './helpers'

let api: FakeApi
let pinia: Pinia
let pending: Deferred<Result<AccountSummary>>
/** How many progress listeners are subscribed right now. */
let listening = 0

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  api = createFakeApi()
  installApi(api)
  pending = deferred()
  api.answers.signIn = later(pending)
  listening = 0
  const subscribe = api.on.signInProgress
  api.on.signInProgress = (listener) => {
    listening += 1
    const unsubscribe = subscribe(listener)
    return () => {
      listening -= 1
      unsubscribe()
    }
  }
})

function progress(signInId: string | undefined, view: SignInProgressView): void {
  api.emit('signInProgress', { signInId: signInId ?? 'none', progress: view })
}

describe('useSignInStore', () => {
  it('follows a device code sign-in through to the new account', async () => {
    const store = useSignInStore()
    const started = store.start('p1', 'cn')
    const id = store.signInId
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(store.stage).toBe('starting')
    expect(store.running).toBe(true)
    expect(listening).toBe(1)
    await flushPromises()
    expect(api.calls.at(-1)?.request).toEqual({ signInId: id, profileId: 'p1', region: 'cn' })

    progress(id, {
      stage: 'code-ready',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://www.coze.cn/device',
      verificationUrlWithCode: 'https://www.coze.cn/device?user_code=ABCD-EFGH',
      expiresAt: 1_700_000_600_000,
    })
    expect(store.stage).toBe('code-ready')
    expect(store.deviceCode).toEqual({
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://www.coze.cn/device',
      verificationUrlWithCode: 'https://www.coze.cn/device?user_code=ABCD-EFGH',
      expiresAt: 1_700_000_600_000,
    })
    progress(id, { stage: 'polling', attempt: 2, nextPollInMs: 5000 })
    expect(store.stage).toBe('polling')
    expect(store.progress).toEqual({ stage: 'polling', attempt: 2, nextPollInMs: 5000 })
    expect(store.deviceCode?.userCode).toBe('ABCD-EFGH')
    progress(id, { stage: 'fetching-account' })
    progress(id, { stage: 'done', accountId: 'a1' })
    expect(store.stage).toBe('done')

    pending.resolve(ok(summary('a1', { method: 'device' })))
    expect((await started)?.id).toBe('a1')
    expect(store.result?.method).toBe('device')
    expect(store.error).toBeUndefined()
    expect(store.running).toBe(false)
    expect(store.finished).toBe(true)
    expect(store.deviceCode).toBeUndefined()
    expect(listening).toBe(0)
  })

  it('ignores progress for another sign-in id', async () => {
    const store = useSignInStore()
    void store.start('p1')
    await flushPromises()
    expect(api.calls.at(-1)?.request).not.toHaveProperty('region')
    progress('someone-else', { stage: 'waiting-for-browser', authorizeUrl: 'https://x.test/a' })
    expect(store.stage).toBe('starting')
    expect(store.authorizeUrl).toBeUndefined()
  })

  it('shows the authorize link and counts ignored callbacks without leaving the stage', () => {
    const store = useSignInStore()
    void store.start('p1')
    const id = store.signInId
    const url = 'https://www.coze.cn/api/permission/oauth2/authorize?client_id=c'
    progress(id, { stage: 'waiting-for-browser', authorizeUrl: url })
    progress(id, { stage: 'ignored-callback', reason: 'state did not match' })
    progress(id, { stage: 'ignored-callback', reason: 'no code' })
    expect(store.authorizeUrl).toBe(url)
    expect(store.ignoredCallbacks).toBe(2)
    expect(store.lastIgnoredReason).toBe('no code')
    expect(store.stage).toBe('waiting-for-browser')
  })

  it('refuses a second start while one runs', async () => {
    const store = useSignInStore()
    void store.start('p1')
    const id = store.signInId
    expect(await store.start('p2')).toBeUndefined()
    expect(store.signInId).toBe(id)
    expect(api.calls.filter((call) => call.operation === 'signIn')).toHaveLength(1)
    expect(listening).toBe(1)
  })

  it('cancels through main and settles as cancelled, not as an error', async () => {
    api.answers.cancelSignIn = () => ok({ cancelled: true })
    const store = useSignInStore()
    const started = store.start('p1')
    const id = store.signInId
    expect(await store.cancel()).toBe(true)
    expect(api.calls.at(-1)).toEqual({ operation: 'cancelSignIn', request: { signInId: id } })
    pending.resolve(failure('CANCELLED'))
    expect(await started).toBeUndefined()
    expect(store.stage).toBe('cancelled')
    expect(store.error).toBeUndefined()
    expect(store.running).toBe(false)
    expect(listening).toBe(0)
  })

  it('restarts by cancelling the running flow and waiting for it to settle first', async () => {
    const store = useSignInStore()
    void store.start('p1')
    const first = store.signInId
    progress(first, {
      stage: 'code-ready',
      userCode: 'OLD1-CODE',
      verificationUri: 'https://www.coze.cn/device',
      verificationUrlWithCode: 'https://www.coze.cn/device?user_code=OLD1-CODE',
      expiresAt: 1_700_000_600_000,
    })
    // Main settles the old flow only when it is asked to cancel it.
    api.answers.cancelSignIn = () => {
      pending.resolve(failure('CANCELLED'))
      return ok({ cancelled: true })
    }
    const second = deferred<Result<AccountSummary>>()
    api.answers.signIn = later(second)
    const restarted = store.restart('p1')
    await flushPromises()
    expect(api.calls.map((call) => call.operation)).toEqual(['signIn', 'cancelSignIn', 'signIn'])
    expect(api.calls[1]?.request).toEqual({ signInId: first })
    expect(store.signInId).not.toBe(first)
    expect(store.running).toBe(true)
    expect(store.stage).toBe('starting')
    expect(store.deviceCode).toBeUndefined()
    // Progress of the cancelled flow no longer counts.
    progress(first, { stage: 'polling', attempt: 9, nextPollInMs: 5000 })
    expect(store.stage).toBe('starting')
    expect(listening).toBe(1)
    second.resolve(ok(summary('a7')))
    expect((await restarted)?.id).toBe('a7')
  })

  it('leaves the running flow alone when main cannot be asked to cancel it', async () => {
    api.answers.cancelSignIn = () => failure('BRIDGE_UNAVAILABLE')
    const store = useSignInStore()
    void store.start('p1')
    const first = store.signInId
    expect(await store.restart('p1')).toBeUndefined()
    expect(store.signInId).toBe(first)
    expect(store.running).toBe(true)
    expect(store.error?.code).toBe('BRIDGE_UNAVAILABLE')
    expect(api.calls.filter((call) => call.operation === 'signIn')).toHaveLength(1)
  })

  it('does not call main to cancel when nothing runs', async () => {
    const store = useSignInStore()
    expect(await store.cancel()).toBe(false)
    expect(api.calls).toEqual([])
  })

  it('keeps a failed sign-in as the error and allows a new start', async () => {
    const store = useSignInStore()
    const started = store.start('p1')
    pending.resolve(failure('ACCESS_DENIED', 'The person declined.'))
    expect(await started).toBeUndefined()
    expect(store.stage).toBe('failed')
    expect(store.error).toEqual({ code: 'ACCESS_DENIED', message: 'The person declined.' })
    expect(store.result).toBeUndefined()
    expect(listening).toBe(0)

    api.answers.signIn = () => ok(summary('a2'))
    expect((await store.start('p1'))?.id).toBe('a2')
    expect(store.error).toBeUndefined()
    expect(store.stage).toBe('done')
  })

  it('adds a pasted token without keeping the token', async () => {
    const token = 'pasted-token-for-the-test'
    api.answers.addPastedToken = () => ok(summary('a3', { method: 'pat' }))
    const store = useSignInStore()
    const account = await store.addPastedToken({ region: 'com', token, label: 'CI' })
    expect(account?.id).toBe('a3')
    expect(store.result?.id).toBe('a3')
    expect(api.calls.at(-1)?.request).toMatchObject({ token })
    expect(JSON.stringify(pinia.state.value)).not.toContain(token)
  })

  it('reports a refused pasted token', async () => {
    api.answers.addPastedToken = () => failure('INVALID_TOKEN')
    const store = useSignInStore()
    expect(await store.addPastedToken({ region: 'cn', token: 'x' })).toBeUndefined()
    expect(store.error?.code).toBe('INVALID_TOKEN')
    expect(store.stage).toBe('failed')
    expect(store.running).toBe(false)
    store.reset()
    expect(store.error).toBeUndefined()
    expect(store.stage).toBeUndefined()
  })

  it('notes whether the browser opened without leaving the stage, and forgets it at the end', async () => {
    const store = useSignInStore()
    const started = store.start('p1')
    const id = store.signInId
    progress(id, { stage: 'waiting-for-browser', authorizeUrl: 'https://x.test/a' })
    expect(store.browserLaunch).toBeUndefined()
    progress(id, { stage: 'browser-open-failed' })
    expect(store.browserLaunch).toBe('failed')
    expect(store.stage).toBe('waiting-for-browser')
    progress(id, { stage: 'exchanging' })
    expect(store.browserLaunch).toBe('failed')
    pending.resolve(ok(summary('a1')))
    await started
    expect(store.browserLaunch).toBeUndefined()

    api.answers.signIn = later(deferred<Result<AccountSummary>>())
    void store.start('p1')
    progress(store.signInId, { stage: 'browser-opened' })
    expect(store.browserLaunch).toBe('opened')
    expect(store.stage).toBe('starting')
  })

  it('settles at once when idle, and otherwise when the running sign-in has ended', async () => {
    const store = useSignInStore()
    let idle = false
    await store.settled().then(() => (idle = true))
    expect(idle).toBe(true)

    void store.start('p1')
    let settled = false
    void store.settled().then(() => (settled = true))
    await flushPromises()
    expect(settled).toBe(false)
    pending.resolve(failure('CANCELLED'))
    await flushPromises()
    expect(settled).toBe(true)
    expect(store.running).toBe(false)
    // Now a start is not refused as "already running".
    api.answers.signIn = () => ok(summary('a5'))
    expect((await store.start('p1'))?.id).toBe('a5')
  })

  it('settles only after a pasted token has been checked, too', async () => {
    const check = deferred<Result<AccountSummary>>()
    api.answers.addPastedToken = later(check)
    const store = useSignInStore()
    void store.addPastedToken({ region: 'com', token: 'pat_x' })
    let settled = false
    void store.settled().then(() => (settled = true))
    await flushPromises()
    expect(settled).toBe(false)
    check.resolve(ok(summary('a6', { method: 'pat' })))
    await flushPromises()
    expect(settled).toBe(true)
  })
})
