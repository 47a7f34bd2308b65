import type { Result } from '../../src/shared/errors'
import { bridgeCallPath, bridgeSecretHeader } from '../../src/shared/bridge-protocol'
import type { OperationName, ResponseOf } from '../../src/shared/ipc-contract'
import type { BrowserHost } from '../../src/browser-host/server'

/** Calls the browser host's bridge the way the page does: same origin, with the secret. */
export function bridgeCaller(host: BrowserHost) {
  return async function call<K extends OperationName>(
    operation: K,
    request?: unknown,
  ): Promise<Result<ResponseOf<K>>> {
    const response = await fetch(`${host.origin}${bridgeCallPath}`, {
      method: 'POST',
      headers: {
        origin: host.origin,
        'content-type': 'application/json',
        [bridgeSecretHeader]: host.secret,
      },
      body: JSON.stringify({ operation, request }),
    })
    return (await response.json()) as Result<ResponseOf<K>>
  }
}

/** The value of a successful call, or a failed test that shows the error. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`)
  return result.value
}
