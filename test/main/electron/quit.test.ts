/**
 * Quitting waits (at most a few seconds) for the services to dispose, once, before the process
 * ends; a failed start shows an AppError's message and nothing else.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../src/main/core/errors'
import {
  createQuitGuard,
  settleWithin,
  startupFailureMessage,
} from '../../../src/main/electron/quit'

function quitEvent() {
  return { preventDefault: vi.fn() }
}

describe('settleWithin', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('is done when the task resolves in time', async () => {
    await expect(settleWithin(async () => undefined, 1000)).resolves.toBe('done')
  })

  it('counts a rejection and a synchronous throw as failures, without rejecting', async () => {
    await expect(settleWithin(() => Promise.reject(new Error('x')), 1000)).resolves.toBe('failed')
    await expect(
      settleWithin(() => {
        throw new Error('sync')
      }, 1000),
    ).resolves.toBe('failed')
  })

  it('gives up after the timeout', async () => {
    const outcome = settleWithin(() => new Promise(() => undefined), 3000)
    await vi.advanceTimersByTimeAsync(2999)
    let settled = false
    void outcome.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(outcome).resolves.toBe('timed-out')
  })

  it('accepts a task with nothing to wait for', async () => {
    await expect(settleWithin(() => undefined, 1000)).resolves.toBe('done')
  })
})

describe('createQuitGuard', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('holds the first will-quit back until dispose finishes, then exits with 0', async () => {
    let finish: () => void = () => undefined
    const dispose = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    const exit = vi.fn()
    const guard = createQuitGuard({ dispose, exit })

    const event = quitEvent()
    guard(event)
    expect(event.preventDefault).toHaveBeenCalledOnce()
    expect(dispose).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(100)
    expect(exit).not.toHaveBeenCalled()

    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(exit).toHaveBeenCalledExactlyOnceWith(0)
  })

  it('disposes once when will-quit comes again while disposing', async () => {
    const dispose = vi.fn(() => new Promise<void>(() => undefined))
    const exit = vi.fn()
    const guard = createQuitGuard({ dispose, exit, timeoutMs: 3000 })

    guard(quitEvent())
    const again = quitEvent()
    guard(again)
    // Still held back: letting it through would end the process before the clipboard is cleared.
    expect(again.preventDefault).toHaveBeenCalledOnce()
    expect(dispose).toHaveBeenCalledOnce()

    await vi.advanceTimersByTimeAsync(3000)
    expect(exit).toHaveBeenCalledExactlyOnceWith(0)

    // After the exit nothing is held back any more.
    const late = quitEvent()
    guard(late)
    expect(late.preventDefault).not.toHaveBeenCalled()
    expect(exit).toHaveBeenCalledOnce()
  })

  it('exits after the timeout when dispose hangs, and logs why', async () => {
    const exit = vi.fn()
    const log = vi.fn()
    const guard = createQuitGuard({
      dispose: () => new Promise<void>(() => undefined),
      exit,
      timeoutMs: 3000,
      logger: { log },
    })
    guard(quitEvent())
    await vi.advanceTimersByTimeAsync(2999)
    expect(exit).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(exit).toHaveBeenCalledExactlyOnceWith(0)
    expect(log).toHaveBeenCalledWith(
      'warn',
      expect.any(String),
      expect.objectContaining({ outcome: 'timed-out' }),
    )
  })

  it('exits when dispose fails, and when there is nothing to dispose', async () => {
    const exitAfterFailure = vi.fn()
    createQuitGuard({ dispose: () => Promise.reject(new Error('x')), exit: exitAfterFailure })(
      quitEvent(),
    )
    const exitWithoutServices = vi.fn()
    createQuitGuard({ dispose: () => undefined, exit: exitWithoutServices })(quitEvent())
    await vi.advanceTimersByTimeAsync(0)
    expect(exitAfterFailure).toHaveBeenCalledExactlyOnceWith(0)
    expect(exitWithoutServices).toHaveBeenCalledExactlyOnceWith(0)
  })
})

describe('startupFailureMessage', () => {
  it("shows an AppError's message", () => {
    const error = new AppError('VAULT_FILE_FAILED', 'The account list could not be read.')
    expect(startupFailureMessage(error)).toBe('The account list could not be read.')
  })

  it('never shows the message of any other error, which may quote a secret', () => {
    const message = startupFailureMessage(new Error('czu_secretsecretsecretsecret leaked'))
    expect(message).not.toContain('czu_')
    expect(message).toMatch(/Restart the app/)
  })
})
