import { resolveApiUrl } from '../electron/auth/api/api-client.js';
import { AuthError } from '../electron/auth/errors.js';
import type { RedirectOutcome } from '../electron/auth/ports.js';
import type { ProviderClient } from '../electron/auth/provider/provider-client.js';
import type { RefreshTokenCustody } from '../electron/auth/tokens/token-keeper.js';
import type { SessionView } from '../electron/shared/ipc-contract.js';
import { deliverSchemeRedirect } from './deliver-redirect.js';
import type { FlowContext } from './flow-context.js';
import { keychainAdvice } from './keychain-advice.js';
import { SmokeFailure, type StepRunner } from './smoke-report.js';
import { apiTarget, redirectMatcher } from './flow-targets.js';
import { settled, viewError } from './session-outcome.js';
import { type BrowserLogin, loginInBrowser } from './smoke-login.js';
import { proveStepUp } from './step-up-step.js';
import { keychainAccounts } from '../electron/auth/tokens/refresh-token-vault.js';

/**
 * The smoke run's steps, in the order a user lives them: metadata, authorization request,
 * browser login, redirect, code exchange, keychain, API call, step-up, refresh, sign-out.
 */
export async function runFlowSteps(runner: StepRunner, context: FlowContext): Promise<void> {
  const { config, session, secrets, facts } = context;
  const accounts = keychainAccounts(config.issuer, config.clientId);
  const account = accounts.refreshToken;
  let metadata: Awaited<ReturnType<ProviderClient['get']>> | undefined;

  await runner.step('provider metadata', async () => {
    metadata = await context.provider.get();
    return { message: config.endpoints ? 'Explicit endpoints configured.' : `Discovered ${config.issuer}.` };
  });
  const revocationEndpoint = metadata?.serverMetadata().revocation_endpoint;

  await runner.step('authorization request', async () => {
    const view = await session.signIn();
    if (view.state !== 'awaiting-browser') throw viewError(view, 'The sign-in did not start.');
    facts.par = context.opened.at(-1)?.searchParams.has('request_uri') ?? false;
    return {
      message: facts.par ? 'Pushed (PAR); PKCE S256, state and nonce.' : 'PKCE S256, state and nonce.',
    };
  });

  let login: BrowserLogin | undefined;
  await runner.step('browser login', async () => {
    const authorizationUrl = context.opened.at(-1);
    if (!authorizationUrl)
      throw new SmokeFailure('browser_launch_failed', 'No authorization URL was opened.');
    login = await loginInBrowser({ ...context, authorizationUrl, isRedirect: redirectMatcher(context) });
    facts.iss = new URL(login.callbackUrl).searchParams.has('iss');
    return { message: `${context.loginSteps.length} login steps; the provider redirected back.` };
  });

  let outcome: Promise<RedirectOutcome | SessionView> | undefined;
  await runner.step('redirect', async () => {
    if (!login) throw new SmokeFailure('internal_error', 'No redirect to deliver.');
    if (context.redirect === 'loopback') {
      outcome = settled(session);
      const answer = await login.request.response();
      await login.page.waitForLoadState('load');
      // Our own landing page's heading (never the title: before load, Chromium titles a page by its URL).
      const heading = await login.page
        .locator('h1')
        .first()
        .innerText({ timeout: 2000 })
        .catch(() => '');
      const status = answer ? `HTTP ${answer.status()}` : 'no response';
      return { message: `The loopback listener answered ${status}${heading ? `: "${heading}"` : ''}.` };
    }
    const delivered = deliverSchemeRedirect(config, session, login.callbackUrl);
    outcome = delivered.outcome;
    return { message: `Delivered as second-instance argv on the ${delivered.scheme}: scheme.` };
  });

  await runner.step('code exchange', async () => {
    await outcome;
    const view = session.view();
    if (view.state !== 'signed-in') throw viewError(view, 'The sign-in did not complete.');
    return {
      message: view.user
        ? `ID token validated; signed in as subject ${view.user.subject}.`
        : 'Tokens received (plain OAuth 2.0: no ID token asked for).',
    };
  });

  // What became of the refresh token is the session's to say (it saw the token response and the
  // keychain's answer); reading the keychain back only confirms a token the session says it saved.
  let custody: RefreshTokenCustody = { kept: 'none' };
  let storedRefreshToken: string | undefined;
  await runner.step('keychain', async () => {
    custody = session.refreshTokenCustody();
    if (custody.kept === 'none') return { status: 'n/a', message: 'The provider issued no refresh token.' };
    if (custody.kept === 'memory')
      return { status: 'fail', ...keychainAdvice(custody.error, 'a refresh token') };
    storedRefreshToken = await secrets.get(account);
    if (storedRefreshToken === undefined)
      throw new SmokeFailure(
        'keychain_unavailable',
        'The session saved its refresh token, but the keychain does not give it back.',
      );
    const key =
      config.dpop && (await secrets.get(accounts.proofKey)) !== undefined ? ' with its DPoP key' : '';
    return { message: `Refresh token${key} stored and read back (service ${config.keychainService}).` };
  });

  await runner.step('API call', async () => {
    const target = apiTarget(config, metadata?.serverMetadata().userinfo_endpoint);
    if (!target) return { status: 'n/a', message: 'No API configured and no userinfo endpoint advertised.' };
    const response = await session.callApi(
      { method: target.method, path: target.path },
      { apiBaseUrl: target.base },
    );
    const where = `${target.method} ${resolveApiUrl(target.base, target.path).pathname}`;
    if (response.status < 200 || response.status >= 300) {
      const challenge = response.headers['www-authenticate'];
      throw new SmokeFailure(
        'api_unauthorized',
        `${where} answered ${response.status}${challenge ? ` (${challenge})` : ''}.`,
      );
    }
    return { message: `${where} answered ${response.status}.` };
  });

  await runner.step('step-up', () => proveStepUp(context));

  await runner.step('refresh', async () => {
    if (custody.kept === 'none') return { status: 'n/a', message: 'No refresh token to use.' };
    await session.accessToken({ forceRefresh: true });
    const now = session.refreshTokenCustody();
    if (now.kept === 'memory' && custody.kept === 'memory')
      return {
        message:
          'New tokens; the refresh token stays in memory only (see keychain), so rotation was not checked.',
      };
    if (now.kept === 'memory') return { status: 'fail', ...keychainAdvice(now.error, 'a new refresh token') };
    const after = await secrets.get(account);
    if (after === undefined)
      throw new SmokeFailure('keychain_unavailable', 'The refresh token is gone from the keychain.');
    facts.rotation = after !== storedRefreshToken;
    return {
      message: facts.rotation
        ? 'New tokens; the rotated refresh token replaced the old one in the keychain.'
        : 'New tokens; the refresh token was not rotated and stays stored.',
    };
  });

  await runner.step('sign-out', async () => {
    const before = context.seen.length;
    const pages = context.opened.length;
    const unsaved = custody.kept === 'memory';
    const view = await session.signOut();
    facts.revocation = context.seen.slice(before).some((url) => url.href === revocationEndpoint);
    if (view.state === 'signed-out' && view.error) {
      // What the app would show; with a keychain that cannot be reached, it cannot delete the entry either.
      if (unsaved && view.error.code === 'sign_out_incomplete')
        return {
          status: 'fail',
          code: view.error.code,
          message: view.error.message,
          fix: 'The keychain part of this follows from the keychain step: its fix fixes this too.',
        };
      throw new AuthError(view.error.code, view.error.message);
    }
    if ((await secrets.get(account)) !== undefined)
      throw new SmokeFailure('keychain_unavailable', 'The keychain entry is still there after sign-out.');
    // RP-initiated logout opens the provider's end-session page in the browser; it is not followed.
    const logout = context.opened.length > pages ? ' The provider logout page was opened.' : '';
    const keychain = unsaved ? 'nothing was in the keychain to delete' : 'the keychain entry deleted';
    if (!revocationEndpoint) {
      const deleted = unsaved ? 'Nothing was in the keychain to delete' : 'Keychain entry deleted';
      return { message: `${deleted}; no revocation endpoint advertised, so nothing was revoked.${logout}` };
    }
    return { message: `Refresh token revoked (RFC 7009) and ${keychain}.${logout}` };
  });
}
