import type { AppRecord } from './messages.js';

const REQUEST_SECRETS = ['code', 'code_verifier', 'refresh_token', 'token', 'client_secret'];
const RESPONSE_SECRETS = ['access_token', 'refresh_token', 'id_token', 'request_uri'];

/**
 * Watch every fetch of the main process without changing it, and report each request and every
 * code, verifier and token that crosses, so a test can prove none of them reached the renderer.
 */
export function observeSecrets(record: (entry: AppRecord) => void): void {
  const original = globalThis.fetch;
  const keep = (value: unknown) => {
    if (typeof value === 'string' && value.length > 8) record({ kind: 'secret', value });
  };
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    record({ kind: 'request', method, url: `${url.origin}${url.pathname}` });
    if (init?.body instanceof URLSearchParams || typeof init?.body === 'string') {
      const body = new URLSearchParams(init.body);
      for (const name of REQUEST_SECRETS) keep(body.get(name));
    }
    const response = await original(input, init);
    const text = await response
      .clone()
      .text()
      .catch(() => '');
    if (text.trimStart().startsWith('{')) {
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        for (const name of RESPONSE_SECRETS) keep(json[name]);
      } catch {
        // not JSON after all: nothing to record
      }
    }
    return response;
  };
}
