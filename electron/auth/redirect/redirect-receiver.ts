import type { RedirectMode } from '../config/config.js';

/** What became of a redirect the app received; a loopback listener words its reply page by it. */
export type RedirectOutcome = 'ignored' | 'rejected' | 'completed' | 'failed';

/** A redirect endpoint open for one sign-in attempt. */
export interface OpenRedirect {
  /** The exact `redirect_uri` to send, e.g. with the loopback port filled in (RFC 8252 §7.3). */
  readonly redirectUri: string;
  /** Which kind it is, so the UI can tell the user where the browser will return. */
  readonly mode: 'scheme' | 'loopback';
  /** Stop listening; called when the attempt completes, is cancelled, superseded or times out. */
  close(): void;
}

/**
 * Where the browser brings the user back (RFC 8252 §7). Opened once per sign-in attempt; URLs it
 * receives go to `onRedirect`, the same path the OS-delivered URLs take.
 */
export interface RedirectReceiver {
  open(onRedirect: (url: string) => Promise<RedirectOutcome>): Promise<OpenRedirect>;
}

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
