import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { ErrorPayload, Result } from '../../../shared/errors'
import type {
  AccountSummary,
  RegionId,
  RequestOf,
  ResponseOf,
  SignInProgressView,
  Unsubscribe,
} from '../../../shared/ipc-contract'
import { unwrap, useApi } from '../api/bridge'
import { toErrorPayload } from './error-payload'

/**
 * Reports on the system browser and on its silence: they come between the flow's steps, and are
 * not steps.
 */
type BrowserReport = 'browser-opened' | 'browser-open-failed' | 'no-answer-yet'

/** Main's progress stages, plus the two only the window knows: before the first event, and a cancel. */
export type SignInStage =
  Exclude<SignInProgressView['stage'], BrowserReport> | 'starting' | 'cancelled'

/** How opening the system browser went; unknown until main says. */
export type BrowserLaunch = 'opened' | 'failed'

/** Main heard nothing from the browser for a while; `otherRegion` is the region to offer. */
export interface NoAnswerView {
  waitedMs: number
  otherRegion?: 'com' | 'cn'
}

export interface DeviceCodeView {
  userCode: string
  verificationUri: string
  verificationUrlWithCode: string
  expiresAt: number
}

export type PastedTokenInput = RequestOf<'addPastedToken'>
export type ClipboardTokenInput = RequestOf<'addClipboardToken'>
export type ClipboardTokenOffer = NonNullable<ResponseOf<'peekClipboardToken'>['offer']>

/**
 * One sign-in at a time. Main runs the flow; `signIn` resolves when it ends and every step in
 * between arrives as a `signInProgress` event carrying the id this store made up, so events for
 * an older (or another window's) sign-in are ignored.
 */
export const useSignInStore = defineStore('sign-in', () => {
  const signInId = ref<string>()
  const running = ref(false)
  const stage = ref<SignInStage>()
  /** The last event as main sent it, for details such as the poll attempt or a retry delay. */
  const progress = ref<SignInProgressView>()
  const deviceCode = ref<DeviceCodeView>()
  const authorizeUrl = ref<string>()
  const ignoredCallbacks = ref(0)
  const lastIgnoredReason = ref<string>()
  const browserLaunch = ref<BrowserLaunch>()
  const noAnswer = ref<NoAnswerView>()
  const result = ref<AccountSummary>()
  const error = ref<ErrorPayload>()
  let unsubscribe: Unsubscribe | undefined
  let cancelRequested = false
  /** The running `start` (or pasted token), so others can wait for it to settle. */
  let current: Promise<AccountSummary | undefined> | undefined

  const finished = computed(
    () => stage.value === 'done' || stage.value === 'failed' || stage.value === 'cancelled',
  )

  function clear(): void {
    signInId.value = undefined
    stage.value = undefined
    progress.value = undefined
    deviceCode.value = undefined
    authorizeUrl.value = undefined
    ignoredCallbacks.value = 0
    lastIgnoredReason.value = undefined
    browserLaunch.value = undefined
    noAnswer.value = undefined
    result.value = undefined
    error.value = undefined
    cancelRequested = false
  }

  function apply(view: SignInProgressView): void {
    progress.value = view
    switch (view.stage) {
      case 'ignored-callback':
        // A stray request to the loopback port: worth counting, but the flow is still waiting,
        // so the stage the person sees does not change.
        ignoredCallbacks.value += 1
        lastIgnoredReason.value = view.reason
        return
      case 'browser-opened':
      case 'browser-open-failed':
        // Whether the person has to open the address themselves; the step shown stays.
        browserLaunch.value = view.stage === 'browser-opened' ? 'opened' : 'failed'
        return
      case 'no-answer-yet':
        // Still waiting; the waiting card may now ask whether the app is on the other region.
        noAnswer.value =
          view.otherRegion === undefined
            ? { waitedMs: view.waitedMs }
            : { waitedMs: view.waitedMs, otherRegion: view.otherRegion }
        return
      case 'exchanging':
        // The answer came after all.
        noAnswer.value = undefined
        break
      case 'waiting-for-browser':
        authorizeUrl.value = view.authorizeUrl
        break
      case 'code-ready':
        deviceCode.value = {
          userCode: view.userCode,
          verificationUri: view.verificationUri,
          verificationUrlWithCode: view.verificationUrlWithCode,
          expiresAt: view.expiresAt,
        }
        break
      default:
        break
    }
    stage.value = view.stage
  }

  function unsubscribeProgress(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }

  function finish(outcome: { account: AccountSummary } | { failure: ErrorPayload }): void {
    unsubscribeProgress()
    running.value = false
    // A code or an authorize link is useless once the flow has ended: hide it.
    deviceCode.value = undefined
    authorizeUrl.value = undefined
    browserLaunch.value = undefined
    noAnswer.value = undefined
    if ('account' in outcome) {
      result.value = outcome.account
      error.value = undefined
      stage.value = 'done'
    } else if (outcome.failure.code === 'CANCELLED' && cancelRequested) {
      // The person asked for it: not an error to show.
      error.value = undefined
      stage.value = 'cancelled'
    } else {
      error.value = outcome.failure
      stage.value = 'failed'
    }
  }

  /**
   * Starts a sign-in with a profile and resolves with the new account when it ends. Refused (at
   * once, with undefined and no change to the running flow's state) while another one runs.
   */
  function start(profileId: string, region?: RegionId): Promise<AccountSummary | undefined> {
    if (running.value) return Promise.resolve(undefined)
    return track(startNow(profileId, region))
  }

  function track(run: Promise<AccountSummary | undefined>): Promise<AccountSummary | undefined> {
    current = run
    return run
  }

  /**
   * Resolves once nothing runs any more: at once when idle, otherwise when the running sign-in
   * (or pasted token) has ended, however it ends. A screen opened while a cancelled flow is still
   * winding down waits for it before it starts clean.
   */
  async function settled(): Promise<void> {
    while (running.value && current !== undefined) {
      const waiting = current
      await waiting
      // Another one may have started in between; wait for that too.
      if (current === waiting) break
    }
  }

  async function startNow(
    profileId: string,
    region?: RegionId,
  ): Promise<AccountSummary | undefined> {
    clear()
    const id = crypto.randomUUID()
    signInId.value = id
    running.value = true
    stage.value = 'starting'
    try {
      const api = useApi()
      // Listen before asking: main may send the first step before `signIn` is even answered.
      unsubscribe = api.on.signInProgress((event) => {
        if (event.signInId === id && running.value) apply(event.progress)
      })
      const request =
        region === undefined ? { signInId: id, profileId } : { signInId: id, profileId, region }
      const account = unwrap(await api.signIn(request))
      finish({ account })
      return account
    } catch (caught) {
      finish({ failure: toErrorPayload(caught) })
      return undefined
    }
  }

  /** Asks main to stop the running sign-in; `start` then settles as cancelled. */
  async function cancel(): Promise<boolean> {
    const id = signInId.value
    if (!running.value || id === undefined) return false
    cancelRequested = true
    try {
      return unwrap(await useApi().cancelSignIn({ signInId: id })).cancelled
    } catch (caught) {
      cancelRequested = false
      error.value = toErrorPayload(caught)
      return false
    }
  }

  /**
   * Starts again (a new device code, say): cancels the running sign-in first and waits until it
   * has settled, since main runs one flow per id and the store follows one at a time. Gives up,
   * leaving the running flow alone, when main could not be asked to cancel.
   */
  async function restart(
    profileId: string,
    region?: RegionId,
  ): Promise<AccountSummary | undefined> {
    if (running.value) {
      const pending = current
      const cancelled = await cancel()
      if (!cancelled && error.value !== undefined) return undefined
      await pending
    }
    return start(profileId, region)
  }

  /**
   * Adds an account from a pasted token. The token goes straight to main and is not kept here;
   * shares `result` and `error` with the flows, so it is refused while a sign-in runs.
   */
  function addPastedToken(input: PastedTokenInput): Promise<AccountSummary | undefined> {
    if (running.value) return Promise.resolve(undefined)
    return track(addPastedTokenNow(input))
  }

  /**
   * Adds the token main offered from the clipboard: main reads it again and clears the clipboard
   * after; the window never holds it. Runs as a pasted token does.
   */
  function addClipboardToken(input: ClipboardTokenInput): Promise<AccountSummary | undefined> {
    if (running.value) return Promise.resolve(undefined)
    return track(addTokenNow(() => useApi().addClipboardToken(input)))
  }

  /**
   * Whether main sees a Coze token the person copied on the clipboard: its kind and an opaque
   * name, never the token. Null when there is none, or when main could not tell (the offer is a
   * convenience: pasting still works).
   */
  async function peekClipboardToken(): Promise<ClipboardTokenOffer | null> {
    try {
      return unwrap(await useApi().peekClipboardToken()).offer
    } catch {
      return null
    }
  }

  async function addPastedTokenNow(input: PastedTokenInput): Promise<AccountSummary | undefined> {
    return addTokenNow(() => useApi().addPastedToken(input))
  }

  async function addTokenNow(
    ask: () => Promise<Result<AccountSummary>>,
  ): Promise<AccountSummary | undefined> {
    clear()
    running.value = true
    try {
      const account = unwrap(await ask())
      finish({ account })
      return account
    } catch (caught) {
      finish({ failure: toErrorPayload(caught) })
      return undefined
    }
  }

  /** Forgets a finished sign-in (its result or error) so the form starts clean. */
  function reset(): void {
    if (!running.value) clear()
  }

  onScopeDispose(unsubscribeProgress)

  return {
    signInId,
    running,
    stage,
    progress,
    deviceCode,
    authorizeUrl,
    ignoredCallbacks,
    lastIgnoredReason,
    browserLaunch,
    noAnswer,
    result,
    error,
    finished,
    start,
    restart,
    cancel,
    addPastedToken,
    addClipboardToken,
    peekClipboardToken,
    settled,
    reset,
  }
})
