import type { AppConfig } from '../electron/auth/config/config.js';
import type { RedirectOutcome } from '../electron/auth/ports.js';
import { privateUseScheme } from '../electron/auth/redirect/redirect-scheme.js';
import type { Session } from '../electron/auth/session.js';
import { RedirectIntake } from '../electron/main/redirect-intake.js';
import { SmokeFailure } from './smoke-report.js';

/**
 * Hand a private-use-scheme redirect to the session exactly as the OS hands it over on Windows and
 * Linux: `second-instance` argv, among Chromium-style switches, through the app's own intake
 * (RFC 8252 §7.1). Returns the session's handling of it and the scheme it arrived on; throws when
 * the URL is not one argument of the app's scheme, as the app would ignore it.
 */
export function deliverSchemeRedirect(
  config: AppConfig,
  session: Session,
  callbackUrl: string,
): { readonly outcome: Promise<RedirectOutcome>; readonly scheme: string } {
  const scheme = privateUseScheme(config.redirectUri ?? '') ?? '';
  let outcome: Promise<RedirectOutcome> | undefined;
  const intake = new RedirectIntake(scheme, (url) => void (outcome = session.handleRedirect(url)));
  intake.ready();
  intake.fromArgv([process.execPath, '--enable-logging', callbackUrl], 'second-instance');
  if (!outcome) {
    throw new SmokeFailure('callback_invalid', "The redirect was not a single URL of the app's scheme.");
  }
  return { outcome, scheme };
}
