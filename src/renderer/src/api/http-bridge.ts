/**
 * The browser host's stand-in for the Electron preload: the same CompanionApi, carried over
 * loopback HTTP. Every call carries the per-run secret that the host put in the page's URL
 * fragment; the fragment never reaches a server log and is removed from the address bar at once.
 */
import {
  bridgeCallPath,
  bridgeEventsPath,
  bridgeFragmentKey,
  bridgeLaunchFragmentKey,
  bridgeLaunchPath,
  bridgeSecretHeader,
} from '../../../shared/bridge-protocol'
import type { ErrorPayload, Result } from '../../../shared/errors'
import type { CompanionApi, EventName, Events, OperationName } from '../../../shared/ipc-contract'
import { eventChannels, operationChannels } from '../../../shared/ipc-contract'

const secretStorageKey = 'coze-companion.bridge-secret'

/** Reads the secret from `#bridge=…` (then forgets the fragment) or from this tab's storage. */
export function takeBridgeSecret(
  location: Location,
  storage: Storage,
  history: History,
): string | undefined {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''))
  const fromFragment = fragment.get(bridgeFragmentKey)
  if (fromFragment) {
    storage.setItem(secretStorageKey, fromFragment)
    history.replaceState(null, '', location.pathname + location.search)
    return fromFragment
  }
  return storage.getItem(secretStorageKey) ?? undefined
}

/**
 * Trades a one-time `#launch=…` code (the address the host opened the system browser on) for the
 * secret, and keeps the secret in this tab's storage, where `takeBridgeSecret` finds it. Without a
 * code it does nothing. A code that was used or has expired leaves the page unconnected, and the
 * page then says to open the address the app printed.
 */
export async function redeemLaunchCode(
  location: Location,
  storage: Storage,
  history: History,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const code = new URLSearchParams(location.hash.replace(/^#/, '')).get(bridgeLaunchFragmentKey)
  if (!code) return
  history.replaceState(null, '', location.pathname + location.search)
  try {
    const response = await fetchImpl(bridgeLaunchPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })
    const result = (await response.json()) as Result<{ secret: string }>
    if (result.ok && typeof result.value.secret === 'string') {
      storage.setItem(secretStorageKey, result.value.secret)
    }
  } catch {
    // The host is gone or answered nonsense: the page shows that it is not connected.
  }
}

function unavailable(message: string): { ok: false; error: ErrorPayload } {
  return { ok: false, error: { code: 'BRIDGE_UNAVAILABLE', message } }
}

export function createHttpBridge(secret: string, fetchImpl: typeof fetch = fetch): CompanionApi {
  const call = async (operation: OperationName, request: unknown): Promise<Result<unknown>> => {
    let response: Response
    try {
      response = await fetchImpl(bridgeCallPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [bridgeSecretHeader]: secret },
        body: JSON.stringify({ operation, request }),
      })
    } catch {
      return unavailable('The app is not running any more. Start it again and reload this page.')
    }
    try {
      return (await response.json()) as Result<unknown>
    } catch {
      return unavailable('The app answered something unexpected. Reload this page.')
    }
  }

  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  let streaming = false
  const startEventStream = (): void => {
    if (streaming) return
    streaming = true
    void streamEvents(secret, fetchImpl, (name, payload) => {
      for (const listener of listeners.get(name) ?? []) listener(payload as never)
    })
  }

  const api: Record<string, unknown> = {}
  for (const operation of Object.keys(operationChannels) as OperationName[]) {
    api[operation] = (request?: unknown) => call(operation, request)
  }
  const on: Record<string, unknown> = {}
  for (const name of Object.keys(eventChannels) as EventName[]) {
    on[name] = (listener: (payload: Events[typeof name]) => void) => {
      const set = listeners.get(name) ?? new Set()
      set.add(listener as (payload: never) => void)
      listeners.set(name, set)
      startEventStream()
      return () => set.delete(listener as (payload: never) => void)
    }
  }
  api.on = on
  return api as CompanionApi
}

/** Reads newline-delimited JSON events, reconnecting with a growing pause if the stream drops. */
async function streamEvents(
  secret: string,
  fetchImpl: typeof fetch,
  deliver: (name: EventName, payload: unknown) => void,
): Promise<void> {
  let pause = 500
  for (;;) {
    try {
      const response = await fetchImpl(bridgeEventsPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [bridgeSecretHeader]: secret },
        body: '{}',
      })
      if (response.status === 401 || response.status === 403) return
      if (!response.ok || !response.body) throw new Error(`status ${response.status}`)
      pause = 500
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffered = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffered += value
        let newline = buffered.indexOf('\n')
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim()
          buffered = buffered.slice(newline + 1)
          if (line) {
            const message = JSON.parse(line) as { event?: unknown; payload?: unknown }
            if (typeof message.event === 'string' && Object.hasOwn(eventChannels, message.event)) {
              deliver(message.event as EventName, message.payload)
            }
          }
          newline = buffered.indexOf('\n')
        }
      }
    } catch {
      // The host restarted or the connection broke: try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, pause))
    pause = Math.min(pause * 2, 10_000)
  }
}
