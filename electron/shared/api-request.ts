/**
 * The one request this reference UI makes to the protected API (DESIGN §1.7). Main adds the token;
 * the provider check also probes this path to see the API's challenge (RFC 6750 §3).
 */
export const API_REQUEST = { method: 'GET', path: '/appointments' } as const;
