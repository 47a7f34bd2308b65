import { createHash } from 'node:crypto'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { commandLineSocketName } from '../../../shared/command-line'

/** sun_path holds 108 bytes on Linux and 104 on macOS, the terminating zero included. */
const maxSocketPathBytes = 100

/**
 * Where the app listens for `coze-auth` and where the command looks for it: a Unix domain socket
 * in the data folder, or a named pipe on Windows (named after the user and the folder, since pipes
 * live in one namespace for the whole machine). A data folder too deep for a socket's path gets
 * one in a private folder of the temporary directory instead, named after the data folder.
 */
export function commandLineSocketPath(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 24)
  if (platform === 'win32') {
    return `\\\\.\\pipe\\coze-auth-${safeUserName()}-${digest}`
  }
  const inFolder = join(dataDir, commandLineSocketName)
  if (Buffer.byteLength(inFolder) <= maxSocketPathBytes) return inFolder
  return join(shortSocketDir(), `${digest}.sock`)
}

/** The private folder for sockets whose data folder is too deep (mode 0700, the user's own). */
export function shortSocketDir(): string {
  return join(tmpdir(), `coze-auth-${process.getuid?.() ?? safeUserName()}`)
}

function safeUserName(): string {
  try {
    return userInfo().username.replace(/[^\w.-]/g, '_')
  } catch {
    return 'user'
  }
}
