/**
 * `coze-auth`'s side of the app's local socket. Before connecting it checks that the socket is
 * this user's and closed to everyone else: a socket another user put there could hand out a
 * token of their choosing or collect what is sent to it.
 */
import { lstatSync } from 'node:fs'
import type { Socket } from 'node:net'
import { connect } from 'node:net'
import type { CommandLineServerMessage } from '../shared/command-line'
import type { Result } from '../shared/errors'
import type { HostKind } from '../shared/ipc-contract'

export class UnsafeSocketError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'not-a-socket' | 'wrong-owner' | 'open-to-others',
  ) {
    super(`unsafe socket ${path}: ${reason}`)
  }
}

export interface AppConnection {
  host: HostKind
  pid: number
  demo: boolean
  path: string
  call(operation: string, request?: unknown): Promise<Result<unknown>>
  onEvent(listener: (event: string, payload: unknown) => void): () => void
  close(): void
}

/** Checks the file at `path`; undefined when there is none. */
export function checkSocketFile(path: string): 'present' | undefined {
  if (process.platform === 'win32') return 'present'
  let info
  try {
    info = lstatSync(path)
  } catch {
    return undefined
  }
  if (!info.isSocket()) throw new UnsafeSocketError(path, 'not-a-socket')
  const uid = process.getuid?.()
  if (uid !== undefined && info.uid !== uid) throw new UnsafeSocketError(path, 'wrong-owner')
  if ((info.mode & 0o077) !== 0) throw new UnsafeSocketError(path, 'open-to-others')
  return 'present'
}

/**
 * Connects to the app, or answers undefined when no app listens (no file, or a stale one that
 * nobody answers on). Throws UnsafeSocketError for a socket it must not use.
 */
export async function connectToApp(
  path: string,
  options: { events?: boolean } = {},
): Promise<AppConnection | undefined> {
  if (checkSocketFile(path) === undefined) return undefined
  const socket = await new Promise<Socket | undefined>((done) => {
    const attempt = connect(path)
    attempt.once('connect', () => done(attempt))
    attempt.once('error', () => done(undefined))
  })
  if (!socket) return undefined
  socket.setEncoding('utf8')
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Set<(event: string, payload: unknown) => void>()
  let nextId = 1
  let buffered = ''
  let welcome:
    ((value: { host: HostKind; pid: number; demo: boolean } | undefined) => void) | undefined
  const welcomed = new Promise<{ host: HostKind; pid: number; demo: boolean } | undefined>(
    (done) => (welcome = done),
  )
  const fail = (): void => {
    welcome?.(undefined)
    for (const answer of pending.values()) {
      answer({
        ok: false,
        error: { code: 'BRIDGE_UNAVAILABLE', message: 'The app closed the connection.' },
      })
    }
    pending.clear()
  }
  socket.on('close', fail)
  socket.on('error', () => socket.destroy())
  socket.on('data', (chunk: string) => {
    buffered += chunk
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end)
      buffered = buffered.slice(end + 1)
      if (line.trim() === '') continue
      const message = JSON.parse(line) as CommandLineServerMessage
      if ('welcome' in message) welcome?.(message.welcome)
      else if ('id' in message) {
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
      } else if ('event' in message) {
        for (const listener of listeners) listener(message.event, message.payload)
      }
    }
  })
  socket.write(
    `${JSON.stringify({ hello: { pid: process.pid, parentPid: process.ppid, events: options.events === true } })}\n`,
  )
  const hello = await welcomed
  if (!hello) {
    socket.destroy()
    return undefined
  }
  return {
    ...hello,
    path,
    call(operation, request) {
      const id = nextId++
      return new Promise((done) => {
        pending.set(id, done)
        socket.write(`${JSON.stringify({ id, operation, request })}\n`)
      })
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      socket.end()
      socket.destroy()
    },
  }
}
