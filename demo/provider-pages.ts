import type { ProviderContext } from 'oidc-provider';

import { escapeHtml, PAGE_HEADERS, renderDocument } from './html.js';

function respond(ctx: ProviderContext, title: string, body: string): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = renderDocument(title, body);
}

/**
 * Replaces oidc-provider's error page (which loads a web font) with a self-contained one. It is
 * used only when the error cannot be sent back to the client's redirect URI (RFC 6749 §4.1.2.1:
 * never redirect to an unverified URI). `out` holds `error` and `error_description`, never tokens.
 */
export function renderProviderError(ctx: ProviderContext, out: Record<string, string>): void {
  const rows = Object.entries(out)
    .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: <span>${escapeHtml(value)}</span></p>`)
    .join('\n');
  respond(ctx, 'Sign-in error', `<h1>Something went wrong</h1>\n<div id="error" role="alert">${rows}</div>`);
}

/**
 * The confirmation page of RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2). `form`
 * is the hidden form oidc-provider generates (its action and anti-CSRF value), trusted as is.
 */
export function renderLogoutConfirmation(ctx: ProviderContext, form: string): void {
  respond(
    ctx,
    'Sign out',
    `<h1>Sign out of the demo server?</h1>
${form}
<button id="sign-out" class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button id="stay-signed-in" class="secondary" type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

/** Shown after logout when no `post_logout_redirect_uri` was given (RP-Initiated Logout 1.0 §3). */
export function renderLogoutSuccess(ctx: ProviderContext): void {
  respond(
    ctx,
    'Signed out',
    '<h1>Signed out</h1>\n<p id="signed-out">You have been signed out of the demo server.</p>',
  );
}
