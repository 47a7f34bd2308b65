/**
 * The browser host's composition root: it builds the core exactly as the Electron root does, with
 * plain-Node adapters in place of Electron's, and serves it to a page over the HTTP bridge.
 */
import { readFileSync } from 'node:fs'
import { arch, platform } from 'node:os'
import { resolve } from 'node:path'
import type { Companion, CoreOptions } from '../main/core'
import { createAuthCore, createCompanion, MemorySecretVault } from '../main/core'
import type { Logger } from '../main/core/logger'
import type { BrowserLauncher } from '../main/core/ports'
import { createSystemBrowserLauncher } from './launchers'
import type { BrowserHost } from './server'
import { startBrowserHost } from './server'

export interface BrowserHostAppOptions {
  /** Default: `out/renderer` of this repository. */
  rendererDir?: string
  port?: number
  secret?: string
  logger?: Logger
  /** Default: the desktop's browser. Tests pass a recording launcher. */
  browser?: BrowserLauncher
  /** Stand-ins for coze.com and coze.cn (the sandbox). */
  regions?: CoreOptions['regions']
}

export interface BrowserHostApp {
  host: BrowserHost
  companion: Companion
  stop(): Promise<void>
}

export const repositoryRoot = resolve(import.meta.dirname, '../..')

function readAppVersion(): string {
  const manifest = JSON.parse(readFileSync(resolve(repositoryRoot, 'package.json'), 'utf8')) as {
    version?: string
  }
  return manifest.version ?? '0.0.0'
}

export async function startBrowserHostApp(
  options: BrowserHostAppOptions = {},
): Promise<BrowserHostApp> {
  const core = createAuthCore({
    // The persistent vault (OS keychain) arrives with the account vault; memory until then.
    vault: new MemorySecretVault(),
    browser: options.browser ?? createSystemBrowserLauncher(),
    ...(options.regions ? { regions: options.regions } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  })
  const companion = createCompanion({
    core,
    host: 'browser',
    appName: 'Coze Auth Companion',
    appVersion: readAppVersion(),
    platform: platform(),
    arch: arch(),
    runtimeVersions: { node: process.versions.node },
    ...(options.logger ? { logger: options.logger } : {}),
  })
  const host = await startBrowserHost({
    rendererDir: options.rendererDir ?? resolve(repositoryRoot, 'out/renderer'),
    dispatch: companion.dispatch,
    events: companion.events,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
  })
  return {
    host,
    companion,
    async stop() {
      await host.stop()
      await companion.dispose()
    },
  }
}
