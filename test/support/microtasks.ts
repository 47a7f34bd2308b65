/**
 * Resolves once every promise continuation queued so far, and every one those queue in turn, has
 * run: Node drains the whole microtask queue before it reaches the event loop's check phase, where
 * setImmediate fires. It is not a sleep: no time passes and nothing outside the process is waited
 * for. Use it where the event to wait on is "the chain of continuations started by this call has
 * finished" and the code under test exposes no promise for it.
 */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
