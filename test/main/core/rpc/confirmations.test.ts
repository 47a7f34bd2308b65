import { describe, expect, it } from 'vitest'
import type { ConfirmationRequest } from '../../../../src/shared/confirmation'
import { CancelledError, ConfirmationRequiredError } from '../../../../src/main/core/errors'
import {
  ConfirmationTokens,
  confirmationLifetimeMs,
  createWeakeningGate,
  maxPendingConfirmations,
} from '../../../../src/main/core/rpc/confirmations'

/** A clock that moves only when the test says so. */
function movableClock(start = 1_800_000_000_000): { now(): number; advance(ms: number): void } {
  let now = start
  return {
    now: () => now,
    advance: (ms) => {
      now += ms
    },
  }
}

const clipboardOff: ConfirmationRequest = {
  operation: 'updateSettings',
  weakenings: [{ kind: 'clipboard-clearing-off', params: { seconds: 30 } }],
}
const exportTokens: ConfirmationRequest = {
  operation: 'exportAccounts',
  weakenings: [{ kind: 'export-with-tokens' }],
}

describe('ConfirmationTokens', () => {
  it('lets the same operation with the same parameters through once', () => {
    const tokens = new ConfirmationTokens({ clock: movableClock() })
    const challenge = tokens.issue(clipboardOff, { clipboardClearSeconds: 0 })
    expect(challenge).toMatchObject({
      operation: 'updateSettings',
      weakenings: clipboardOff.weakenings,
    })
    expect(tokens.redeem('updateSettings', { clipboardClearSeconds: 0 }, challenge.token)).toBe(
      true,
    )
    // Used: the same token again is worth nothing.
    expect(tokens.redeem('updateSettings', { clipboardClearSeconds: 0 }, challenge.token)).toBe(
      false,
    )
    expect(tokens.pendingCount).toBe(0)
  })

  it('ignores the order of fields but not their values', () => {
    const tokens = new ConfirmationTokens({ clock: movableClock() })
    const params = { clipboardClearSeconds: 0, language: 'en' }
    const first = tokens.issue(clipboardOff, params)
    expect(
      tokens.redeem('updateSettings', { language: 'en', clipboardClearSeconds: 0 }, first.token),
    ).toBe(true)
    const second = tokens.issue(clipboardOff, params)
    expect(
      tokens.redeem(
        'updateSettings',
        { clipboardClearSeconds: 0, language: 'zh-CN' },
        second.token,
      ),
    ).toBe(false)
  })

  it('is bound to its operation: a settings token cannot export', () => {
    const tokens = new ConfirmationTokens({ clock: movableClock() })
    const challenge = tokens.issue(clipboardOff, {})
    expect(tokens.redeem('exportAccounts', {}, challenge.token)).toBe(false)
    // A failed attempt spends the token, so it cannot be tried again elsewhere.
    expect(tokens.redeem('updateSettings', {}, challenge.token)).toBe(false)
  })

  it('expires after two minutes by the injected clock', () => {
    const clock = movableClock()
    const tokens = new ConfirmationTokens({ clock })
    const early = tokens.issue(exportTokens, { passphrase: 'a long passphrase' })
    const late = tokens.issue(exportTokens, { passphrase: 'a long passphrase' })
    expect(early.expiresAt).toBe(clock.now() + confirmationLifetimeMs)
    clock.advance(confirmationLifetimeMs - 1)
    expect(tokens.redeem('exportAccounts', { passphrase: 'a long passphrase' }, early.token)).toBe(
      true,
    )
    clock.advance(1)
    expect(tokens.redeem('exportAccounts', { passphrase: 'a long passphrase' }, late.token)).toBe(
      false,
    )
  })

  it('refuses tokens main never issued, or whose secret half is wrong', () => {
    const tokens = new ConfirmationTokens({ clock: movableClock() })
    const challenge = tokens.issue(clipboardOff, {})
    const [id, secret = ''] = challenge.token.split('.')
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`
    for (const junk of [undefined, 42, '', '.', 'nodot', 'x'.repeat(500), `${id}`, forged]) {
      expect(tokens.redeem('updateSettings', {}, junk)).toBe(false)
    }
    // The forgery named the right entry, so it spent it: the real token is gone too.
    expect(tokens.redeem('updateSettings', {}, challenge.token)).toBe(false)
  })

  it('keeps at most a few tokens waiting, the oldest going first', () => {
    const tokens = new ConfirmationTokens({ clock: movableClock() })
    const first = tokens.issue(clipboardOff, {})
    const rest = Array.from({ length: maxPendingConfirmations }, () =>
      tokens.issue(clipboardOff, {}),
    )
    expect(tokens.pendingCount).toBe(maxPendingConfirmations)
    expect(tokens.redeem('updateSettings', {}, first.token)).toBe(false)
    expect(tokens.redeem('updateSettings', {}, rest.at(-1)?.token)).toBe(true)
  })
})

describe('createWeakeningGate', () => {
  it('asks nothing when nothing is weakened', async () => {
    const gate = createWeakeningGate({ clock: movableClock() })
    await expect(
      gate.require({ operation: 'updateSettings', weakenings: [] }, {}, undefined),
    ).resolves.toBeUndefined()
    expect(gate.tokens.pendingCount).toBe(0)
  })

  it('without a native dialog, answers with a challenge and then accepts its token', async () => {
    const gate = createWeakeningGate({ clock: movableClock() })
    const refusal = await gate
      .require(clipboardOff, { clipboardClearSeconds: 0 }, undefined)
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(ConfirmationRequiredError)
    const { confirmation } = refusal as ConfirmationRequiredError
    await expect(
      gate.require(clipboardOff, { clipboardClearSeconds: 0 }, confirmation.token),
    ).resolves.toBeUndefined()
    // Reused: a new question, never the change.
    await expect(
      gate.require(clipboardOff, { clipboardClearSeconds: 0 }, confirmation.token),
    ).rejects.toBeInstanceOf(ConfirmationRequiredError)
  })

  it('with a native dialog, asks there and ignores any token the window sends', async () => {
    const asked: ConfirmationRequest[] = []
    let answer = false
    const gate = createWeakeningGate({
      clock: movableClock(),
      confirmNatively: async (request) => {
        asked.push(request)
        return answer
      },
    })
    await expect(gate.require(exportTokens, {}, 'made.up')).rejects.toBeInstanceOf(CancelledError)
    answer = true
    await expect(gate.require(exportTokens, {}, undefined)).resolves.toBeUndefined()
    expect(asked).toEqual([exportTokens, exportTokens])
    expect(gate.tokens.pendingCount).toBe(0)
  })
})
