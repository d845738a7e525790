import { renderAsk } from './ask-panel.js';
import { h } from './dom.js';
import { explainRejection } from './explain-rejection.js';
import type { Dispatch, UiModel } from './ui-model.js';

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * The API section: the request (the configured one, as main reports it, once known), a hint
 * before the first call, then status, the API's question or the refusal explained, and the body.
 */
export function renderApiPanel(model: UiModel, dispatch: Dispatch): HTMLElement {
  const { api: response } = model;
  const sent = model.apiSent ?? model.apiRequest;
  const title = h('h2', { id: 'api-title' }, 'Protected API');
  const requestLine = sent ? `${sent.method} ${sent.path}` : '';
  const request = h('p', { class: 'request' }, h('code', {}, requestLine));
  if (!response) {
    return h(
      'section',
      { class: 'api', 'aria-labelledby': 'api-title' },
      title,
      request,
      h(
        'p',
        { class: 'muted' },
        'Call API asks the app to call this endpoint. The app attaches the access token; this window never sees it.',
      ),
    );
  }
  const ok = response.status >= 200 && response.status < 300;
  // A question the user can answer replaces the explanation of the refusal.
  const rejection = response.ask ? undefined : explainRejection(response.status, response.challenge);
  return h(
    'section',
    { id: 'api-result', class: 'api', 'aria-labelledby': 'api-title' },
    title,
    h(
      'p',
      { class: 'request' },
      h('code', {}, requestLine),
      ' ',
      h('span', { id: 'api-status', class: ok ? 'badge ok' : 'badge bad' }, statusLine(response.status)),
    ),
    rejection &&
      h(
        'div',
        { id: 'api-explanation', class: 'notice' },
        h('p', {}, h('strong', {}, rejection.summary)),
        h('p', {}, rejection.advice),
      ),
    response.ask && renderAsk(response.ask, model, dispatch),
    h('pre', { id: 'api-body', tabindex: '0', 'aria-label': 'Response body' }, formatBody(response.body)),
  );
}

/** "HTTP 401 Unauthorized". */
export function statusLine(status: number): string {
  const reason = REASONS[status];
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

/** JSON pretty-printed with two spaces; text as it came; "(empty body)" for nothing. */
export function formatBody(body: unknown): string {
  if (body === undefined || body === '') return '(empty body)';
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}
