import { spawn } from 'node:child_process'
import { delimiter, join } from 'node:path'
import { accessSync, constants } from 'node:fs'
import type { SecureClipboard } from '../main/core/clipboard/clipboard-service'
import { AppError } from '../main/core/errors'

type Command = readonly [command: string, args: readonly string[]]

/** One desktop clipboard tool: how to write, read and empty the clipboard with it. */
export interface ClipboardTool {
  name: string
  write: Command
  read: Command
  /** Empties the clipboard; without it, an empty text is written. */
  clear?: Command
  /**
   * The write hands the text to a helper it forks, which takes the selection a moment after the
   * command exits; until then a paste can still give the previous text. A write through such a
   * tool is confirmed by reading the text back.
   */
  handsOffToHelper?: boolean
  /** Whether this desktop session can use the tool at all (a display of its kind). */
  usable(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean
}

const onX11 = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean =>
  platform !== 'darwin' && platform !== 'win32' && Boolean(env.DISPLAY)

/** The clipboard tools a desktop usually has, in the order they are tried. */
export const clipboardTools: readonly ClipboardTool[] = [
  {
    name: 'wl-copy',
    handsOffToHelper: true,
    write: ['wl-copy', []],
    read: ['wl-paste', ['--no-newline']],
    clear: ['wl-copy', ['--clear']],
    usable: (env, platform) => platform === 'linux' && Boolean(env.WAYLAND_DISPLAY),
  },
  {
    name: 'xclip',
    handsOffToHelper: true,
    write: ['xclip', ['-selection', 'clipboard', '-in']],
    read: ['xclip', ['-selection', 'clipboard', '-out']],
    usable: onX11,
  },
  {
    name: 'xsel',
    handsOffToHelper: true,
    write: ['xsel', ['--clipboard', '--input']],
    read: ['xsel', ['--clipboard', '--output']],
    clear: ['xsel', ['--clipboard', '--clear']],
    usable: onX11,
  },
  {
    name: 'pbcopy',
    write: ['pbcopy', []],
    read: ['pbpaste', []],
    usable: (_env, platform) => platform === 'darwin',
  },
  {
    name: 'clip',
    write: ['clip', []],
    read: ['powershell', ['-NoProfile', '-Command', 'Get-Clipboard -Raw']],
    usable: (_env, platform) => platform === 'win32',
  },
]

/** How long a clipboard tool may take before it counts as hanging. */
export const defaultToolTimeoutMs = 3_000

/** How often a handed-off write is read back while the helper takes the selection. */
const readBackIntervalMs = 20

/** Only this much of a tool's error output goes into a message: it is a hint, not a log. */
const stderrExcerptLength = 200
/** How long a failed tool's stderr may stay open after it exits before the error goes without it. */
const stderrDrainBoundMs = 1000

function onPath(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  const extensions = platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : ['']
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    for (const extension of extensions) {
      try {
        accessSync(join(dir, command + extension), constants.X_OK)
        return true
      } catch {
        // Not in this folder; try the next.
      }
    }
  }
  return false
}

/** The first tool this session can use and has installed, or undefined. */
export function findClipboardTool(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ClipboardTool | undefined {
  return clipboardTools.find(
    (tool) => tool.usable(env, platform) && onPath(tool.write[0], env, platform),
  )
}

interface RunOptions {
  input?: string
  /** Collect standard output (reading); writing tools get none, see below. */
  captureOutput: boolean
  timeoutMs: number
  toolName: string
}

/**
 * Runs one clipboard command and settles on its exit, not on the closing of its pipes.
 *
 * xclip, xsel and wl-copy answer a write by forking a helper that keeps serving the selection
 * until another program takes it. That helper inherits the pipes, so waiting for them to close
 * (the `close` event) would wait until someone else copies something. The write is done when the
 * parent exits; our ends of the pipes are then destroyed so the helper cannot hold this process.
 */
function runTool(command: Command, options: RunOptions): Promise<string> {
  const [file, args] = command
  return new Promise((resolve, reject) => {
    let settled = false
    let output = ''
    let errorOutput = ''
    const child = spawn(file, args, {
      stdio: ['pipe', options.captureOutput ? 'pipe' : 'ignore', 'pipe'],
      windowsHide: true,
    })
    const finish = (outcome: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.stdout?.destroy()
      child.stderr?.destroy()
      outcome()
    }
    const fail = (detail: string): void =>
      finish(() =>
        reject(
          new AppError('CLIPBOARD_FAILED', `The clipboard tool ${options.toolName} ${detail}.`),
        ),
      )
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(`did not answer within ${Math.round(options.timeoutMs / 1000)} s`)
    }, options.timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errorOutput.length < stderrExcerptLength) errorOutput += chunk.toString('utf8')
    })
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'ENOENT' ? `(${file}) is not installed` : `could not start: ${error.code}`,
      ),
    )
    // Reading needs everything the tool printed, which `exit` may precede; reading tools do not
    // fork, so their pipes close with them.
    child.once(options.captureOutput ? 'close' : 'exit', (code, signal) => {
      if (code === 0) {
        finish(() => resolve(output))
        return
      }
      const failWithExcerpt = (): void => {
        const excerpt = errorOutput.trim().slice(0, stderrExcerptLength)
        fail(
          `failed (${signal ? `signal ${signal}` : `exit code ${code}`})${excerpt ? `: ${excerpt}` : ''}`,
        )
      }
      // `exit` may come before what the failing tool printed has been read: its message is the
      // most useful part of the error, so wait for its stderr to close (a tool that failed holds
      // no forked server on it; the bound is only for one that somehow does).
      const stderr = child.stderr
      if (!stderr || stderr.readableEnded || stderr.destroyed) {
        failWithExcerpt()
        return
      }
      const bound = setTimeout(failWithExcerpt, stderrDrainBoundMs)
      stderr.once('close', () => {
        clearTimeout(bound)
        failWithExcerpt()
      })
    })
    child.stdin?.once('error', () => {
      // The tool quit before reading its input; its exit code says why.
    })
    child.stdin?.end(options.input ?? '')
  })
}

export interface CommandClipboardOptions {
  /** Default: the first usable, installed tool (`findClipboardTool`). */
  tool?: ClipboardTool
  /** Default: `defaultToolTimeoutMs`. */
  timeoutMs?: number
  /** Where the tool is looked for (tests name a session without a display). */
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
}

/**
 * The system clipboard for the browser host, through the desktop's own clipboard tool (the page
 * never gets the token, so main copies it). Concealment markers need a native API, so none are
 * set here; the token is still cleared after the delay. Without a usable tool, copying fails with
 * an error that names what to install.
 */
export function createCommandClipboard(options: CommandClipboardOptions = {}): SecureClipboard {
  const tool = options.tool ?? findClipboardTool(options.env, options.platform)
  if (!tool) {
    const missing = async (): Promise<never> => {
      throw new AppError(
        'CLIPBOARD_FAILED',
        'No clipboard tool was found for this desktop. Install wl-clipboard (Wayland) or xclip (X11), then try again.',
      )
    }
    return { writeSecret: missing, readText: missing, clear: missing }
  }
  const timeoutMs = options.timeoutMs ?? defaultToolTimeoutMs
  const run = (command: Command, input?: string, captureOutput = false): Promise<string> =>
    runTool(command, { input, captureOutput, timeoutMs, toolName: tool.name })
  /**
   * Runs a command that changes the clipboard to `expected`. The X and Wayland helpers answer for
   * the selection only once they own it, so there the change is done when a paste gives the new
   * text, which is what the person does next.
   */
  // An empty selection is an error for some readers (wl-paste, xclip); it means nothing to paste.
  const readOrNothing = (): Promise<string> => run(tool.read, undefined, true).catch(() => '')
  const writeAndConfirm = async (command: Command, expected: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    await run(command, command === tool.write ? expected : undefined)
    if (!tool.handsOffToHelper) return
    while ((await readOrNothing()) !== expected) {
      if (Date.now() >= deadline) {
        throw new AppError(
          'CLIPBOARD_FAILED',
          `The clipboard tool ${tool.name} did not take the text within ${Math.round(timeoutMs / 1000)} s.`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, readBackIntervalMs))
    }
  }
  return {
    writeSecret: (text) => writeAndConfirm(tool.write, text),
    readText: () => run(tool.read, undefined, true),
    clear: () => (tool.clear ? writeAndConfirm(tool.clear, '') : writeAndConfirm(tool.write, '')),
  }
}
