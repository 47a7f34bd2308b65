import { describe, expect, it } from 'vitest'
import { isPermissionAllowed } from '../../../../src/main/core/security/permission-policy'

const page = 'file:///opt/coze/resources/app/out/renderer/index.html'

describe('isPermissionAllowed', () => {
  it('lets the app page write text to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', page, page)).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write', `${page}#/x`, page)).toBe(true)
  })

  it.each(['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal'])(
    'refuses %s even to the app page',
    (permission) => {
      expect(isPermissionAllowed(permission, page, page)).toBe(false)
    },
  )

  it('refuses any other page, and a request without a page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', page)).toBe(
      false,
    )
    expect(isPermissionAllowed('clipboard-sanitized-write', 'file:///tmp/index.html', page)).toBe(
      false,
    )
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, page)).toBe(false)
  })
})
