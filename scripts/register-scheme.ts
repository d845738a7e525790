/**
 * Development-mode registration of the private-use redirect scheme on Linux (RFC 8252 §7.1).
 *
 * Packaged builds get a desktop entry from their installer. A development checkout has none, and
 * Electron's setAsDefaultProtocolClient cannot create one, so the browser would not know where to
 * send `com.example.desktop:/callback`. This writes a user desktop entry that starts this checkout
 * with the URL as its argument (`%u`) and makes it the handler with `xdg-mime`.
 * `npm start` runs it on Linux; `npm run register-scheme [-- --config FILE]` runs it alone, for the
 * scheme of the configuration's `redirectUri`, loaded exactly as the app loads it (`--config`, else
 * `APP_CONFIG`, else config/app.config.json, plus the OAUTH_* overrides).
 *
 * Exit codes: 0 registered, or nothing to register (a loopback-only configuration, RFC 8252 §7.3);
 * 1 xdg-mime failed; 2 unusable arguments or configuration.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { devDesktopEntryName, privateUseScheme } from '../electron/auth/redirect/redirect-scheme.js';
import { desktopEntry } from './desktop-entry.js';
import { electronBinary } from './electron-binary.js';
import { APP_NAME } from '../electron/shared/app-identity.js';
import { readConfig } from './read-config.js';

/**
 * Writes the user desktop entry for `scheme` and makes it the default handler; returns its path.
 * `xdg-mime default` records it in `$XDG_CONFIG_HOME/mimeapps.list`, which is where both xdg-open's
 * generic handler (via `xdg-mime query default`) and gio look, so no `update-desktop-database`
 * run is needed (test/integration/desktop-entry-openers.test.ts opens it with both). The Exec
 * line's limits, a path with a reserved character under xdg-open, are in desktop-entry.ts.
 *
 * @see https://specifications.freedesktop.org/mime-apps-spec/latest/
 */
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
      name: `${APP_NAME} (development)`,
      exec: [electronBinary(), resolve(projectDir)],
    }),
  );
  execFileSync('xdg-mime', ['default', desktopFile, `x-scheme-handler/${scheme}`]);
  return join(applications, desktopFile);
}

const USAGE = 'Usage: npm run register-scheme [-- --config <file>]';

/** The CLI: register the configured scheme; returns the exit code. */
function main(): number {
  let configOption: string | undefined;
  try {
    configOption = parseArgs({ options: { config: { type: 'string' } }, allowPositionals: false }).values
      .config;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const configPath = configOption ?? process.env['APP_CONFIG'] ?? 'config/app.config.json';
  // Registering a scheme asks nothing of the provider: a profile still being filled in will do.
  const config = readConfig(configPath, { allowPlaceholders: true });
  if (config === undefined) return 2;
  const scheme = config.redirectUri === undefined ? undefined : privateUseScheme(config.redirectUri);
  if (scheme === undefined) {
    console.log(
      `Nothing to register: ${configPath} has no private-use redirectUri (redirect "${config.redirect}"); sign-in uses the loopback redirect.`,
    );
    return 0;
  }
  try {
    console.log(`Registered ${scheme}: → ${registerDevScheme(scheme, process.cwd())}`);
  } catch (error) {
    console.error(`Could not register ${scheme}: with xdg-mime (${(error as Error).message}).`);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main());
