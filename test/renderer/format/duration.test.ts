import { describe, expect, it } from 'vitest'
import {
  formatCountdown,
  formatDateTime,
  formatDuration,
} from '../../../src/renderer/src/format/duration'

const s = 1000
const min = 60 * s
const h = 60 * min
const d = 24 * h

describe('formatDuration', () => {
  it.each([
    [3 * d + 4 * h + 59 * min, '3 d 4 h'],
    [2 * d, '2 d'],
    [2 * h + 5 * min + 30 * s, '2 h 5 min'],
    [h, '1 h'],
    [14 * min + 59 * s, '14 min'],
    [4 * min + 5 * s, '4 min 5 s'],
    [3 * min, '3 min'],
    [40 * s + 900, '40 s'],
    [0, '0 s'],
    [-(2 * h + 1 * min), '2 h 1 min'],
  ])('%d ms reads %s in English', (ms, expected) => {
    expect(formatDuration(ms, 'en')).toBe(expected)
  })

  it('speaks Chinese units', () => {
    expect(formatDuration(3 * d + 4 * h, 'zh-CN')).toBe('3 天 4 小时')
    expect(formatDuration(4 * min + 5 * s, 'zh-CN')).toBe('4 分钟 5 秒')
  })
})

describe('formatCountdown', () => {
  it.each([
    [5 * min + 0.2 * s, '5:01'],
    [4 * min + 5 * s, '4:05'],
    [59 * s, '0:59'],
    [0, '0:00'],
    [-5 * s, '0:00'],
    [h + 2 * min + 3 * s, '1:02:03'],
  ])('%d ms counts down as %s', (ms, expected) => {
    expect(formatCountdown(ms)).toBe(expected)
  })
})

describe('formatDateTime', () => {
  it('writes the year in both languages', () => {
    const moment = Date.UTC(2026, 10, 25, 12, 0)
    expect(formatDateTime(moment, 'en')).toContain('2026')
    expect(formatDateTime(moment, 'zh-CN')).toContain('2026')
  })
})
