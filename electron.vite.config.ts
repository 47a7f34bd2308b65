import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { metaContentSecurityPolicy } from './src/main/core/security/renderer-files'

/** The window's CSP has one definition (renderer-files.ts); index.html's `<meta>` gets it here. */
const cspPlaceholder = '%COZE_CONTENT_SECURITY_POLICY%'
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'coze-content-security-policy',
    transformIndexHtml(html) {
      // A page without its policy must not be built at all.
      if (!html.includes(cspPlaceholder)) throw new Error(`index.html lacks ${cspPlaceholder}`)
      return html.replaceAll(cspPlaceholder, metaContentSecurityPolicy)
    },
  }
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        // A sandboxed preload must be CommonJS; the ESM build would force sandbox: false.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    resolve: {
      alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src') },
    },
    plugins: [vue(), contentSecurityPolicyMeta()],
    // electron-vite leaves the renderer unminified by default; people download and load it, so it
    // ships minified (the source maps are not shipped, and errors carry codes, not stack text).
    build: { minify: true },
  },
})
