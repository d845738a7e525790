import { DEMO_API_SCOPE, DEMO_API_WRITE_SCOPE, DEMO_USER } from './demo-constants.js';
import { escapeHtml } from './html.js';

/** Plain-language meaning of each scope, so the consent page says what is being shared. */
const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  openid: 'Confirm who you are',
  profile: 'Your name',
  email: 'Your email address and whether it is verified',
  offline_access: 'Stay signed in (the app receives a refresh token)',
  [DEMO_API_SCOPE]: 'Read your appointments',
  [DEMO_API_WRITE_SCOPE]: 'Cancel your appointments',
};

/** What the login page needs to render. */
export interface LoginPageInput {
  readonly uid: string;
  readonly clientId: string;
  readonly username?: string | undefined;
  readonly error?: string;
}

/**
 * The sign-in form of the demo authorization server. It tells the visitor which demo account to
 * use, because the server exists only to exercise the client (RFC 6749 §3.1: how the server
 * authenticates the user is up to it). Selectors `#username`, `#password` and `#sign-in` are stable
 * for the tests.
 */
export function renderLoginBody(input: LoginPageInput): string {
  const error = input.error ? `<p class="error" role="alert" id="error">${escapeHtml(input.error)}</p>` : '';
  return `<h1>Sign in</h1>
<p><code>${escapeHtml(input.clientId)}</code> wants you to sign in.</p>
<p class="hint" id="demo-hint">Demo account: user <code>${escapeHtml(DEMO_USER.username)}</code>,
password <code>${escapeHtml(DEMO_USER.password)}</code>.</p>
${error}
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/login">
<label for="username">Username</label>
<input id="username" name="username" type="text" required autocomplete="username" autofocus
 value="${escapeHtml(input.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required autocomplete="current-password">
<button id="sign-in" class="primary" type="submit">Sign in</button>
</form>`;
}

/** What the second-factor page needs to render. */
export interface SecondFactorPageInput {
  readonly uid: string;
  readonly clientId: string;
  readonly error?: string;
}

/**
 * The second step of a sign-in the client asked to be of class `urn:example:mfa` (OpenID Connect
 * Core §3.1.2.1 `acr_values`): a one-time code, here the one the demo printed at its start. The
 * field is numeric and `one-time-code` so browsers and password managers offer the code (HTML
 * autofill). Selectors `#code` and `#verify` are stable for the tests.
 */
export function renderSecondFactorBody(input: SecondFactorPageInput): string {
  const error = input.error ? `<p class="error" role="alert" id="error">${escapeHtml(input.error)}</p>` : '';
  return `<h1>Enter your code</h1>
<p><code>${escapeHtml(input.clientId)}</code> asked for a stronger sign-in: enter your one-time code.</p>
<p class="hint" id="demo-hint">Demo: the six-digit code is printed where the demo was started.</p>
${error}
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/second-factor">
<label for="code">One-time code</label>
<input id="code" name="code" type="text" required inputmode="numeric" pattern="[0-9 ]*"
 autocomplete="one-time-code" autofocus aria-describedby="demo-hint">
<button id="verify" class="primary" type="submit">Verify</button>
</form>`;
}

/** What the consent page needs to render. */
export interface ConsentPageInput {
  readonly uid: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

/**
 * The consent page: lists every requested scope in plain language and offers Allow (`#allow`) and
 * Deny (`#deny`). Deny ends the request with `access_denied` (RFC 6749 §4.1.2.1).
 */
export function renderConsentBody(input: ConsentPageInput): string {
  const items = input.scopes
    .map((scope) => {
      const meaning = SCOPE_DESCRIPTIONS[scope] ?? 'Permission requested by the application';
      return `<li><code>${escapeHtml(scope)}</code>: ${escapeHtml(meaning)}</li>`;
    })
    .join('\n');
  return `<h1>Allow access?</h1>
<p><code>${escapeHtml(input.clientId)}</code> is asking for:</p>
<ul id="scopes" aria-label="Requested permissions">
${items}
</ul>
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/consent">
<button id="allow" class="primary" type="submit" name="decision" value="allow">Allow</button>
<button id="deny" class="secondary" type="submit" name="decision" value="deny">Deny</button>
</form>`;
}

/** A short explanation page for interaction failures (expired or unknown interaction, bad input). */
export function renderProblemBody(heading: string, message: string): string {
  return `<h1>${escapeHtml(heading)}</h1>\n<p role="alert" id="error">${escapeHtml(message)}</p>`;
}
