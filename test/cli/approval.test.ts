/**
 * "Ask in the app before a command-line tool gets a token": with the browser host running, the
 * question goes to its window (here the test reads the window's event stream and answers as the
 * window's buttons do), naming the program that asked; without the app nobody can allow it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../sandbox'
import { startSandbox } from '../sandbox'
import { skipWithoutSecretService } from '../support/secret-service'
import type { CliSetup } from './cli-harness'
import { buildCli, callBridge, prepareSetup, runCli, startCli, stopHostChild } from './cli-harness'

let sandbox: Sandbox
let setup: CliSetup
beforeAll(async () => {
  buildCli()
  sandbox = await startSandbox()
}, 60_000)
afterAll(async () => {
  await setup?.stop()
  await sandbox?.stop()
})

interface Question {
  requestId: string
  state: string
  program?: string
  accountLabel?: string
}

/** The window's event stream: the questions main puts to it, as they come. */
async function listenAsTheWindow(host: { origin: string; secret: string }) {
  const controller = new AbortController()
  const response = await fetch(`${host.origin}/__bridge/events`, {
    method: 'POST',
    headers: {
      origin: host.origin,
      'content-type': 'application/json',
      'x-bridge-secret': host.secret,
    },
    body: '{}',
    signal: controller.signal,
  })
  const questions: Question[] = []
  const waiters: (() => void)[] = []
  void (async () => {
    const decoder = new TextDecoder()
    let buffered = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk)
        for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
          const line = buffered.slice(0, end).trim()
          buffered = buffered.slice(end + 1)
          if (!line) continue
          const { event, payload } = JSON.parse(line) as { event: string; payload: Question }
          if (event === 'commandLineApproval' && payload.state === 'asking') {
            questions.push(payload)
            for (const wake of waiters.splice(0)) wake()
          }
        }
      }
    } catch {
      // Aborted at the end of the test.
    }
  })()
  return {
    async next(): Promise<Question> {
      while (questions.length === 0) await new Promise<void>((wake) => waiters.push(wake))
      return questions.shift()!
    },
    stop: () => controller.abort(),
  }
}

describe('asking in the app before a command-line tool gets a token', () => {
  beforeEach((context) => skipWithoutSecretService(context))

  it('the window is asked, names the program, and its answer decides', async () => {
    setup = await prepareSetup(sandbox, 'browser host')
    const host = setup.host!
    const login = await runCli(
      ['login', '--pat', '--label', 'asked'],
      setup.env,
      sandbox.regions.com.pat,
    )
    expect(login.code, login.stderr).toBe(0)
    // Off by default: no question.
    expect((await runCli(['token', 'asked'], setup.env)).stdout.trim()).toBe(
      sandbox.regions.com.pat,
    )
    const on = await callBridge(host, 'updateSettings', { askBeforeCommandLineToken: true })
    expect(on.ok).toBe(true)

    const window = await listenAsTheWindow(host)
    try {
      const allowed = startCli(['token', 'asked'], setup.env)
      await allowed.waitForStderr(/Waiting for approval in the app/)
      const question = await window.next()
      expect(question.accountLabel).toBe('asked')
      // coze-auth's parent is this test's process: the question names it.
      expect(question.program).toContain(`(pid ${process.pid}), through coze-auth`)
      expect(allowed.stdout()).toBe('')
      const answered = await callBridge(host, 'answerCommandLineApproval', {
        requestId: question.requestId,
        allow: true,
      })
      expect(answered).toMatchObject({ ok: true, value: { answered: true } })
      const result = await allowed.done
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout.trim()).toBe(sandbox.regions.com.pat)

      const denied = startCli(['token', 'asked'], setup.env)
      const second = await window.next()
      await callBridge(host, 'answerCommandLineApproval', {
        requestId: second.requestId,
        allow: false,
      })
      const refused = await denied.done
      expect(refused.code).toBe(9)
      expect(refused.stdout).toBe('')
      expect(refused.stderr).toContain('The token was refused in the app.')
      // An answer is taken once.
      const late = await callBridge(host, 'answerCommandLineApproval', {
        requestId: second.requestId,
        allow: true,
      })
      expect(late).toMatchObject({ ok: true, value: { answered: false } })
    } finally {
      window.stop()
    }

    // Without the app nobody can allow it: refused, saying how to go on.
    await stopHostChild(host.child)
    const alone = await runCli(['token', 'asked'], setup.env)
    expect(alone.code).toBe(9)
    expect(alone.stdout).toBe('')
    expect(alone.stderr).toContain('the app is not running to ask')
  }, 60_000)
})
