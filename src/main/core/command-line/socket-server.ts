/**
 * The app's side of the local socket that `coze-auth` talks to while the app runs. Who may call:
 * only this user. The socket is created with mode 0600 (no other user may connect), in the data
 * folder (mode 0700); on Linux each caller's claimed process is also checked to be this user's.
 * A socket file left by a crashed app is recognised (nobody answers on it) and replaced; a file
 * that is not a socket, or belongs to someone else, is left alone and the socket is not served.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  chmodSync,
} from 'node:fs'
import type { Server, Socket } from 'node:net'
import { connect, createServer } from 'node:net'
import { dirname } from 'node:path'
import type {
  CommandLineCall,
  CommandLineHello,
  CommandLineServerMessage,
} from '../../../shared/command-line'
import type { HostKind } from '../../../shared/ipc-contract'
import { AppError } from '../errors'
import type { AppEventBus } from '../events'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { CommandLineCaller, CommandLineDispatch } from './command-line-service'
import { commandLineSocketPath, shortSocketDir } from './socket-path'

/** A call and its answer are small; an import does not go over this socket. */
const maxLineBytes = 1024 * 1024
const helloTimeoutMs = 5_000
const maxConnections = 32

export interface CommandLineSocketOptions {
  dataDir: string
  dispatch: CommandLineDispatch
  events: AppEventBus
  host: HostKind
  demo?: boolean
  logger?: Logger
  /** Tests: another path than the data folder's. */
  path?: string
}

export interface CommandLineSocket {
  path: string
  stop(): Promise<void>
}

export class SocketRefusedError extends AppError {
  constructor(message: string, reason: string) {
    super('PERMISSION_DENIED', message, { params: { reason } })
  }
}

export async function startCommandLineSocket(
  options: CommandLineSocketOptions,
): Promise<CommandLineSocket> {
  const logger = options.logger ?? silentLogger
  const path = options.path ?? commandLineSocketPath(options.dataDir)
  const windows = process.platform === 'win32'
  if (!windows) {
    if (path.startsWith(shortSocketDir()))
      mkdirSync(shortSocketDir(), { recursive: true, mode: 0o700 })
    checkFolder(dirname(path))
    await clearStaleSocket(path)
  }
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    serveConnection(socket, options, logger)
  })
  server.maxConnections = maxConnections
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    // bind() creates the file with the process's umask: none of it for group and others, so
    // the socket is never reachable by another user, not even for an instant.
    const previous = windows ? 0 : process.umask(0o177)
    try {
      server.listen(path, () => {
        server.off('error', rejectListen)
        resolveListen()
      })
    } finally {
      if (!windows) process.umask(previous)
    }
  })
  let identity: { dev: number; ino: number } | undefined
  if (!windows) {
    chmodSync(path, 0o600)
    const info = statSync(path)
    identity = { dev: info.dev, ino: info.ino }
  }
  logger.log('info', 'command-line socket listening', { path })
  return {
    path,
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
      // Only our own file: another app may have replaced it meanwhile.
      if (identity && existsSync(path)) {
        const info = lstatSync(path)
        if (info.dev === identity.dev && info.ino === identity.ino) unlinkSync(path)
      }
    },
  }
}

/** The folder must be this user's and closed to others, or a socket in it proves nothing. */
function checkFolder(folder: string): void {
  const info = statSync(folder)
  const uid = process.getuid?.()
  if (uid !== undefined && info.uid !== uid) {
    throw new SocketRefusedError(`${folder} belongs to another user.`, 'folder-owner')
  }
  if ((info.mode & 0o022) !== 0) {
    throw new SocketRefusedError(`Others may write to ${folder}.`, 'folder-mode')
  }
}

/**
 * What is already at `path`: nothing (fine), a socket nobody answers on (stale, removed), a live
 * socket (another app serves this folder: refused), or anything else (refused, left alone).
 */
async function clearStaleSocket(path: string): Promise<void> {
  let info
  try {
    info = lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const uid = process.getuid?.()
  if (!info.isSocket()) {
    throw new SocketRefusedError(
      `${path} exists and is not a socket; it was left alone.`,
      'not-a-socket',
    )
  }
  if (uid !== undefined && info.uid !== uid) {
    throw new SocketRefusedError(
      `${path} belongs to another user; it was left alone.`,
      'socket-owner',
    )
  }
  const answered = await new Promise<boolean>((done) => {
    const probe = connect(path)
    probe.once('connect', () => {
      probe.destroy()
      done(true)
    })
    probe.once('error', () => done(false))
  })
  if (answered) {
    throw new AppError('STORE_FAILED', `Another app already serves the command line at ${path}.`, {
      params: { reason: 'socket-in-use' },
    })
  }
  unlinkSync(path)
}

function send(socket: Socket, message: CommandLineServerMessage): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`)
}

function serveConnection(socket: Socket, options: CommandLineSocketOptions, logger: Logger): void {
  let buffered = ''
  let caller: CommandLineCaller | undefined
  let unsubscribe: (() => void) | undefined
  const helloTimer = setTimeout(() => socket.destroy(), helloTimeoutMs)
  socket.setEncoding('utf8')
  socket.on('close', () => {
    clearTimeout(helloTimer)
    unsubscribe?.()
  })
  socket.on('error', () => socket.destroy())

  const onHello = (hello: CommandLineHello['hello']): void => {
    const refusal = refusalOf(hello.pid)
    if (refusal) {
      logger.log('warn', 'command-line caller refused', { reason: refusal })
      socket.destroy()
      return
    }
    caller = { program: describeProgram(hello.pid, hello.parentPid) }
    clearTimeout(helloTimer)
    send(socket, {
      welcome: { host: options.host, pid: process.pid, demo: options.demo === true },
    })
    if (hello.events) {
      unsubscribe = options.events.subscribe((event, payload) => send(socket, { event, payload }))
    }
  }

  const onLine = (line: string): void => {
    let message: unknown
    try {
      message = JSON.parse(line)
    } catch {
      socket.destroy()
      return
    }
    if (!caller) {
      const hello = (message as Partial<CommandLineHello>).hello
      if (typeof hello !== 'object' || hello === null || !Number.isInteger(hello.pid)) {
        socket.destroy()
        return
      }
      onHello(hello)
      return
    }
    const call = message as Partial<CommandLineCall>
    if (typeof call.id !== 'number') {
      socket.destroy()
      return
    }
    const id = call.id
    const who = caller
    void options
      .dispatch(call.operation, call.request, who)
      .then((result) => send(socket, { id, result }))
  }

  socket.on('data', (chunk: string) => {
    buffered += chunk
    if (buffered.length > maxLineBytes) {
      socket.destroy()
      return
    }
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end)
      buffered = buffered.slice(end + 1)
      if (line.trim() !== '') onLine(line)
    }
  })
}

/**
 * Linux: the claimed process must exist and be this user's. The socket's mode already keeps
 * other users out; this also names a caller that lies about its process as refused.
 */
function refusalOf(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined
  const uid = process.getuid?.()
  try {
    const info = statSync(`/proc/${pid}`)
    if (uid !== undefined && info.uid !== uid) return 'peer-of-another-user'
    return undefined
  } catch {
    return 'peer-unknown'
  }
}

/** "python3 deploy.py (pid 4242)": the program that ran coze-auth, where the system says. */
export function describeProgram(pid: number, parentPid?: number): string {
  if (process.platform === 'linux' && parentPid !== undefined) {
    try {
      const words = readFileSync(`/proc/${parentPid}/cmdline`, 'utf8')
        .split('\0')
        .filter((word) => word !== '')
        .slice(0, 3)
        // A path by its last part: "node deploy.mjs", not the folders it lives in.
        .map((word) => (word.startsWith('/') ? (word.split('/').pop() ?? word) : word))
        .map((word) => (word.length > 60 ? `${word.slice(0, 57)}...` : word))
      if (words.length > 0) return `${words.join(' ')} (pid ${parentPid}), through coze-auth`
    } catch {
      // Gone already, or not readable: the plain id below.
    }
  }
  return `coze-auth (pid ${pid})`
}
