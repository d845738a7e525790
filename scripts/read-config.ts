import { readFileSync } from 'node:fs';
import { type AppConfig, ConfigError } from '../electron/auth/config/config.js';
import { loadConfig } from '../electron/auth/config/load-config.js';
import { refuseUnfilledPlaceholders } from '../electron/auth/config/placeholders.js';

export interface ReadConfigOptions {
  /**
   * Accept a profile whose placeholders are not filled in yet; only for a command that makes no
   * request to the provider (registering the redirect scheme). Default: refuse it.
   */
  readonly allowPlaceholders?: boolean;
}

/**
 * The app's configuration, loaded exactly as the app loads it (file plus OAUTH_* overrides), or
 * undefined after printing why it cannot be used: every problem, one per line, an unfilled
 * placeholder among them.
 */
export function readConfig(path: string, options: ReadConfigOptions = {}): AppConfig | undefined {
  let fileText: string;
  try {
    fileText = readFileSync(path, 'utf8');
  } catch (error) {
    console.error(`Cannot read the configuration ${path}: ${(error as Error).message}`);
    return undefined;
  }
  try {
    const config = loadConfig({ fileText, filePath: path, env: process.env });
    return options.allowPlaceholders === true ? config : refuseUnfilledPlaceholders(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`The configuration ${path} is invalid:`);
    for (const problem of error.problems) console.error(`- ${problem}`);
    return undefined;
  }
}
