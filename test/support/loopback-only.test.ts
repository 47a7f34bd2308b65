import { describe, expect, it } from 'vitest'

describe('the loopback-only guard', () => {
  it('refuses a connection to a host outside this machine', async () => {
    await expect(fetch('https://api.coze.com/v1/users/me')).rejects.toThrow()
    const { connect } = await import('node:net')
    expect(() => connect(443, 'api.coze.cn')).toThrow(/only connect to loopback/)
  })

  it('lets loopback through', async () => {
    const { createServer } = await import('node:http')
    const server = createServer((_req, res) => res.end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
    server.close()
  })
})
