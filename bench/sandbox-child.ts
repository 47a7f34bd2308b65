/**
 * The sandbox in a process of its own, for benchmarks that measure the app's memory and CPU: the
 * parent's figures then hold the app's work only, not the stand-in's. It sends
 * `{ ready: { comApiBase, comWwwBase, cnApiBase, cnWwwBase, pkceClientId } }` once serving, and
 * answers `{ issue: n }` with `{ issued: [{ accessToken, refreshToken }, …] }` (n token pairs for
 * the PKCE app, as if n people had signed in).
 */
import { startSandbox } from '../test/sandbox'

const sandbox = await startSandbox()
const { clientId } = sandbox.regions.com.apps.pkce
const send = (message: unknown): void => {
  process.send?.(message)
}
process.on('message', (message: { issue?: number; stop?: boolean }) => {
  if (message.stop) {
    void sandbox.stop().then(() => process.exit(0))
    return
  }
  const issued = Array.from({ length: message.issue ?? 0 }, () => {
    const tokens = sandbox.issueTokensDirectly('com', clientId)
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '' }
  })
  send({ issued })
})
process.on('disconnect', () => void sandbox.stop().then(() => process.exit(0)))
send({
  ready: {
    comApiBase: sandbox.regions.com.apiBase,
    comWwwBase: sandbox.regions.com.wwwBase,
    cnApiBase: sandbox.regions.cn.apiBase,
    cnWwwBase: sandbox.regions.cn.wwwBase,
    pkceClientId: clientId,
  },
})
