/**
 * The browser host as a child process of a test, on a data folder and regions the test chose
 * (the sandbox's): the real `startBrowserHostApp`, with its socket for `coze-auth`. It prints one
 * JSON line, `{"ready":{…}}`, once it serves, and stops cleanly on SIGTERM or SIGINT.
 *
 * Environment: COZE_TEST_DATA_DIR, COZE_TEST_REGIONS (JSON of the regions' overrides).
 */
import { startBrowserHostApp } from '../../src/browser-host/host-app'
import { RecordingBrowser } from './recording-browser'
import { RecordingClipboard } from './recording-clipboard'

const dataDir = process.env.COZE_TEST_DATA_DIR
const regions = process.env.COZE_TEST_REGIONS
if (!dataDir || !regions) {
  console.error('COZE_TEST_DATA_DIR and COZE_TEST_REGIONS are needed.')
  process.exit(2)
}

const app = await startBrowserHostApp({
  dataDir,
  port: 0,
  regions: JSON.parse(regions) as NonNullable<Parameters<typeof startBrowserHostApp>[0]['regions']>,
  clipboard: new RecordingClipboard(),
  // Nobody's browser: the test plays the person with the addresses coze-auth prints.
  browser: new RecordingBrowser(),
})
const stop = (): void => {
  void app.stop().then(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.stdout.write(
  `${JSON.stringify({
    ready: {
      origin: app.host.origin,
      secret: app.host.secret,
      socket: app.commandLine?.path ?? null,
      pid: process.pid,
    },
  })}\n`,
)
