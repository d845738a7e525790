import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildDemoAuthorization,
  discoverDemoProvider,
  redeemDemoCallback,
  signInToDemo,
} from '../../demo/bare-client.js';
import {
  DEMO_ACR_MFA,
  DEMO_ACR_PASSWORD,
  DEMO_API_SCOPE,
  DEMO_API_WRITE_SCOPE,
  DEMO_OTHER_USER,
  DEMO_USER,
} from '../../demo/demo-constants.js';
import { completeLoginOverHttp, DemoCookieJar } from '../../demo/login-over-http.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';

let demo: RunningDemo;
let config: oidc.Configuration;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = await discoverDemoProvider(demo.issuer);
});

afterAll(async () => {
  await demo?.close();
});

/** The `<h1>` of each page a walk answered, in order. */
function headings(into: string[]) {
  return (html: string) => into.push(/<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '(no heading)');
}

/** One authorization request walked with `cookies` (the same browser), redeemed for tokens. */
async function walk(
  cookies: DemoCookieJar,
  params: Record<string, string>,
  login: { secondFactorCode?: string; pages?: string[] } = {},
) {
  const pending = await buildDemoAuthorization(config, params);
  const callback = await completeLoginOverHttp(pending.url.href, {
    cookies,
    ...(login.secondFactorCode === undefined ? {} : { secondFactorCode: login.secondFactorCode }),
    ...(login.pages ? { onPage: headings(login.pages) } : {}),
  });
  return redeemDemoCallback(config, pending, callback);
}

describe('demo provider: authentication context classes (OpenID Connect Core §3.1.2.1)', () => {
  it('advertises both classes and the claims parameter', () => {
    const metadata = config.serverMetadata();
    expect(metadata.acr_values_supported).toEqual([DEMO_ACR_PASSWORD, DEMO_ACR_MFA]);
    expect(metadata.claims_parameter_supported).toBe(true);
  });

  it('signs in with the password only by default: no code page, acr pwd and auth_time everywhere', async () => {
    const pages: string[] = [];
    const before = Math.floor(Date.now() / 1000);
    const tokens = await walk(new DemoCookieJar(), {}, { pages });
    expect(pages).toEqual(['Sign in', 'Allow access?']);
    const idToken = tokens.claims();
    expect(idToken?.acr).toBe(DEMO_ACR_PASSWORD);
    expect(idToken?.auth_time).toBeGreaterThanOrEqual(before);
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      acr: DEMO_ACR_PASSWORD,
      auth_time: idToken?.auth_time,
    });
  });

  it('asks for the one-time code after the password when acr_values names mfa', async () => {
    const pages: string[] = [];
    const tokens = await walk(
      new DemoCookieJar(),
      { acr_values: DEMO_ACR_MFA },
      { secondFactorCode: demo.secondFactorCode, pages },
    );
    expect(pages).toEqual(['Sign in', 'Enter your code', 'Allow access?']);
    expect(tokens.claims()?.acr).toBe(DEMO_ACR_MFA);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ acr: DEMO_ACR_MFA });
  });

  it('asks a password-only session for the code alone, and an mfa session for nothing', async () => {
    const browser = new DemoCookieJar();
    const first = await walk(browser, {});
    expect(first.claims()?.acr).toBe(DEMO_ACR_PASSWORD);

    const pages: string[] = [];
    const code = { secondFactorCode: demo.secondFactorCode, pages };
    const stepped = await walk(browser, { acr_values: DEMO_ACR_MFA }, code);
    expect(pages).toEqual(['Enter your code', 'Allow access?']);
    expect(stepped.claims()).toMatchObject({ sub: DEMO_USER.subject, acr: DEMO_ACR_MFA });

    pages.length = 0;
    const again = await walk(browser, { acr_values: DEMO_ACR_MFA }, { pages });
    expect(pages).toEqual(['Allow access?']);
    expect(again.claims()?.acr).toBe(DEMO_ACR_MFA);
  });

  it('refuses acr_values in a plain OAuth 2.0 request (no openid), as oidc-provider does', async () => {
    const pending = await buildDemoAuthorization(config, {
      scope: `offline_access ${DEMO_API_SCOPE}`,
      acr_values: DEMO_ACR_MFA,
    });
    const callback = new URL(await completeLoginOverHttp(pending.url.href));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toContain('openid');
  });

  it('takes a request that accepts the password-only class as met by it', async () => {
    const pages: string[] = [];
    const tokens = await walk(
      new DemoCookieJar(),
      { acr_values: `${DEMO_ACR_PASSWORD} ${DEMO_ACR_MFA}` },
      { pages },
    );
    expect(pages).toEqual(['Sign in', 'Allow access?']);
    expect(tokens.claims()?.acr).toBe(DEMO_ACR_PASSWORD);
  });

  it('asks for the code for an essential acr in the claims parameter too (§5.5.1.1)', async () => {
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: [DEMO_ACR_MFA] } } });
    const pages: string[] = [];
    const tokens = await walk(
      new DemoCookieJar(),
      { claims },
      { secondFactorCode: demo.secondFactorCode, pages },
    );
    expect(pages).toEqual(['Sign in', 'Enter your code', 'Allow access?']);
    expect(tokens.claims()?.acr).toBe(DEMO_ACR_MFA);
  });

  it('shows the code page again with an error for a wrong code, and completes nothing', async () => {
    const pending = await buildDemoAuthorization(config, { acr_values: DEMO_ACR_MFA });
    const wrong = demo.secondFactorCode === '000000' ? '000001' : '000000';
    const pages: string[] = [];
    await expect(
      completeLoginOverHttp(pending.url.href, { secondFactorCode: wrong, onPage: headings(pages) }),
    ).rejects.toThrow(/second-factor answered 200: Wrong code/);
    expect(pages).toEqual(['Sign in', 'Enter your code', 'Enter your code']);
  });

  it('refuses to walk the code page without a code', async () => {
    const pending = await buildDemoAuthorization(config, { acr_values: DEMO_ACR_MFA });
    await expect(completeLoginOverHttp(pending.url.href)).rejects.toThrow(/one-time code/);
  });

  it('answers prompt=none with interaction_required when the session needs the code', async () => {
    const browser = new DemoCookieJar();
    await walk(browser, {});
    const pending = await buildDemoAuthorization(config, { acr_values: DEMO_ACR_MFA, prompt: 'none' });
    const callback = new URL(await completeLoginOverHttp(pending.url.href, { cookies: browser }));
    expect(callback.searchParams.get('error')).toBe('interaction_required');
  });
});

describe('demo provider: when the sign-in happened (OpenID Connect Core §3.1.2.1 max_age)', () => {
  it('asks for the password again once the session is older than max_age, then for the code', async () => {
    const browser = new DemoCookieJar();
    const first = await walk(browser, {});
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const pages: string[] = [];
    const code = { secondFactorCode: demo.secondFactorCode, pages };
    const fresh = await walk(browser, { acr_values: DEMO_ACR_MFA, max_age: '1' }, code);
    expect(pages).toEqual(['Sign in', 'Enter your code', 'Allow access?']);
    expect(fresh.claims()?.auth_time).toBeGreaterThan(first.claims()?.auth_time ?? Infinity);
  });

  it('signs in again with prompt=login before asking for new scopes, without looping back', async () => {
    const browser = new DemoCookieJar();
    await walk(browser, {});
    const pages: string[] = [];
    const scope = `openid offline_access ${DEMO_API_SCOPE} ${DEMO_API_WRITE_SCOPE}`;
    const code = { secondFactorCode: demo.secondFactorCode, pages };
    const tokens = await walk(browser, { scope, prompt: 'login', acr_values: DEMO_ACR_MFA }, code);
    expect(pages).toEqual(['Sign in', 'Enter your code', 'Allow access?']);
    expect(decodeJwt(tokens.access_token).scope).toBe(`${DEMO_API_SCOPE} ${DEMO_API_WRITE_SCOPE}`);
  });

  it('keeps the acr and auth_time of the sign-in in refreshed access tokens', async () => {
    const tokens = await signInToDemo(
      config,
      { acr_values: DEMO_ACR_MFA },
      { secondFactorCode: demo.secondFactorCode },
    );
    const signedIn = decodeJwt(tokens.access_token);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    const claims = decodeJwt(refreshed.access_token);
    expect(claims.iat).toBeGreaterThan(signedIn.iat ?? Infinity);
    expect(claims).toMatchObject({ acr: DEMO_ACR_MFA, auth_time: signedIn['auth_time'] });
    expect(refreshed.claims()).toMatchObject({ acr: DEMO_ACR_MFA, auth_time: signedIn['auth_time'] });
  });
});

describe('demo provider: the second account', () => {
  it('signs in as bob, pre-filled from his email as login_hint, and the API sees him', async () => {
    const pages: string[] = [];
    const pending = await buildDemoAuthorization(config, { login_hint: DEMO_OTHER_USER.email });
    const callback = await completeLoginOverHttp(pending.url.href, {
      username: DEMO_OTHER_USER.username,
      password: DEMO_OTHER_USER.password,
      onPage: (html) => pages.push(html),
    });
    expect(pages[0]).toContain(`value="${DEMO_OTHER_USER.username}"`);
    const tokens = await redeemDemoCallback(config, pending, callback);
    expect(tokens.claims()).toMatchObject({
      sub: DEMO_OTHER_USER.subject,
      name: DEMO_OTHER_USER.name,
      email: DEMO_OTHER_USER.email,
    });
    const response = await fetch(`${demo.apiUrl}/appointments`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(((await response.json()) as { subject: string }).subject).toBe(DEMO_OTHER_USER.subject);
  });

  it('refuses one account’s username with the other’s password', async () => {
    const pending = await buildDemoAuthorization(config);
    await expect(
      completeLoginOverHttp(pending.url.href, {
        username: DEMO_OTHER_USER.username,
        password: DEMO_USER.password,
      }),
    ).rejects.toThrow(/Wrong username or password/);
  });
});

describe('demo provider: the habit of ignoring acr_values', () => {
  it('never asks for the code, signs in with the password class and advertises only that', async () => {
    const ignoring = await startDemo({ providerPort: 0, apiPort: 0, habits: { acrValues: 'ignored' } });
    try {
      const ignoringConfig = await discoverDemoProvider(ignoring.issuer);
      expect(ignoringConfig.serverMetadata().acr_values_supported).toEqual([DEMO_ACR_PASSWORD]);
      const pages: string[] = [];
      const tokens = await signInToDemo(
        ignoringConfig,
        { acr_values: DEMO_ACR_MFA },
        { onPage: headings(pages) },
      );
      expect(pages).toEqual(['Sign in', 'Allow access?']);
      expect(tokens.claims()?.acr).toBe(DEMO_ACR_PASSWORD);
      const records = await fetch(`${ignoring.apiUrl}/records`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(records.status).toBe(401);
    } finally {
      await ignoring.close();
    }
  });
});
