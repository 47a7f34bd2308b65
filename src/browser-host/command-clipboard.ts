import { spawn, spawnSync } from 'node:child_process'
import type { SecureClipboard } from '../main/core/clipboard/clipboard-service'
import { AppError } from '../main/core/errors'

interface ClipboardCommands {
  name: string
  write: [string, string[]]
  read: [string, string[]]
}

/** The clipboard tools a desktop usually has, in the order they are tried. */
const candidates: readonly ClipboardCommands[] = [
  { name: 'wl-clipboard', write: ['wl-copy', []], read: ['wl-paste', ['--no-newline']] },
  {
    name: 'xclip',
    write: ['xclip', ['-selection', 'clipboard']],
    read: ['xclip', ['-selection', 'clipboard', '-o']],
  },
  {
    name: 'xsel',
    write: ['xsel', ['--clipboard', '--input']],
    read: ['xsel', ['--clipboard', '--output']],
  },
  { name: 'pbcopy', write: ['pbcopy', []], read: ['pbpaste', []] },
  {
    name: 'clip',
    write: ['clip', []],
    read: ['powershell', ['-NoProfile', '-Command', 'Get-Clipboard -Raw']],
  },
]

function available(command: string): boolean {
  const probe = process.platform === 'win32' ? 'where' : 'which'
  return spawnSync(probe, [command], { stdio: 'ignore' }).status === 0
}

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.once('error', reject)
    child.once('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${code}`)),
    )
    child.stdin.end(input ?? '')
  })
}

/**
 * The system clipboard for the browser host, through the desktop's own clipboard tool (the page
 * never gets the token, so main copies it). Concealment markers need a native API, so none are
 * set here; the token is still cleared after the delay. Without any tool, copying fails with an
 * error that names what to install.
 */
export function createCommandClipboard(): SecureClipboard {
  const tool = candidates.find((candidate) => available(candidate.write[0]))
  if (!tool) {
    const missing = async (): Promise<never> => {
      throw new AppError(
        'INTERNAL',
        'No clipboard tool was found. Install wl-clipboard (Wayland) or xclip (X11), then try again.',
      )
    }
    return { writeSecret: missing, readText: missing, clear: missing }
  }
  return {
    writeSecret: async (text) => {
      await run(tool.write[0], tool.write[1], text)
    },
    readText: () => run(tool.read[0], tool.read[1]),
    clear: async () => {
      await run(tool.write[0], tool.write[1], '')
    },
  }
}
