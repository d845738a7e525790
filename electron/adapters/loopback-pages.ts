import type { RedirectOutcome } from '../auth/ports.js';

/** Served with every landing page: no script, no external resources, nothing framed. */
export const LANDING_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const PAGES: Record<RedirectOutcome, { title: string; body: string }> = {
  completed: { title: 'You are signed in', body: 'You can close this tab and return to {app}.' },
  failed: { title: 'Sign-in did not complete', body: 'Return to {app} to see why and to try again.' },
  rejected: {
    title: 'This sign-in link has already been used or has expired',
    body: 'Return to {app} and sign in again.',
  },
  ignored: { title: 'Nothing to do here', body: 'Return to {app}.' },
};

/**
 * The provider's error codes (RFC 6749 §4.1.2.1) a person may meet, in their words. Only these
 * fixed sentences are ever shown: the code picks one, nothing from the query is echoed.
 */
const PROVIDER_ERRORS: Readonly<Record<string, string>> = {
  access_denied: 'Access was denied, or the sign-in was cancelled.',
  login_required: 'The identity provider needs you to sign in again.',
  consent_required: 'The identity provider needs your consent first.',
  interaction_required: 'The identity provider needs you to complete a step in the browser.',
  invalid_scope: 'The app asked for a permission the identity provider does not allow.',
  unauthorized_client: 'The identity provider does not allow this app to sign in this way.',
  invalid_request: 'The identity provider could not understand the sign-in request.',
  server_error: 'The identity provider had a problem.',
  temporarily_unavailable: 'The identity provider is busy or under maintenance.',
};

/**
 * The page the browser shows after a loopback redirect (RFC 8252 §7.3). It names the app and says
 * what to do next; it echoes nothing from the query string and does not promise that the tab
 * closes itself (browsers refuse `window.close()` for tabs they did not open by script). A failure
 * that the provider reported says which, in plain words, when its `error` code is a known one.
 */
export function landingPage(
  outcome: RedirectOutcome,
  appName: string,
  providerError?: string | null,
): string {
  const page = PAGES[outcome];
  const reason = outcome === 'failed' && providerError ? PROVIDER_ERRORS[providerError] : undefined;
  const { title } = page;
  const body = reason ? `${reason} Return to {app} to try again.` : page.body;
  const text = (value: string) => escapeHtml(value.replace('{app}', appName));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${text(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1b1f24}
@media (prefers-color-scheme:dark){body{background:#15181c;color:#e8ebef}}</style></head>
<body><main><h1>${text(title)}</h1><p>${text(body)}</p></main></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
