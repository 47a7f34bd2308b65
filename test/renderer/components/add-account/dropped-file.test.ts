// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { pathOfDroppedFile } from '../../../../src/renderer/src/api/dropped-file'

afterEach(() => {
  delete window.cozeFiles
})

describe('pathOfDroppedFile', () => {
  it("asks the preload for the dropped file's path", () => {
    const pathOf = vi.fn(() => 'C:\\Users\\me\\private_key.pem')
    window.cozeFiles = { pathOf }
    const file = new File(['-'], 'private_key.pem')
    expect(pathOfDroppedFile(file)).toBe('C:\\Users\\me\\private_key.pem')
    expect(pathOf).toHaveBeenCalledWith(file)
  })

  it('has no path in the browser host, for a file not on disk, or when the preload throws', () => {
    const file = new File(['-'], 'private_key.pem')
    expect(pathOfDroppedFile(file)).toBeUndefined()
    window.cozeFiles = { pathOf: () => '' }
    expect(pathOfDroppedFile(file)).toBeUndefined()
    window.cozeFiles = {
      pathOf: () => {
        throw new Error('not a File from the page')
      },
    }
    expect(pathOfDroppedFile(file)).toBeUndefined()
  })
})
