import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layering rule: only the Electron shell (src/main/electron, src/main/index.ts and the
 * preload) may import `electron`. The core, the shared contract, the renderer and the browser host
 * must run without it.
 */
const electronFreeMessage =
  'Only src/main/electron, src/main/index.ts and src/preload may import electron; talk to the shell through an interface.'
const electronFree = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: electronFreeMessage }],
      patterns: [{ group: ['electron/*'], message: electronFreeMessage }],
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
    files: ['src/main/core/**', 'src/shared/**', 'src/renderer/**', 'src/browser-host/**'],
    rules: electronFree,
  },
  prettier,
)
