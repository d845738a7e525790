import { secretsReceived, secretsSent } from '../secrets-in-transit.js';
import type { AppRecord } from './messages.js';

/**
 * Watch every fetch of the main process without changing it, and report each request and every
 * code, verifier and token that crosses, so a test can prove none of them reached the renderer.
 */
export function observeSecrets(record: (entry: AppRecord) => void): void {
  const original = globalThis.fetch;
  const keep = (value: string) => record({ kind: 'secret', value });
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    record({ kind: 'request', method, url: `${url.origin}${url.pathname}` });
    secretsSent(init?.body).forEach(keep);
    const response = await original(input, init);
    (await secretsReceived(response)).forEach(keep);
    return response;
  };
}
