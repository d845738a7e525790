import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { createKeytarSecretStore } from '../adapters/keytar-secret-store.js';
import { loadConfig } from '../auth/config/load-config.js';
import { refuseUnfilledPlaceholders } from '../auth/config/placeholders.js';
import { createLogger } from './logger.js';
import { runApp } from './run-app.js';

// Entry point of the main process: read configuration, then hand everything to runApp.
// A packaged app reads only its bundled configuration: environment overrides would let another
// local process point the user's restored session at its own API or provider.
const here = dirname(fileURLToPath(import.meta.url));
const packaged = electron.app.isPackaged;
const env = packaged ? {} : process.env;
const configPath = env['APP_CONFIG'] ?? join(electron.app.getAppPath(), 'config', 'app.config.json');
const logger = createLogger({ debug: env['DEBUG_AUTH'] === '1' });

try {
  const config = refuseUnfilledPlaceholders(
    loadConfig({ fileText: readOptional(configPath), filePath: configPath, env }),
  );
  runApp(electron, {
    config,
    argv: process.argv,
    platform: process.platform,
    isDefaultApp: process.defaultApp === true,
    execPath: process.execPath,
    preloadPath: join(here, '..', 'preload', 'index.cjs'),
    rendererDir: join(here, '..', 'renderer'),
    createSecretStore: createKeytarSecretStore,
    logger,
    env,
  });
} catch (error) {
  electron.dialog.showErrorBox('Configuration problem', (error as Error).message);
  electron.app.exit(1);
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
