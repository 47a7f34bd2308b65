import type { AppInfo, HostKind } from '../../../shared/ipc-contract'
import type { HostServices } from '../host-services'
import type { Logger } from '../logger'
import { silentLogger } from '../logger'
import type { PersistentCore } from '../open-persistent-core'
import type { TokenApprover } from './command-line-service'
import { createCommandLineService } from './command-line-service'
import type { CommandLineSocket } from './socket-server'
import { startCommandLineSocket } from './socket-server'

export interface ServeCommandLineOptions {
  services: HostServices
  persistent: PersistentCore
  dataDir: string
  appInfo: AppInfo
  host: HostKind
  approve?: TokenApprover
  logger?: Logger
  /** Tests: another socket path than the data folder's. */
  socketPath?: string
}

/**
 * The app's side of `coze-auth`: the command line's handlers on the app's own core, served on
 * the per-user socket. A socket that cannot be served (another user's file in the way, say) is
 * logged and left out: the app itself works without it, and the command then says why.
 */
export async function serveCommandLine(
  options: ServeCommandLineOptions,
): Promise<CommandLineSocket | undefined> {
  const logger = options.logger ?? silentLogger
  const service = createCommandLineService({
    services: options.services,
    persistent: options.persistent,
    appInfo: options.appInfo,
    runner: options.host,
    ...(options.approve ? { approve: options.approve } : {}),
    logger,
  })
  try {
    return await startCommandLineSocket({
      dataDir: options.dataDir,
      dispatch: service.dispatch,
      events: options.services.events,
      host: options.host,
      demo: options.appInfo.demo === true,
      logger,
      ...(options.socketPath ? { path: options.socketPath } : {}),
    })
  } catch (error) {
    logger.log('warn', 'the command-line socket is not served', {
      errorName: error instanceof Error ? error.name : typeof error,
      reason: (error as { params?: { reason?: string } }).params?.reason,
    })
    return undefined
  }
}
