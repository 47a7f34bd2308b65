import { describe, expect, it } from 'vitest'
import { errorCodes, isErrorCode } from '../../src/shared/errors'
import {
  eventChannels,
  isEventName,
  isOperationName,
  operationChannels,
} from '../../src/shared/ipc-contract'

describe('the IPC contract', () => {
  it('names every channel after its operation, with the app prefix', () => {
    for (const [operation, channel] of Object.entries(operationChannels)) {
      expect(channel).toBe(`coze:${operation}`)
    }
    for (const [event, channel] of Object.entries(eventChannels)) {
      expect(channel).toBe(`coze-event:${event}`)
    }
  })

  it('has no two operations on one channel', () => {
    const channels = Object.values(operationChannels)
    expect(new Set(channels).size).toBe(channels.length)
  })

  it('does not take inherited property names for operations or events', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(isOperationName(name)).toBe(false)
      expect(isEventName(name)).toBe(false)
    }
    expect(isOperationName('listAccounts')).toBe(true)
    expect(isEventName('accountsChanged')).toBe(true)
  })

  it('has unique, upper-case error codes', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length)
    for (const code of errorCodes) expect(code).toMatch(/^[A-Z_]+$/)
    expect(isErrorCode('PORT_IN_USE')).toBe(true)
    expect(isErrorCode('port_in_use')).toBe(false)
  })
})
