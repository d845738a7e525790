import { AuthError } from '../auth/errors.js';
import { isAllowedExternalUrl } from '../auth/policy/external-url-guard.js';
import type { BrowserLauncher } from '../auth/ports.js';

/** The part of Electron's `shell` this adapter needs. */
export type OpenExternal = (url: string) => Promise<void>;

/**
 * Opens the authorization request in the user's default browser (RFC 8252 §4.1, §8.12): the
 * browser keeps the user's provider session and password manager, and the app never sees the
 * password. Only URLs for the provider's authorization and end-session endpoints get through.
 */
export function createSystemBrowser(
  openExternal: OpenExternal,
  providerEndpoints: () => Promise<ReadonlyArray<string | undefined>>,
): BrowserLauncher {
  return {
    async open(url) {
      if (!isAllowedExternalUrl(url, await providerEndpoints())) {
        throw new AuthError(
          'browser_launch_failed',
          'Refused to open a URL that is not one of the identity provider’s pages.',
        );
      }
      try {
        await openExternal(url.href);
      } catch (error) {
        throw new AuthError('browser_launch_failed', 'Your web browser could not be opened to sign in.', {
          cause: error,
        });
      }
    },
  };
}
