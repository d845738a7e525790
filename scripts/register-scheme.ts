/**
 * Development-mode registration of the private-use redirect scheme on Linux (RFC 8252 §7.1).
 *
 * Packaged builds get a desktop entry from their installer. A development checkout has none, and
 * Electron's setAsDefaultProtocolClient cannot create one, so the browser would not know where to
 * send `com.example.desktop:/callback`. This writes a user desktop entry that starts this checkout
 * with the URL as its argument (`%u`) and makes it the handler with `xdg-mime`.
 * `npm start` runs it on Linux; `npm run register-scheme` runs it alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { devDesktopEntryName } from '../electron/auth/redirect-scheme.js';
import { desktopEntry } from './desktop-entry.js';
import { electronBinary } from './electron-binary.js';

export function registerDevScheme(scheme: string, projectDir: string): string {
  const applications = join(
    process.env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'),
    'applications',
  );
  const desktopFile = devDesktopEntryName(scheme);
  mkdirSync(applications, { recursive: true });
  writeFileSync(
    join(applications, desktopFile),
    desktopEntry({
      scheme,
      name: 'Desktop OAuth Reference (development)',
      exec: [electronBinary(), resolve(projectDir)],
    }),
  );
  execFileSync('xdg-mime', ['default', desktopFile, `x-scheme-handler/${scheme}`]);
  return join(applications, desktopFile);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scheme = process.argv[2] ?? 'com.example.desktop';
  console.log(`Registered ${scheme}: → ${registerDevScheme(scheme, process.cwd())}`);
}
