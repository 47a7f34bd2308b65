import Conf from 'conf'
import type { ConfFactory, ConfLike } from './metadata-store'

/** The metadata store's file in plain Node (the browser host, the CLI and the tests): conf. */
export const confFactory: ConfFactory = ({ name, ...options }): ConfLike =>
  // conf calls the file name `configName`; electron-store calls it `name` and renames it.
  new Conf<Record<string, unknown>>({ ...options, configName: name })
