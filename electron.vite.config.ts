import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { cspScriptHashes } from './scripts/csp-script-hashes.js';

/**
 * Three bundles, one per Electron process:
 * - main: ESM, because openid-client v6 is ESM-only; dependencies stay external (keytar is native).
 * - preload: one CommonJS file with nothing external but `electron`, because sandboxed preloads
 *   cannot `require` anything else and cannot be ES modules.
 * - renderer: a plain static site, served to the window from the `app://` protocol, its script
 *   pinned by hash in the CSP.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [cspScriptHashes()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
  },
});
