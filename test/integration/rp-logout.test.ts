import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../demo/demo-constants.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import type { AppConfig } from '../../electron/auth/config/config.js';
import { ChromiumUser } from '../support/chromium-user.js';
import { demoConfig, demoSession } from '../support/demo-session.js';
import { keychainAccounts } from '../../electron/auth/tokens/refresh-token-vault.js';

let demo: RunningDemo;
let config: AppConfig;
let user: ChromiumUser;

beforeAll(async () => {
  demo = await startDemo({ providerPort: 0, apiPort: 0 });
  config = demoConfig(demo, {
    endProviderSession: true,
    postLogoutRedirectUri: 'com.example.desktop:/logout',
  });
  user = await ChromiumUser.start();
});

afterAll(async () => {
  await user?.close();
  await demo?.close();
});

/** Sign in through the user's browser; returns whether the provider asked for the password. */
async function signIn(app: ReturnType<typeof demoSession>): Promise<boolean> {
  await app.session.signIn();
  const { page, redirect } = await user.open(app.browser.last.href);
  await page.locator('#username, #allow').first().waitFor();
  const askedForPassword = await page.locator('#username').isVisible();
  if (askedForPassword) {
    await page.fill('#username', DEMO_USER.username);
    await page.fill('#password', DEMO_USER.password);
    await page.click('#sign-in');
  }
  await page.click('#allow');
  expect(await app.session.handleRedirect(await redirect)).toBe('completed');
  await page.close();
  return askedForPassword;
}

describe('sign-out with RP-initiated logout (real provider, real browser session)', () => {
  it('ends the provider session so the next sign-in asks for the password again', async () => {
    const app = demoSession(config);
    expect(await signIn(app)).toBe(true);
    // Control: while the provider session lives, signing in again skips the password.
    await app.session.signOut();
    const endSession = new URL(app.browser.last);
    const idTokenHint = endSession.searchParams.get('id_token_hint');
    expect(endSession.pathname).toBe('/session/end');
    expect(idTokenHint).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe('com.example.desktop:/logout');
    expect(await keychainEntries(app)).toBeUndefined();

    const again = demoSession(config);
    expect(await signIn(again)).toBe(false);

    // Now sign out and let the browser complete the provider's logout.
    await again.session.signOut();
    const { page, redirect } = await user.open(again.browser.last.href);
    await page.click('#sign-out');
    expect(await redirect).toMatch(/^com\.example\.desktop:\/logout/);
    await page.close();

    expect(await signIn(demoSession(config))).toBe(true);
  });

  it('reports a partial sign-out when the provider cannot be reached, and still forgets everything', async () => {
    const app = demoSession(config);
    await signIn(app);
    await demo.close();
    const view = await app.session.signOut();
    expect(view).toMatchObject({ state: 'signed-out', error: { code: 'sign_out_incomplete' } });
    expect(view.state === 'signed-out' && view.error?.message).toMatch(/could not be told to revoke/);
    expect(await keychainEntries(app)).toBeUndefined();
    await expect(app.session.accessToken()).rejects.toMatchObject({ code: 'not_signed_in' });
    demo = await startDemo({ providerPort: Number(new URL(demo.issuer).port), apiPort: 0 });
  });
});

function keychainEntries(app: ReturnType<typeof demoSession>): Promise<string | undefined> {
  return app.secrets.get(keychainAccounts(config.issuer, config.clientId).refreshToken);
}
