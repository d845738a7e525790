import { API_METHODS, DEFAULT_API_REQUEST, isRelativeApiPath } from '../../shared/api-request.js';
import type { ApiMethod } from '../../shared/ipc-contract.js';
import { type Input, isRecord } from './config-fields.js';

/** The request "Call API" sends below `apiBaseUrl`, and the path the doctor and smoke probe. */
export interface ConfiguredApiRequest {
  readonly method: ApiMethod;
  /** Relative to `apiBaseUrl`, e.g. `/appointments` or Google's `/v1/userinfo`. */
  readonly path: string;
}

const KEYS = ['method', 'path'];

/**
 * `apiRequest`: `{ "method": "GET", "path": "/appointments" }` by default. The method is one the
 * app's API channel accepts and the path passes the same rule as every request the renderer
 * sends, so a configuration that loads is one the app can send.
 */
export function readApiRequest(input: Input, problems: string[]): ConfiguredApiRequest {
  const value = input['apiRequest'] ?? DEFAULT_API_REQUEST;
  if (!isRecord(value)) {
    problems.push('apiRequest must be an object such as { "method": "GET", "path": "/appointments" }');
    return DEFAULT_API_REQUEST;
  }
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) problems.push(`apiRequest.${key} is not a known setting (known: method, path)`);
  }
  const method = value['method'] ?? DEFAULT_API_REQUEST.method;
  const path = value['path'] ?? DEFAULT_API_REQUEST.path;
  const methodOk = typeof method === 'string' && API_METHODS.includes(method as ApiMethod);
  const pathOk = typeof path === 'string' && isRelativeApiPath(path);
  if (!methodOk)
    problems.push(`apiRequest.method must be one of ${API_METHODS.map((m) => `"${m}"`).join(', ')}`);
  if (!pathOk)
    problems.push(
      'apiRequest.path must be a path below apiBaseUrl starting with "/", without "//", a backslash or control characters',
    );
  return methodOk && pathOk ? { method: method as ApiMethod, path } : DEFAULT_API_REQUEST;
}
