import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layering rules.
 * - Only the Electron shell (src/main/electron, src/main/index.ts and the preload) may import
 *   `electron`: the core, the shared contract, the renderer and the browser host run without it.
 * - The renderer imports only src/shared and itself (and its npm packages): it talks to main
 *   through the contract, never by reaching into main's code.
 * - The core never imports a host (the Electron shell, the browser host, the preload) nor the
 *   window: hosts plug into it through its ports.
 * - The shared contract imports nothing but itself: every side can load it as it is.
 */
const electronFreeMessage =
  'Only src/main/electron, src/main/index.ts and src/preload may import electron; talk to the shell through an interface.'
const rendererMessage =
  'The renderer imports only src/shared and itself: reach main through the contract (src/shared/ipc-contract.ts).'
const coreMessage =
  'The core never imports a host or the window (src/main/electron, src/browser-host, src/preload, src/renderer): give it a port instead.'
const sharedMessage =
  'src/shared imports nothing but itself: it is the contract every side loads, with no runtime dependencies.'

/** The electron ban plus one layer's own forbidden import patterns (rules replace, not merge). */
function layerRules(patterns = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'electron', message: electronFreeMessage }],
        patterns: [{ group: ['electron/*'], message: electronFreeMessage }, ...patterns],
      },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F|$)/]",
        message: electronFreeMessage,
      },
      {
        selector: 'ImportExpression[source.value=/^electron(\\u002F|$)/]',
        message: electronFreeMessage,
      },
    ],
  }
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.test-reports/**',
      '.sandbox-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      'vue/block-lang': ['error', { script: { lang: 'ts' } }],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/browser-host/**'],
    rules: layerRules(),
  },
  {
    files: ['src/renderer/**'],
    rules: layerRules([
      { group: ['**/main/**', '**/browser-host/**', '**/preload/**'], message: rendererMessage },
      { group: ['node:*'], message: rendererMessage },
    ]),
  },
  {
    files: ['src/main/core/**'],
    rules: layerRules([
      {
        group: ['**/main/electron/**', '**/electron/*', '**/browser-host/**', '**/preload/**'],
        message: coreMessage,
      },
      { group: ['**/renderer/**'], message: coreMessage },
    ]),
  },
  {
    files: ['src/shared/**'],
    // Anything that is not a file beside it: packages, node built-ins, the rest of the app.
    // (electron has its own message above.)
    rules: layerRules([{ regex: '^(?!\\./|electron(/|$))', message: sharedMessage }]),
  },
  prettier,
)
