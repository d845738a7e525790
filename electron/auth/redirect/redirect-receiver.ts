import type { RedirectMode } from '../config/config.js';
import type { RedirectReceiver } from '../ports.js';

/**
 * The private-use scheme (RFC 8252 §7.1): nothing to open, because the OS delivers the URL to the
 * app (`open-url`, `second-instance`, argv) and the main process hands it to the session.
 */
export function schemeRedirect(redirectUri: string): RedirectReceiver {
  return { open: () => Promise.resolve({ redirectUri, mode: 'scheme', close() {} }) };
}

/**
 * Pick the redirect per attempt: the configured mode, or in `auto` the scheme when the OS routes
 * it to this app and loopback when it does not (a development checkout, an AppImage, a provider
 * that refuses custom schemes).
 */
export function chooseRedirect(options: {
  readonly mode: RedirectMode;
  readonly scheme: RedirectReceiver | undefined;
  readonly loopback: RedirectReceiver;
  readonly isSchemeRegistered: () => boolean;
}): RedirectReceiver {
  return {
    open(onRedirect) {
      const useScheme =
        options.scheme !== undefined &&
        (options.mode === 'scheme' || (options.mode === 'auto' && options.isSchemeRegistered()));
      return (useScheme && options.scheme ? options.scheme : options.loopback).open(onRedirect);
    },
  };
}
