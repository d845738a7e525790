import { createHash, timingSafeEqual } from 'node:crypto';

import type { Account } from 'oidc-provider';

import { DEMO_OTHER_USER, DEMO_USER } from './demo-constants.js';

/** The demo's accounts: the one the login page names, and another to sign in as someone else. */
const ACCOUNTS = [DEMO_USER, DEMO_OTHER_USER] as const;

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Checks a username and password against the demo accounts and returns the account's subject, or
 * `undefined`. Every account is compared, in constant time, so the demo does not model a timing
 * leak of which usernames exist.
 */
export function verifyDemoCredentials(username: string, password: string): string | undefined {
  const name = username.trim().toLowerCase();
  let subject: string | undefined;
  for (const account of ACCOUNTS) {
    const userMatches = sameSecret(name, account.username);
    const passwordMatches = sameSecret(password, account.password);
    if (userMatches && passwordMatches) subject = account.subject;
  }
  return subject;
}

/**
 * The username a `login_hint` (OpenID Connect Core §3.1.2.1) names, by username or email, when it
 * names a demo account; the login page is then pre-filled with it.
 */
export function usernameForHint(hint: unknown): string | undefined {
  return ACCOUNTS.find((account) => hint === account.email || hint === account.username)?.username;
}

/**
 * oidc-provider's account lookup. Claims follow OpenID Connect Core §5.1; the provider filters
 * them by the granted scopes (`profile` → name, `email` → email and email_verified, §5.4).
 */
export function findDemoAccount(_ctx: unknown, subject: string): Promise<Account | undefined> {
  const account = ACCOUNTS.find((candidate) => candidate.subject === subject);
  if (!account) return Promise.resolve(undefined);
  return Promise.resolve({
    accountId: subject,
    claims: () => ({
      sub: subject,
      name: account.name,
      email: account.email,
      email_verified: true,
    }),
  });
}
