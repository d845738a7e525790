// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const forbidElectronAndKeytar = [
  {
    name: 'electron',
    message: 'Only electron/main, electron/adapters and electron/preload may touch Electron.',
  },
  { name: 'keytar', message: 'Only the keytar adapter may touch the keychain.' },
];

const forbidRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message:
    'Use the typed IPC wrappers (electron/main/typed-ipc.ts, electron/preload) instead of raw ipcMain/ipcRenderer.',
};

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'no-restricted-imports': ['error', { paths: [forbidRawIpc] }],
    },
  },
  {
    // DESIGN §2: the core, the doctor built on it, and the UI never import Electron or keytar.
    files: ['electron/auth/**', 'electron/doctor/**', 'electron/shared/**', 'renderer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: forbidElectronAndKeytar }] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbidElectronAndKeytar,
          patterns: [{ group: ['node:*'], message: 'The renderer has no Node.' }],
        },
      ],
    },
  },
  {
    // Raw IPC lives only in the typed wrapper and the preload; the entry point hands the whole
    // module to runApp, which reaches ipcMain only through the wrapper.
    files: ['electron/main/typed-ipc.ts', 'electron/main/index.ts', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Command-line entry points and test support may print.
    files: ['scripts/**', 'demo/cli.ts', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
