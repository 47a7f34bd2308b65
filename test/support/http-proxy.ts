import { createServer, request } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'

export interface TestProxy {
  url: string
  /** `CONNECT host:port` targets and absolute-form request URLs, in order. */
  seen: string[]
  stop(): Promise<void>
}

/**
 * Host names under `.test` stand for remote servers: the proxy sends them to 127.0.0.1, so a test
 * can reach "api.coze.test" through the proxy while a direct connection could not resolve it.
 */
function upstreamHost(host: string): string {
  return host.endsWith('.test') ? '127.0.0.1' : host
}

/** A forward proxy on loopback that tunnels CONNECT and forwards absolute-form requests. */
export async function startTestProxy(): Promise<TestProxy> {
  const seen: string[] = []
  const tunnels = new Set<{ destroy(): void }>()
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? '')
    const target = new URL(req.url ?? '')
    const upstream = request(
      {
        hostname: upstreamHost(target.hostname),
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  server.on('connect', (req, clientSocket, head) => {
    seen.push(`CONNECT ${req.url ?? ''}`)
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), upstreamHost(host ?? '127.0.0.1'), () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(clientSocket)
      clientSocket.pipe(upstream)
    })
    tunnels.add(upstream)
    tunnels.add(clientSocket)
    upstream.on('error', () => clientSocket.destroy())
    clientSocket.on('error', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: async () => {
      server.closeAllConnections()
      for (const socket of tunnels) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
