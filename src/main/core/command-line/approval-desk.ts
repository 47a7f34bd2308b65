import { randomUUID } from 'node:crypto'
import type { AppEventBus } from '../events'
import type { Clock } from '../ports'
import type { TokenApprovalRequest } from './command-line-service'

/** A question nobody answers is a no: the command waiting on it ends with "refused". */
export const approvalLifetimeMs = 2 * 60 * 1000

/**
 * The browser host's way of asking the person before a command-line tool gets a token: the
 * question goes to the window as a `commandLineApproval` event, and the window's answer comes
 * back through `answerCommandLineApproval`. Each question is answered once; a late or unknown
 * answer changes nothing.
 */
export class ApprovalDesk {
  private readonly waiting = new Map<string, (allow: boolean) => void>()

  constructor(
    private readonly events: AppEventBus,
    private readonly clock: Clock,
  ) {}

  ask(request: TokenApprovalRequest): Promise<boolean> {
    const requestId = randomUUID()
    return new Promise<boolean>((resolve) => {
      const settle = (allow: boolean): void => {
        clearTimeout(timer)
        this.waiting.delete(requestId)
        this.events.emit('commandLineApproval', { requestId, state: 'settled' })
        resolve(allow)
      }
      const timer = setTimeout(() => settle(false), approvalLifetimeMs)
      timer.unref?.()
      this.waiting.set(requestId, settle)
      this.events.emit('commandLineApproval', {
        requestId,
        state: 'asking',
        program: request.program,
        accountLabel: request.accountLabel,
        expiresAt: this.clock.now() + approvalLifetimeMs,
      })
    })
  }

  answer(requestId: string, allow: boolean): boolean {
    const settle = this.waiting.get(requestId)
    if (!settle) return false
    settle(allow)
    return true
  }

  /** The host stops: every open question is a no. */
  withdrawAll(): void {
    for (const settle of [...this.waiting.values()]) settle(false)
  }
}
