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
  return readRequest(value, 'apiRequest', problems, DEFAULT_API_REQUEST.path);
}

/** A method (GET when absent) and a path; `defaultPath` stands in for a missing path, if given. */
function readRequest(
  value: unknown,
  where: string,
  problems: string[],
  defaultPath?: string,
): ConfiguredApiRequest {
  if (!isRecord(value)) {
    problems.push(`${where} must be an object such as { "method": "GET", "path": "/appointments" }`);
    return DEFAULT_API_REQUEST;
  }
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key))
      problems.push(`${where}.${key} is not a known setting (known: ${KEYS.join(', ')})`);
  }
  const method = value['method'] ?? DEFAULT_API_REQUEST.method;
  const path = value['path'] ?? defaultPath;
  const methodOk = typeof method === 'string' && API_METHODS.includes(method as ApiMethod);
  const pathOk = typeof path === 'string' && isRelativeApiPath(path);
  if (!methodOk)
    problems.push(`${where}.method must be one of ${API_METHODS.map((m) => `"${m}"`).join(', ')}`);
  if (!pathOk)
    problems.push(
      `${where}.path must be a path below apiBaseUrl starting with "/", without "//", a backslash or control characters`,
    );
  return methodOk && pathOk ? { method: method as ApiMethod, path } : DEFAULT_API_REQUEST;
}

/** A named request the window offers next to "Call API" (see {@link readApiActions}). */
export interface ConfiguredApiAction extends ConfiguredApiRequest {
  /** The button's label, also how a question names the request ("View records needs …"). */
  readonly label: string;
}

const MAX_ACTIONS = 8;
const MAX_LABEL = 60;

/**
 * `apiActions`: more requests the window offers as buttons, e.g.
 * `[{ "label": "View records", "method": "GET", "path": "/records" }]`; none by default. Each is
 * checked like `apiRequest`, so the window can only send what the configuration names.
 */
export function readApiActions(input: Input, problems: string[]): readonly ConfiguredApiAction[] {
  const value = input['apiActions'] ?? [];
  if (!Array.isArray(value) || value.length > MAX_ACTIONS) {
    problems.push(
      `apiActions must be a list of at most ${MAX_ACTIONS} { "label", "method", "path" } objects`,
    );
    return [];
  }
  return value.flatMap((entry: unknown, index): ConfiguredApiAction[] => {
    const where = `apiActions[${index}]`;
    if (!isRecord(entry)) {
      problems.push(
        `${where} must be an object such as { "label": "View records", "method": "GET", "path": "/records" }`,
      );
      return [];
    }
    const { label, ...request } = entry;
    const labelOk = typeof label === 'string' && label.trim() !== '' && label.length <= MAX_LABEL;
    if (!labelOk) problems.push(`${where}.label must be a short text (1 to ${MAX_LABEL} characters)`);
    const before = problems.length;
    const read = readRequest(request, where, problems);
    return labelOk && problems.length === before ? [{ label: label.trim(), ...read }] : [];
  });
}
