import type { ApiResponseView } from '../../electron/shared/ipc-contract.js';
import { h } from './dom.js';
import { explainRejection } from './www-authenticate.js';

/** Show what the API answered: status, why it refused (if it did), and the body. */
export function renderApiResponse(panel: HTMLElement, response: ApiResponseView): void {
  const ok = response.status >= 200 && response.status < 300;
  const explanation = explainRejection(response.status, response.headers['www-authenticate']);
  const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body, null, 2);
  panel.replaceChildren(
    h('h2', {}, 'API response'),
    h('p', { id: 'api-status', class: ok ? 'status ok' : 'status bad' }, `HTTP ${response.status}`),
    ...(explanation ? [h('p', { class: 'alert', role: 'alert' }, explanation)] : []),
    h('pre', { id: 'api-body', tabindex: '0', 'aria-label': 'Response body' }, body),
  );
  panel.hidden = false;
}
