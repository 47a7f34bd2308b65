/**
 * A clipboard that lives in memory and remembers what happened to it, for the tests and the
 * window's end-to-end runs (the apps copy through Electron's clipboard or a clipboard command).
 *
 * It holds the texts it was given, secrets included, so it belongs in tests only; `forget()` drops
 * the history.
 */
import type { SecureClipboard } from '../../src/main/core/clipboard/clipboard-service'

export type RecordedClipboardEvent =
  | { kind: 'write-secret'; text: string }
  | { kind: 'clear' }
  /** The person copied something themselves, in this or another program. */
  | { kind: 'user-copy'; text: string }

export type ClipboardOperation = 'write' | 'read' | 'clear'

export class RecordingClipboard implements SecureClipboard {
  private current = ''
  private currentConcealed = false
  private readonly events: RecordedClipboardEvent[] = []
  private readonly faults = new Map<ClipboardOperation, Error>()

  /** What the clipboard holds now; '' when empty. */
  get text(): string {
    return this.current
  }

  /** Whether the current content was written as a secret (concealed, out of history). */
  get concealed(): boolean {
    return this.currentConcealed
  }

  /** Every write, clear and foreign copy, oldest first. */
  get history(): readonly RecordedClipboardEvent[] {
    return this.events
  }

  async writeSecret(text: string): Promise<void> {
    this.throwIfFaulty('write')
    this.current = text
    this.currentConcealed = true
    this.events.push({ kind: 'write-secret', text })
  }

  async readText(): Promise<string> {
    this.throwIfFaulty('read')
    return this.current
  }

  async clear(): Promise<void> {
    this.throwIfFaulty('clear')
    this.current = ''
    this.currentConcealed = false
    this.events.push({ kind: 'clear' })
  }

  /** Simulates the person copying something in another program. */
  simulateUserCopy(text: string): void {
    this.current = text
    this.currentConcealed = false
    this.events.push({ kind: 'user-copy', text })
  }

  /** Makes the next call of `operation` reject with `error` (once). */
  failNext(
    operation: ClipboardOperation,
    error = new Error(`simulated ${operation} failure`),
  ): void {
    this.faults.set(operation, error)
  }

  /** Drops the recorded history (the current content stays). */
  forget(): void {
    this.events.length = 0
  }

  private throwIfFaulty(operation: ClipboardOperation): void {
    const error = this.faults.get(operation)
    if (error === undefined) return
    this.faults.delete(operation)
    throw error
  }
}
