import { readFileSync } from 'node:fs';
import { type AppConfig, ConfigError } from '../electron/auth/config/config.js';
import { loadConfig } from '../electron/auth/config/load-config.js';

/**
 * The app's configuration, loaded exactly as the app loads it (file plus OAUTH_* overrides), or
 * undefined after printing why it cannot be used: every problem, one per line.
 */
export function readConfig(path: string): AppConfig | undefined {
  let fileText: string;
  try {
    fileText = readFileSync(path, 'utf8');
  } catch (error) {
    console.error(`Cannot read the configuration ${path}: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return loadConfig({ fileText, filePath: path, env: process.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`The configuration ${path} is invalid:`);
    for (const problem of error.problems) console.error(`- ${problem}`);
    return undefined;
  }
}
