// `npm run test:stress`: only the long loops (test/**/*.stress.test.ts) that the default run
// leaves out, with the same plugins, setup and secret scan as vitest.config.ts.
import { configDefaults, defineConfig } from 'vitest/config'
import base, { stressTests } from './vitest.config.js'

// The default run's two projects (node and renderer) would replace this file list with theirs.
const { projects: _defaultRunProjects, ...sharedTestOptions } = base.test ?? {}

export default defineConfig({
  ...base,
  test: {
    ...sharedTestOptions,
    pool: 'forks',
    include: [stressTests],
    exclude: [...configDefaults.exclude],
    // One test per store runs the whole loop; its kill count, not a clock, sets how long it takes.
    testTimeout: 900_000,
  },
})
