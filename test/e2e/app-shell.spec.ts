import { expect, test } from './fixtures'

test.describe('the app shell in the browser host', () => {
  test('renders the window and answers through the bridge', async ({ page, hostApp }) => {
    const consoleErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    await page.goto(hostApp.host.url)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coze Auth Companion')
    await expect(page.getByTestId('accounts-empty')).toBeVisible()
    // The footer is filled by a real getAppInfo call through the bridge into the core.
    await expect(page.getByTestId('app-info')).toContainText('Browser host')
    await expect(page.getByTestId('app-info')).toContainText(`linux-${process.arch}`)
    // The secret left the address bar as soon as the page took it.
    expect(new URL(page.url()).hash).toBe('')
    await page.reload()
    await expect(page.getByTestId('app-info')).toContainText('Browser host')
    expect(consoleErrors).toEqual([])
  })

  test('a page opened without the secret cannot call the app', async ({ page, hostApp }) => {
    await page.goto(hostApp.host.origin + '/')
    await expect(page.getByTestId('no-bridge')).toBeVisible()
    const status = await page.evaluate(async () => {
      const response = await fetch('/__bridge/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operation: 'getAppInfo' }),
      })
      return response.status
    })
    expect(status).toBe(401)
  })

  test('another origin is refused even when it knows the secret', async ({ page, hostApp }) => {
    // A second loopback server stands in for a foreign site open in the same browser.
    const foreign = await test.step('open a foreign page', async () => {
      const { createServer } = await import('node:http')
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<!doctype html><title>foreign</title>')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return server
    })
    try {
      const address = foreign.address()
      const port = typeof address === 'object' && address ? address.port : 0
      await page.goto(`http://127.0.0.1:${port}/`)
      const outcome = await page.evaluate(
        async ({ target, secret }) => {
          try {
            const response = await fetch(`${target}/__bridge/call`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-bridge-secret': secret },
              body: JSON.stringify({ operation: 'getAppInfo' }),
            })
            return `status ${response.status}`
          } catch {
            return 'blocked'
          }
        },
        { target: hostApp.host.origin, secret: hostApp.host.secret },
      )
      // The browser blocks the cross-origin read (no CORS headers), and the host refuses the
      // call itself: neither way does the foreign page learn anything.
      expect(outcome).toBe('blocked')
    } finally {
      foreign.close()
    }
  })

  test('the host answers a foreign-origin call with 403 and stays up', async ({
    request,
    hostApp,
  }) => {
    const refused = await request.post(`${hostApp.host.origin}/__bridge/call`, {
      headers: { origin: 'http://127.0.0.1:1', 'x-bridge-secret': hostApp.host.secret },
      data: { operation: 'getAppInfo' },
    })
    expect(refused.status()).toBe(403)
    const accepted = await request.post(`${hostApp.host.origin}/__bridge/call`, {
      headers: { origin: hostApp.host.origin, 'x-bridge-secret': hostApp.host.secret },
      data: { operation: 'getAppInfo' },
    })
    expect(accepted.status()).toBe(200)
    expect(await accepted.json()).toMatchObject({ ok: true, value: { host: 'browser' } })
  })

  test('takes a screenshot of the shell for people to look at', async ({
    page,
    hostApp,
  }, testInfo) => {
    await page.setViewportSize({ width: 1080, height: 720 })
    await page.goto(hostApp.host.url)
    await expect(page.getByTestId('app-info')).toContainText('Browser host')
    await page.screenshot({ path: testInfo.outputPath('app-shell.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: testInfo.outputPath('app-shell-dark.png') })
  })
})
