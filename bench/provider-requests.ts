import type { HttpFetch } from '../electron/auth/ports.js';
import { nodeFetch } from '../electron/auth/provider/provider-client.js';

/** One HTTP request made to the provider: where it went and, for the token endpoint, which grant. */
export interface ProviderRequest {
  readonly path: string;
  readonly grantType: string | undefined;
}

/** A fetch for openid-client's seam that records every request before sending it over the network. */
export interface RecordingFetch {
  readonly fetch: HttpFetch;
  readonly requests: readonly ProviderRequest[];
  /** How many refresh-token grants were sent so far (RFC 6749 §6). */
  refreshes(): number;
}

/**
 * Count what actually crosses the wire to the provider: "restore costs one round trip" and "a storm
 * costs one refresh" are claims about requests, not about time. Both sides of a comparison get the
 * same recorder, so its small cost never tips a ratio.
 */
export function recordProviderRequests(): RecordingFetch {
  const requests: ProviderRequest[] = [];
  return {
    requests,
    fetch: (url, init) => {
      const body = typeof init.body === 'string' || init.body instanceof URLSearchParams ? init.body : '';
      requests.push({
        path: new URL(url).pathname,
        grantType: new URLSearchParams(body).get('grant_type') ?? undefined,
      });
      return nodeFetch(url, init);
    },
    refreshes: () => requests.filter(({ grantType }) => grantType === 'refresh_token').length,
  };
}
