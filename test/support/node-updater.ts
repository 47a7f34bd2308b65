/**
 * electron-updater's real updater, run in plain Node: what it needs from Electron (the app's
 * name, version and folders, and an HTTP client) supplied by Node, so that its own reading of
 * latest.yml, its version decision and its SHA-512 check run against a server on loopback.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http'
import { request } from 'node:http'
import { join } from 'node:path'
import type { DownloadOptions } from 'builder-util-runtime'
import { configureRequestOptions, configureRequestUrl, HttpExecutor } from 'builder-util-runtime'
import { DebUpdater } from 'electron-updater'
import type { AppAdapter } from 'electron-updater/out/AppAdapter'

/** Node's http in place of Electron's `net` (loopback only: these tests never use https). */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void) {
    return request(options, callback)
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return new Promise((resolve, reject) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined }
      configureRequestUrl(url, requestOptions)
      configureRequestOptions(requestOptions)
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel: (callback) => options.cancellationToken.createPromise(() => callback()),
          callback: (error) => (error ? reject(error) : resolve(destination)),
          responseHandler: null,
        },
        0,
      )
    })
  }
}

export interface NodeUpdaterOptions {
  /** The folder that plays process.resourcesPath and the user data and cache folders. */
  dir: string
  version: string
  /** The address electron-builder writes into app-update.yml (COZE_UPDATE_URL). */
  feedUrl: string
}

/** A DebUpdater as a packaged Linux app of `version` would have it, reading `feedUrl`. */
export async function nodeDebUpdater(options: NodeUpdaterOptions) {
  const resources = join(options.dir, 'resources')
  await mkdir(resources, { recursive: true })
  // What electron-builder writes for a generic provider.
  await writeFile(
    join(resources, 'app-update.yml'),
    `provider: generic\nurl: ${options.feedUrl}\nupdaterCacheDirName: coze-auth-companion-updater\n`,
  )
  const app: AppAdapter = {
    version: options.version,
    name: 'Coze Auth Companion',
    isPackaged: true,
    appUpdateConfigPath: join(resources, 'app-update.yml'),
    userDataPath: join(options.dir, 'user-data'),
    baseCachePath: join(options.dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  }
  const updater = new DebUpdater(null, app)
  ;(updater as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor =
    new NodeHttpExecutor()
  updater.logger = { info: () => {}, warn: () => {}, error: () => {} }
  return { updater, resources }
}
