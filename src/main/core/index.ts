/**
 * The core as a library: everything a host (the Electron app, the browser host, a test) needs to
 * build the main-process services. Nothing under `src/main/core` may import `electron`.
 */
export { createCompanion } from './companion'
export type { Companion, CompanionOptions } from './companion'
export { AppError, InvalidArgumentError, toErrorPayload } from './errors'
export { AppEventBus } from './events'
export type { Logger, LogLevel, LogFields } from './logger'
export { createConsoleLogger, silentLogger, redactFields } from './logger'
export type { Dispatch } from './rpc/dispatcher'
export { isAllowedExternalUrl, isLoopbackHost, isTrustedSenderUrl } from './security/url-policy'
