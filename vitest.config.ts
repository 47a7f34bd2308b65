import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { configDefaults, defineConfig } from 'vitest/config'

/** The long loops (many crash-test kills): `npm run test:stress`, with vitest.stress.config.ts. */
export const stressTests = 'test/**/*.stress.test.ts'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src') },
  },
  test: {
    exclude: [...configDefaults.exclude, stressTests],
    environment: 'node',
    setupFiles: ['test/support/loopback-only.ts'],
    globalSetup: ['test/support/secret-scan.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Vitest's default is one worker fewer than there are cores: on the 2-core machines this
    // project's developers and CI have, that is one test file at a time, with the other core
    // idle while a file waits on its child processes, sockets and timers. Files keep to their
    // own folders, ports, keyring services and displays, so two at once is safe.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          // Playwright's specs live in test/e2e*, so only *.test.ts files belong to Vitest.
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, stressTests, 'test/renderer/**'],
          // A process per file: these tests start children, set signals and open keyrings.
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          // Components in a DOM: loading Vue, the DOM and the app's modules again for every file
          // was half of these files' time, so they share a thread and start from a fresh window
          // (fresh-window.ts) instead of a fresh process.
          pool: 'threads',
          isolate: false,
          setupFiles: ['test/renderer/support/fresh-window.ts'],
        },
      },
    ],
  },
})
