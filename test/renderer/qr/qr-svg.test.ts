import { describe, expect, it } from 'vitest'
import { qrModules, qrPathData, quietZoneModules } from '../../../src/renderer/src/qr/qr-svg'
import { decodePath, modulesFromPath } from './qr-decode'

describe('QR rendering', () => {
  it.each([
    'https://www.coze.cn/open/oauth/device?user_code=ABCD-EFGH',
    'https://www.coze.com/open/oauth/device?user_code=Q7ZK-2M4P&lang=en',
    `http://127.0.0.1:43121/device?user_code=${'X'.repeat(120)}`,
  ])('draws a path that decodes back to %s', (url) => {
    const modules = qrModules(url)
    const path = qrPathData(modules)
    expect(decodePath(path, modules.length)).toBe(url)
  })

  it('keeps a light quiet zone of four modules on every side', () => {
    const modules = qrModules('https://www.coze.cn/device?user_code=ABCD')
    const size = modules.length
    for (let i = 0; i < size; i += 1) {
      for (let edge = 0; edge < quietZoneModules; edge += 1) {
        expect(modules[edge]?.[i]).toBe(false)
        expect(modules[size - 1 - edge]?.[i]).toBe(false)
        expect(modules[i]?.[edge]).toBe(false)
        expect(modules[i]?.[size - 1 - edge]).toBe(false)
      }
    }
  })

  it('draws exactly the dark modules, merging each horizontal run', () => {
    const modules = [
      [false, true, true, false],
      [true, true, true, true],
      [false, false, false, false],
      [true, false, true, false],
    ]
    expect(qrPathData(modules)).toBe('M1 0h2v1h-2zM0 1h4v1h-4zM0 3h1v1h-1zM2 3h1v1h-1z')
    expect(modulesFromPath(qrPathData(modules), 4)).toEqual(modules)
  })
})
