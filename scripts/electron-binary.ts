import { createRequire } from 'node:module';

/**
 * The path of the Electron executable for this checkout. Requiring the `electron` package fetches
 * the binary on first use (current Electron releases download it lazily, not at `npm install`);
 * electron-vite looks only for an already downloaded one, so `npm start` asks here first and hands
 * the path over as ELECTRON_EXEC_PATH.
 */
export function electronBinary(): string {
  try {
    return String(createRequire(import.meta.url)('electron'));
  } catch (error) {
    throw new Error(
      `The Electron binary could not be downloaded (${(error as Error).message}). ` +
        'Check your network connection, or set ELECTRON_MIRROR, then run npm start again.',
      { cause: error },
    );
  }
}
