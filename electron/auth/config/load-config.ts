import { type AppConfig, ConfigError, validateConfig } from './config.js';
import { isRecord } from './config-fields.js';

/**
 * Environment variables that override single fields, for CI and quick experiments (development
 * only: a packaged build ignores them). `OAUTH_AUTHORIZATION_PARAMS` is merged, not replaced.
 */
export const ENV_OVERRIDES = {
  OAUTH_ISSUER: 'issuer',
  OAUTH_CLIENT_ID: 'clientId',
  OAUTH_CLIENT_SECRET: 'clientSecret',
  OAUTH_SCOPES: 'scopes',
  OAUTH_REDIRECT: 'redirect',
  OAUTH_REDIRECT_URI: 'redirectUri',
  OAUTH_LOOPBACK_REDIRECT_URI: 'loopbackRedirectUri',
  OAUTH_API_BASE_URL: 'apiBaseUrl',
  OAUTH_HTTP_STACK: 'httpStack',
} as const;

export interface ConfigSources {
  /** Contents of the JSON config file, or undefined when there is none. */
  readonly fileText: string | undefined;
  /** Where the file came from, for error messages. */
  readonly filePath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Build the app's configuration from a JSON file plus environment overrides: each variable of
 * {@link ENV_OVERRIDES} replaces its field, and `OAUTH_AUTHORIZATION_PARAMS`, a JSON object, is
 * merged key by key over the file's `authorizationParams`. Environment wins over the file.
 *
 * @throws {ConfigError} listing every invalid field; a bad environment value names its variable.
 */
export function loadConfig({ fileText, filePath, env }: ConfigSources): AppConfig {
  const merged: Record<string, unknown> = fileText === undefined ? {} : parseJson(fileText, filePath);
  const overridden = new Map<string, string>();
  for (const [variable, field] of Object.entries(ENV_OVERRIDES)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    merged[field] = value;
    overridden.set(field, variable);
  }
  const params = env['OAUTH_AUTHORIZATION_PARAMS'];
  if (params)
    merged['authorizationParams'] = mergeParams(
      merged['authorizationParams'],
      parseJson(params, 'OAUTH_AUTHORIZATION_PARAMS'),
    );
  try {
    return validateConfig(merged);
  } catch (error) {
    if (!(error instanceof ConfigError) || overridden.size === 0) throw error;
    throw new ConfigError(error.problems.map((problem) => nameVariable(problem, overridden)));
  }
}

/**
 * A problem with a value the environment set names the variable instead of the field, so nobody
 * searches the file for a value that is not there: "OAUTH_REDIRECT (environment): must be one of …".
 * Every problem sentence starts with the field it is about.
 */
function nameVariable(problem: string, overridden: ReadonlyMap<string, string>): string {
  const [field = '', ...rest] = problem.split(' ');
  const variable = overridden.get(field);
  return variable === undefined ? problem : `${variable} (environment): ${rest.join(' ')}`;
}

/**
 * `OAUTH_AUTHORIZATION_PARAMS` adds to the file's parameters rather than replacing them, so setting
 * `prompt` from the environment keeps a profile's `audience` (Auth0 chooses the API by it). A key
 * set to `null` removes the file's value. A file value that is not an object is left for
 * validation to report.
 */
function mergeParams(fromFile: unknown, fromEnv: Record<string, unknown>): unknown {
  if (fromFile !== undefined && !isRecord(fromFile)) return fromFile;
  const merged: Record<string, unknown> = { ...fromFile, ...fromEnv };
  for (const [key, value] of Object.entries(fromEnv)) if (value === null) delete merged[key];
  return merged;
}

function parseJson(text: string, source: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`${source} is not valid JSON (${(error as Error).message})`]);
  }
  throw new ConfigError([`${source} must contain a JSON object`]);
}
