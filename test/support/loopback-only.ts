/**
 * Vitest setup: every test talks to loopback only. A connection to any other host fails at once,
 * so a test that would reach the real Coze (or anything else) fails loudly instead of passing on a
 * machine that happens to have a network.
 */
import net from 'node:net'

const loopback = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i
const originalConnect = net.Socket.prototype.connect

function targetHost(args: unknown[]): string | undefined {
  const [first, second] = args
  // net.connect() hands connect() its arguments already normalised into one array.
  if (Array.isArray(first)) return targetHost(first)
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: unknown; path?: unknown }
    if (typeof options.path === 'string') return undefined
    return typeof options.host === 'string' ? options.host : 'localhost'
  }
  if (typeof first === 'number') return typeof second === 'string' ? second : 'localhost'
  return undefined
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = targetHost(args)
  if (host !== undefined && !loopback.test(host)) {
    throw new Error(`Tests may only connect to loopback; refused a connection to ${host}.`)
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args)
} as typeof net.Socket.prototype.connect
