import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of the Electron executable for this checkout. The `electron` package fetches the
 * binary on first use (current Electron releases download it lazily, not at `npm install`), and
 * electron-vite looks only for an already downloaded one, so `npm start` asks here first and hands
 * the path over as ELECTRON_EXEC_PATH. The download runs here, not inside `require('electron')`,
 * so a failure reads as one sentence and one fix instead of the downloader's stack and the
 * package's own advice. `ELECTRON_OVERRIDE_DIST_PATH` (the package's override) skips it.
 *
 * @throws {Error} saying what failed and how to get past it, when the binary cannot be downloaded.
 */
export function electronBinary(): string {
  if (!process.env['ELECTRON_OVERRIDE_DIST_PATH']) downloadElectron();
  return String(require('electron'));
}

/** Run the package's own installer, which returns at once when the binary is already there. */
function downloadElectron(): void {
  const packageDir = dirname(require.resolve('electron'));
  if (!existsSync(join(packageDir, 'path.txt'))) console.log('Downloading the Electron binary…');
  const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (install.status === 0) return;
  throw new Error(
    `Could not download the Electron binary (${downloadFailure(install.stderr ?? '')}).\n` +
      'Set ELECTRON_MIRROR to a mirror you can reach; behind a proxy, set ELECTRON_GET_USE_PROXY=1 ' +
      'and HTTPS_PROXY; or run npm start again when the network is back.',
  );
}

/** The installer prints the error's stack: keep its message, without the class name or frames. */
function downloadFailure(stderr: string): string {
  const first = stderr.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.replace(/^\w*(Error|Exception)(\s*\[\w+\])?:\s*/, '').trim() || 'the installer failed';
}
