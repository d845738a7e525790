import { redact } from '../auth/policy/redact.js';
import type { AppInfoView, SessionView } from '../shared/ipc-contract.js';

/** What the person was doing when the error was shown, in words a support desk can use. */
const STEPS: Readonly<Record<SessionView['state'], string>> = {
  'signed-out': 'signing in, or after the session ended',
  restoring: 'restoring the saved session',
  'awaiting-browser': 'waiting for the browser',
  exchanging: 'finishing sign-in',
  'signed-in': 'using the session',
};

/**
 * The text "Copy details" puts on the clipboard, for a bug report or a support ticket: app version
 * and platform, time, step, the error's code and sentence, and the provider's issuer. It is built
 * from the session's view, which holds no token by construction, and the error's sentence still
 * goes through the log redactor, so no code, token, verifier or URL query can slip in
 * (RFC 9700 §4.2.4).
 */
export function describeForSupport(
  view: SessionView,
  info: AppInfoView,
  context: { readonly appName: string; readonly platform: string; readonly now: number },
): string {
  const error = 'error' in view ? view.error : undefined;
  const lines = [
    `${context.appName} ${info.version} (${context.platform})`,
    `Time: ${new Date(context.now).toISOString()}`,
    `Step: ${STEPS[view.state]}`,
    error ? `Error: ${error.code}: ${redactWords(error.message)}` : 'Error: none shown',
    `Identity provider: ${info.issuer}`,
    `Redirect: ${info.redirectMode}${info.scheme ? ` (scheme ${info.scheme}, ${info.schemeRegistered ? 'registered' : 'not registered'})` : ''}`,
  ];
  return lines.join('\n');
}

/** The one free text here, the error's sentence, goes through the log redactor word by word. */
function redactWords(text: string): string {
  return text
    .split(' ')
    .map((word) => String(redact(word)))
    .join(' ');
}
