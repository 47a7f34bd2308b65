import { afterEach, describe, expect, it } from 'vitest'
import { memoryStores } from '../../../support/memory-stores'
import type { AuthCore } from '../../../../src/main/core/create-core'
import { createAuthCore } from '../../../../src/main/core/create-core'
import { defaultNoAnswerHintMs } from '../../../../src/main/core/oauth/browser-flow'
import { defaultSignInTimeoutMs } from '../../../../src/main/core/oauth/loopback/loopback-server'
import { createHandlers } from '../../../../src/main/core/rpc/handlers'
import type { HandlerSet } from '../../../../src/main/core/rpc/handlers'
import { defaultSettings } from '../../../../src/main/core/vault/metadata'
import type { SignInProgressView } from '../../../../src/shared/ipc-contract'
import type { CodeGrantOrder, RegionName, Sandbox } from '../../../sandbox'
import { completeConsent, httpRequest, pageError, startSandbox } from '../../../sandbox'
import type { ManualClock } from '../../../support/manual-clock'
import { createManualClock } from '../../../support/manual-clock'
import { freePort } from '../../../support/net'

/**
 * A PKCE or web sign-in that hears nothing from the browser: after a minute of the core's own
 * clock, the `signInProgress` event the window gets says so and names the other region. Time is
 * a manual clock: 59 s and 60 s are jumps, not waits. The sandbox plays Coze over real HTTP.
 */

const tokenPath = '/api/permission/oauth2/token'
const deviceCodePath = '/api/permission/oauth2/device/code'

interface Harness {
  sandbox: Sandbox
  clock: ManualClock
  core: AuthCore
  handlers: HandlerSet['handlers']
  events: { signInId: string; progress: SignInProgressView }[]
  /** What the person's browser did with each address the app opened. */
  opened: Promise<void>[]
}

let harness: Harness | undefined

afterEach(async () => {
  // The person's browser is done with its page before Coze goes away.
  await Promise.all(harness?.opened ?? [])
  await harness?.sandbox.stop()
  harness = undefined
})

async function start(
  options: {
    codeGrantOrder?: CodeGrantOrder
    /** What the person's browser does with the address; default: shows the page, nothing more. */
    onOpen?: (url: string) => Promise<void>
  } = {},
): Promise<Harness> {
  const sandbox = await startSandbox(
    options.codeGrantOrder ? { codeGrantOrder: options.codeGrantOrder } : {},
  )
  const clock = createManualClock({ start: sandbox.clock.now() })
  const opened: Promise<void>[] = []
  const onOpen = options.onOpen ?? (async (url: string) => void (await httpRequest(url)))
  const core = createAuthCore({
    ...memoryStores(),
    browser: {
      open: async (url) => {
        opened.push(onOpen(url))
      },
    },
    clock,
    fetch: (input, init) => fetch(input, init),
    regions: {
      com: { apiBase: sandbox.regions.com.apiBase, webBase: sandbox.regions.com.wwwBase },
      cn: { apiBase: sandbox.regions.cn.apiBase, webBase: sandbox.regions.cn.wwwBase },
    },
  })
  const events: Harness['events'] = []
  core.events.subscribe((name, payload) => {
    if (name === 'signInProgress') events.push(payload as Harness['events'][number])
  })
  const { handlers } = createHandlers({
    appInfo: {
      name: 'Coze Auth Companion',
      version: '0.0.0',
      host: 'browser',
      platform: 'linux',
      arch: 'x64',
      versions: { node: process.versions.node },
    },
    core,
    storageStatus: () => ({
      secrets: { kind: 'memory', persisted: false, encrypted: false },
      accountsNeedingSignIn: 0,
    }),
    settings: { get: () => ({ ...defaultSettings }), update: async () => ({ ...defaultSettings }) },
    copyToClipboard: async () => ({ clearsAt: null }),
    readLocalFile: async () => '',
    writeLocalFile: async () => {},
    dialogs: {
      chooseFile: async () => null,
      chooseSaveFile: async () => null,
      confirmReveal: async () => false,
    },
  })
  harness = { sandbox, clock, core, handlers, events, opened }
  return harness
}

/** A profile for one region's PKCE or web app, on a fresh loopback port registered there. */
async function addProfile(
  h: Harness,
  kind: 'pkce' | 'web',
  home: RegionName,
  as: RegionName | 'custom',
): Promise<string> {
  const app = h.sandbox.regions[home].apps[kind]
  const redirectUri = `http://127.0.0.1:${await freePort()}/callback`
  h.sandbox.registerRedirectUri(home, app.clientId, redirectUri)
  const custom =
    as === 'custom'
      ? { apiBase: h.sandbox.regions[home].apiBase, webBase: h.sandbox.regions[home].wwwBase }
      : {}
  const profile = await h.core.profiles.add(
    { name: kind, region: as, ...custom, clientType: kind, clientId: app.clientId, redirectUri },
    kind === 'web' ? { clientSecret: app.clientSecret ?? '' } : {},
  )
  return profile.id
}

function hints(h: Harness): SignInProgressView[] {
  return h.events.map((event) => event.progress).filter((p) => p.stage === 'no-answer-yet')
}

type Outcome = Promise<{ ok: true } | { ok: false; code: string }>

/**
 * Starts the sign-in through the RPC handler and waits until it waits for the browser. The
 * outcome comes wrapped: an async function returning a promise would wait for the sign-in.
 */
async function startSignIn(h: Harness, profileId: string): Promise<{ outcome: Outcome }> {
  const outcome = h.handlers.signIn({ signInId: 'sign-in-1', profileId }).then(
    () => ({ ok: true }) as const,
    (error: { code: string }) => ({ ok: false, code: error.code }) as const,
  )
  await h.clock.whenSleeping(defaultNoAnswerHintMs)
  return { outcome }
}

async function cancel(h: Harness, outcome: Outcome): Promise<void> {
  await h.handlers.cancelSignIn({ signInId: 'sign-in-1' })
  expect(await outcome).toEqual({ ok: false, code: 'CANCELLED' })
}

describe('the "nothing arrived" hint of a browser sign-in', () => {
  it.each(['pkce', 'web'] as const)(
    'a %s sign-in says so at 60 s of silence, not at 59 s, naming the other region, and goes on waiting',
    async (kind) => {
      const h = await start()
      const { outcome } = await startSignIn(h, await addProfile(h, kind, 'com', 'com'))
      await h.clock.advance(59_000)
      expect(hints(h)).toEqual([])
      await h.clock.advance(1_000)
      expect(hints(h)).toEqual([{ stage: 'no-answer-yet', waitedMs: 60_000, otherRegion: 'cn' }])
      // Still waiting: the 5-minute timeout has not passed, and nothing ended the sign-in.
      expect(h.clock.pendingSleeps).toContain(defaultSignInTimeoutMs)
      await h.clock.advance(60_000)
      expect(hints(h)).toHaveLength(1)
      await cancel(h, outcome)
    },
  )

  // The audit's case: an app of the other region on a server that checks the code before the
  // client, and a device-code endpoint that cannot be asked (it fails), so no check before the
  // browser can tell. Coze's page refuses the app; nothing comes back; the hint is what is left.
  it.each(['pkce', 'web'] as const)(
    'a coze.cn %s app signed in as coze.com that no check could catch gets the hint, naming coze.cn',
    async (kind) => {
      const h = await start({ codeGrantOrder: 'code-first' })
      h.sandbox.faults.next('all', { kind: 'http500', path: deviceCodePath, count: Infinity })
      const { outcome } = await startSignIn(h, await addProfile(h, kind, 'cn', 'com'))
      const waiting = h.events.map((e) => e.progress).find((p) => p.stage === 'waiting-for-browser')
      const authorize = await httpRequest(
        waiting?.stage === 'waiting-for-browser' ? waiting.authorizeUrl : '',
      )
      expect(pageError(authorize.body)).toMatch(/app not found/)
      await h.clock.advance(60_000)
      expect(hints(h)).toEqual([{ stage: 'no-answer-yet', waitedMs: 60_000, otherRegion: 'cn' }])
      await cancel(h, outcome)
      h.sandbox.faults.clear()
    },
  )

  it('says nothing when the answer came before the minute, and the sign-in succeeds', async () => {
    const h = await start({
      onOpen: async (url) => {
        const consent = await completeConsent(url)
        await httpRequest(consent.redirectedTo)
      },
    })
    const profileId = await addProfile(h, 'pkce', 'com', 'com')
    const outcome = h.handlers
      .signIn({ signInId: 'sign-in-1', profileId })
      .then(() => 'ok' as const)
    await expect(outcome).resolves.toBe('ok')
    await h.clock.advance(2 * 60_000)
    expect(hints(h)).toEqual([])
    expect(h.clock.pendingSleeps).not.toContain(defaultNoAnswerHintMs)
    expect(h.sandbox.requests.some((r) => r.path === tokenPath && r.status === 200)).toBe(true)
  })

  it('says nothing after a stray answer reached the app: the browser gets through', async () => {
    const h = await start()
    const profileId = await addProfile(h, 'pkce', 'com', 'com')
    const { outcome } = await startSignIn(h, profileId)
    const profile = await h.core.profiles.get(profileId)
    await httpRequest(`${profile.redirectUri ?? ''}?code=code_stale&state=an-older-tab`)
    await h.clock.advance(60_000)
    expect(h.events.map((e) => e.progress.stage)).toContain('ignored-callback')
    expect(hints(h)).toEqual([])
    await cancel(h, outcome)
  })

  it('names no region to switch to for a custom deployment', async () => {
    const h = await start()
    const { outcome } = await startSignIn(h, await addProfile(h, 'pkce', 'com', 'custom'))
    await h.clock.advance(60_000)
    expect(hints(h)).toEqual([{ stage: 'no-answer-yet', waitedMs: 60_000 }])
    await cancel(h, outcome)
  })
})
