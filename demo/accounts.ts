import { createHash, timingSafeEqual } from 'node:crypto';

import type { Account } from 'oidc-provider';

import { DEMO_USER } from './demo-constants.js';

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Checks a username and password against the single demo account and returns its subject, or
 * `undefined`. Comparison is constant-time so the demo does not model a timing leak.
 */
export function verifyDemoCredentials(username: string, password: string): string | undefined {
  const userMatches = sameSecret(username.trim().toLowerCase(), DEMO_USER.username);
  const passwordMatches = sameSecret(password, DEMO_USER.password);
  return userMatches && passwordMatches ? DEMO_USER.subject : undefined;
}

/**
 * oidc-provider's account lookup. Claims follow OpenID Connect Core §5.1; the provider filters
 * them by the granted scopes (`profile` → name, `email` → email and email_verified, §5.4).
 */
export function findDemoAccount(_ctx: unknown, subject: string): Promise<Account | undefined> {
  if (subject !== DEMO_USER.subject) return Promise.resolve(undefined);
  return Promise.resolve({
    accountId: subject,
    claims: () => ({
      sub: subject,
      name: DEMO_USER.name,
      email: DEMO_USER.email,
      email_verified: true,
    }),
  });
}
