import { afterEach, describe, expect, it } from 'vitest'
import type { SecureClipboard } from '../../../../src/main/core/clipboard/clipboard-service'
import { ClipboardService } from '../../../../src/main/core/clipboard/clipboard-service'
import { RecordingClipboard } from '../../../support/recording-clipboard'
import type { LogFields, Logger, LogLevel } from '../../../../src/main/core/logger'
import type { Clock } from '../../../../src/main/core/ports'

const start = Date.UTC(2026, 0, 1)
// Token-shaped, but not a real token.
const tokenA = 'czu_FIRSTtoken-aaaa'
const tokenB = 'czu_SECONDtoken-bbb'

/** Lets every promise continuation run: setImmediate fires after the microtask queue is empty. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** A clock whose sleeps end only when the test moves the time past them. */
function manualClock(): Clock & { advance(ms: number): Promise<void>; readonly sleeping: number } {
  let time = start
  const sleepers: { wakeAt: number; resolve: () => void }[] = []
  return {
    now: () => time,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason)
      return new Promise<void>((resolve, reject) => {
        const sleeper = { wakeAt: time + ms, resolve }
        sleepers.push(sleeper)
        signal?.addEventListener(
          'abort',
          () => {
            sleepers.splice(sleepers.indexOf(sleeper), 1)
            reject(signal.reason)
          },
          { once: true },
        )
      })
    },
    async advance(ms) {
      time += ms
      for (const sleeper of sleepers.filter((entry) => entry.wakeAt <= time)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1)
        sleeper.resolve()
      }
      await settle()
    },
    get sleeping() {
      return sleepers.length
    },
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    log(level: LogLevel, message: string, fields?: LogFields) {
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
    },
  }
}

let logger = recordingLogger()

function setup(seconds: () => number = () => 30) {
  const clock = manualClock()
  const clipboard = new RecordingClipboard()
  logger = recordingLogger()
  const service = new ClipboardService({ clipboard, clock, clearAfterSeconds: seconds, logger })
  return { clock, clipboard, service }
}

afterEach(() => {
  // Whatever a test did, the copied text never reached the log.
  const log = logger.lines.join('\n')
  expect(log).not.toContain(tokenA)
  expect(log).not.toContain(tokenB)
})

describe('ClipboardService', () => {
  it('clears the clipboard after N seconds when it still holds the copy, not before', async () => {
    const { clock, clipboard, service } = setup()
    const result = await service.copy(tokenA)
    expect(result).toEqual({ clearsAt: start + 30_000 })
    expect(clipboard.text).toBe(tokenA)
    expect(clipboard.concealed).toBe(true)

    await clock.advance(29_999)
    expect(clipboard.text).toBe(tokenA)

    await clock.advance(1)
    expect(clipboard.text).toBe('')
    expect(clipboard.history).toEqual([{ kind: 'write-secret', text: tokenA }, { kind: 'clear' }])
    expect(logger.lines.some((line) => line.includes('clipboard: cleared'))).toBe(true)
  })

  it('leaves the clipboard alone when the person copied something else meanwhile', async () => {
    const { clock, clipboard, service } = setup()
    await service.copy(tokenA)
    await clock.advance(10_000)
    clipboard.simulateUserCopy('my own note')

    await clock.advance(20_000)
    expect(clipboard.text).toBe('my own note')
    expect(clipboard.history.some((event) => event.kind === 'clear')).toBe(false)
    expect(clock.sleeping).toBe(0)
  })

  it('a second copy cancels the first clear and is itself cleared on its own schedule', async () => {
    const { clock, clipboard, service } = setup()
    await service.copy(tokenA)
    await clock.advance(20_000)
    const second = await service.copy(tokenB)
    expect(second).toEqual({ clearsAt: start + 50_000 })
    expect(clock.sleeping).toBe(1)

    // The first copy's time comes and goes: the second token stays.
    await clock.advance(10_000)
    expect(clipboard.text).toBe(tokenB)

    await clock.advance(20_000)
    expect(clipboard.text).toBe('')
    expect(clipboard.history).toEqual([
      { kind: 'write-secret', text: tokenA },
      { kind: 'write-secret', text: tokenB },
      { kind: 'clear' },
    ])
  })

  it('copying the same token again restarts its wait', async () => {
    const { clock, clipboard, service } = setup()
    await service.copy(tokenA)
    await clock.advance(25_000)
    await service.copy(tokenA)
    await clock.advance(10_000)
    expect(clipboard.text).toBe(tokenA)
    await clock.advance(20_000)
    expect(clipboard.text).toBe('')
  })

  it('with N = 0 never clears', async () => {
    const { clock, clipboard, service } = setup(() => 0)
    expect(await service.copy(tokenA)).toEqual({ clearsAt: null })
    expect(clock.sleeping).toBe(0)
    await clock.advance(24 * 3_600_000)
    expect(clipboard.text).toBe(tokenA)
  })

  it('reads the setting at every copy', async () => {
    let seconds = 30
    const { clock, clipboard, service } = setup(() => seconds)
    seconds = 5
    expect(await service.copy(tokenA)).toEqual({ clearsAt: start + 5_000 })
    await clock.advance(5_000)
    expect(clipboard.text).toBe('')
  })

  it.each([
    ['not a number', () => Number.NaN],
    ['negative', () => -1],
    [
      'unreadable',
      (): number => {
        throw new Error('settings store closed')
      },
    ],
  ])('falls back to 30 seconds when the setting is %s', async (_what, seconds) => {
    const { clipboard, service, clock } = setup(seconds)
    expect(await service.copy(tokenA)).toEqual({ clearsAt: start + 30_000 })
    await clock.advance(30_000)
    expect(clipboard.text).toBe('')
  })

  it('caps a very long wait at a day (a longer timer would fire at once)', async () => {
    const { service } = setup(() => 10 ** 9)
    expect(await service.copy(tokenA)).toEqual({ clearsAt: start + 86_400_000 })
  })

  it('when a write fails, throws and keeps the previous copy scheduled for clearing', async () => {
    const { clock, clipboard, service } = setup()
    await service.copy(tokenA)
    clipboard.failNext('write')
    await expect(service.copy(tokenB)).rejects.toThrow('simulated write failure')
    expect(clipboard.text).toBe(tokenA)

    await clock.advance(30_000)
    expect(clipboard.text).toBe('')
  })

  it('logs a failed clear without the text, and keeps working', async () => {
    const { clock, clipboard, service } = setup()
    await service.copy(tokenA)
    clipboard.failNext('read')
    await clock.advance(30_000)
    expect(clipboard.text).toBe(tokenA)
    expect(logger.lines.some((line) => line.startsWith('warn clipboard: clear failed'))).toBe(true)

    await service.copy(tokenB)
    await clock.advance(30_000)
    expect(clipboard.text).toBe('')
  })

  it('a clear in progress cannot wipe a token copied while it reads the clipboard', async () => {
    const clock = manualClock()
    const inner = new RecordingClipboard()
    let releaseRead: () => void = () => {}
    let readStarted = false
    // A slow clipboard: reading takes until the test lets it finish.
    const slow: SecureClipboard = {
      writeSecret: (text) => inner.writeSecret(text),
      clear: () => inner.clear(),
      readText: async () => {
        const seen = inner.text
        readStarted = true
        await new Promise<void>((resolve) => (releaseRead = resolve))
        return seen
      },
    }
    logger = recordingLogger()
    const service = new ClipboardService({
      clipboard: slow,
      clock,
      clearAfterSeconds: () => 30,
      logger,
    })
    await service.copy(tokenA)
    await clock.advance(30_000)
    expect(readStarted).toBe(true)

    const copying = service.copy(tokenB)
    await settle()
    releaseRead()
    await copying
    await settle()
    expect(inner.text).toBe(tokenB)
    expect(inner.history).toEqual([
      { kind: 'write-secret', text: tokenA },
      { kind: 'clear' },
      { kind: 'write-secret', text: tokenB },
    ])
  })

  it('dispose cancels the pending clear and refuses further copies', async () => {
    const { clock, clipboard, service } = setup()
    await service.copy(tokenA)
    await service.dispose()
    expect(clock.sleeping).toBe(0)

    await clock.advance(60_000)
    expect(clipboard.text).toBe(tokenA)
    expect(clipboard.history).toEqual([{ kind: 'write-secret', text: tokenA }])
    await expect(service.copy(tokenB)).rejects.toThrow(/no longer available/)
    expect(clipboard.text).toBe(tokenA)
  })

  it('dispose with clearPending clears now, if the clipboard still holds the copy', async () => {
    const { clock, clipboard, service } = setup()
    await service.copy(tokenA)
    await service.dispose({ clearPending: true })
    expect(clipboard.text).toBe('')
    expect(clock.sleeping).toBe(0)

    const other = setup()
    await other.service.copy(tokenA)
    other.clipboard.simulateUserCopy('mine')
    await other.service.dispose({ clearPending: true })
    expect(other.clipboard.text).toBe('mine')
  })

  it('dispose with clearPending leaves a copy made with N = 0', async () => {
    const { clipboard, service } = setup(() => 0)
    await service.copy(tokenA)
    await service.dispose({ clearPending: true })
    expect(clipboard.text).toBe(tokenA)
  })
})

// Shaped as the console makes them, short enough for the secret scan to leave them alone.
const consolePat = 'pat_console0001'
const consoleSat = 'sat_console0002'

describe('ClipboardService: a token the person copied, offered to be added', () => {
  it('names a personal or service token by its kind and an opaque id, never by its text', async () => {
    const { clipboard, service } = setup()
    clipboard.simulateUserCopy(`${consolePat}\n`)
    const offer = await service.peekToken()
    expect(offer).toEqual({ kind: 'pat', id: expect.stringMatching(/^[0-9a-f]{32}$/) })
    expect(JSON.stringify(offer)).not.toContain('console0001')
    // The same text, the same id; another text, another.
    expect(await service.peekToken()).toEqual(offer)
    clipboard.simulateUserCopy(consoleSat)
    const other = await service.peekToken()
    expect(other?.kind).toBe('sat')
    expect(other?.id).not.toBe(offer?.id)
    // Peeking leaves the clipboard as it was.
    expect(clipboard.text).toBe(consoleSat)
    expect(logger.lines.join('\n')).not.toContain('console000')
  })

  it('offers nothing but a lone console token', async () => {
    const { clipboard, service } = setup()
    for (const text of [
      '',
      'hello',
      tokenA,
      `Authorization: Bearer ${consolePat}`,
      `export COZE_API_TOKEN=${consolePat}`,
      `${consolePat} ${consoleSat}`,
      `pat_${'x'.repeat(5000)}`,
    ]) {
      clipboard.simulateUserCopy(text)
      expect(await service.peekToken(), text.slice(0, 40)).toBeNull()
    }
  })

  it('never offers back a token the app copied itself', async () => {
    const { clipboard, service } = setup()
    await service.copy(consolePat)
    expect(await service.peekToken()).toBeNull()
    clipboard.simulateUserCopy(consoleSat)
    expect(await service.peekToken()).not.toBeNull()
  })

  it('hands the token over only while the clipboard still holds it, and clears it after', async () => {
    const { clipboard, service } = setup()
    clipboard.simulateUserCopy(consolePat)
    const offer = await service.peekToken()
    if (!offer) throw new Error('no offer')
    expect(await service.takeToken('0'.repeat(32))).toBeNull()
    expect(await service.takeToken(offer.id)).toBe(consolePat)

    await service.clearToken(consolePat)
    expect(clipboard.text).toBe('')
    expect(clipboard.history.at(-1)).toEqual({ kind: 'clear' })

    // Copied over since: the clipboard changed, so the offer is void and nothing is cleared.
    clipboard.simulateUserCopy(consolePat)
    const again = await service.peekToken()
    if (!again) throw new Error('no offer')
    clipboard.simulateUserCopy('mine')
    expect(await service.takeToken(again.id)).toBeNull()
    await service.clearToken(consolePat)
    expect(clipboard.text).toBe('mine')
  })
})
