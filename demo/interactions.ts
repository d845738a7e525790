import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';
import type { Interaction, InteractionResults } from 'oidc-provider';

import { usernameForHint, verifyDemoCredentials } from './accounts.js';
import { DEMO_ACR_MFA, DEMO_ACR_PASSWORD } from './demo-constants.js';
import { sendPage } from './html.js';
import { readForm } from './read-form.js';
import {
  renderConsentBody,
  renderLoginBody,
  renderProblemBody,
  renderSecondFactorBody,
} from './interaction-pages.js';
import { isSecondFactorCode, SECOND_FACTOR_AMR, SECOND_FACTOR_PROMPT } from './second-factor.js';

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|second-factor|consent))?$/;
const TITLES: Readonly<Record<string, string>> = {
  login: 'Sign in',
  [SECOND_FACTOR_PROMPT]: 'Enter your code',
  consent: 'Allow access?',
};

function requestedScopes(details: Interaction): string[] {
  const scope = details.params['scope'];
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

const epochSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Serves the demo's own login, second-factor and consent pages under `/interaction/:uid` and
 * reports the outcome back to oidc-provider, which then resumes the authorization request (RFC
 * 6749 §4.1.1–4.1.2). A password login is of class `urn:example:pwd`; the second-factor page,
 * which the interaction policy asks for when a request wants `urn:example:mfa`, checks
 * `secondFactorCode` and signs the session's user in again with that class. Returns false for
 * paths it does not own so the caller can hand them to the provider.
 *
 * Results merge with the earlier steps' of the same request, so a later step never undoes a
 * login (with `prompt=login`, a consent result alone would send the user back to the password
 * page); each login result carries its own time (`ts`), so merging it again keeps `auth_time`.
 *
 * Cross-site form posts are refused implicitly: the interaction cookie is `SameSite=Lax`, so a
 * foreign page's POST arrives without it and `interactionDetails` fails.
 */
export function createInteractionRoutes(
  provider: Provider,
  log: (line: string) => void,
  secondFactorCode: string,
) {
  async function finish(req: IncomingMessage, res: ServerResponse, result: InteractionResults) {
    const returnTo = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: true });
    res.writeHead(303, { location: returnTo, 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
  }

  async function grantConsent(details: Interaction, accountId: string): Promise<InteractionResults> {
    const clientId = String(details.params['client_id']);
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId, clientId });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    return { consent: existing ? {} : { grantId } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, uid: string, action?: string) {
    const details = await provider.interactionDetails(req, res);
    const clientId = String(details.params['client_id']);
    if (details.uid !== uid) {
      sendPage(
        res,
        400,
        'Sign-in error',
        renderProblemBody('Sign-in error', 'This page does not match your sign-in request.'),
      );
      return;
    }
    const prompt = details.prompt.name;
    const title = TITLES[prompt] ?? 'Sign in';
    if (req.method === 'GET' && action === undefined) {
      const body =
        prompt === 'login'
          ? renderLoginBody({ uid, clientId, username: usernameForHint(details.params['login_hint']) })
          : prompt === SECOND_FACTOR_PROMPT
            ? renderSecondFactorBody({ uid, clientId })
            : renderConsentBody({ uid, clientId, scopes: requestedScopes(details) });
      sendPage(res, 200, title, body);
      return;
    }
    if (req.method !== 'POST' || action !== prompt) {
      sendPage(
        res,
        400,
        'Sign-in error',
        renderProblemBody('Sign-in error', 'Unexpected step; start again from the app.'),
      );
      return;
    }
    const form = await readForm(req);
    if (prompt === 'login') {
      const username = form.get('username') ?? '';
      const accountId = verifyDemoCredentials(username, form.get('password') ?? '');
      if (!accountId) {
        log(`interaction ${uid}: wrong username or password`);
        const error = 'Wrong username or password. Use the demo account shown above.';
        sendPage(res, 200, 'Sign in', renderLoginBody({ uid, clientId, username, error }));
        return;
      }
      log(`interaction ${uid}: signed in`);
      await finish(req, res, {
        login: { accountId, acr: DEMO_ACR_PASSWORD, amr: ['pwd'], ts: epochSeconds() },
      });
      return;
    }
    const accountId = details.session?.accountId;
    if (prompt === SECOND_FACTOR_PROMPT) {
      if (!accountId) throw new RangeError('second factor without a signed-in user');
      if (!isSecondFactorCode(form.get('code') ?? '', secondFactorCode)) {
        log(`interaction ${uid}: wrong one-time code`);
        const error = 'Wrong code. Enter the six-digit code the demo printed when it started.';
        sendPage(res, 200, title, renderSecondFactorBody({ uid, clientId, error }));
        return;
      }
      log(`interaction ${uid}: second factor passed`);
      const login = { accountId, acr: DEMO_ACR_MFA, amr: SECOND_FACTOR_AMR, ts: epochSeconds() };
      await finish(req, res, { login });
      return;
    }
    if (form.get('decision') !== 'allow' || !accountId) {
      log(`interaction ${uid}: consent denied`);
      await finish(req, res, { error: 'access_denied', error_description: 'The user denied the request.' });
      return;
    }
    log(`interaction ${uid}: consent given`);
    await finish(req, res, await grantConsent(details, accountId));
  }

  return async function routeInteraction(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!path.startsWith('/interaction/')) return false;
    const match = ROUTE.exec(path);
    try {
      if (!match?.[1]) throw new RangeError('unknown interaction path');
      await handle(req, res, match[1], match[2]);
    } catch (error) {
      const expired = error instanceof Error && error.name === 'SessionNotFound';
      log(`interaction error: ${error instanceof Error ? error.name : 'unknown'}`);
      const message = expired
        ? 'This sign-in request has expired or was already completed. Start again from the app.'
        : 'The sign-in request could not be processed. Start again from the app.';
      if (!res.headersSent) sendPage(res, 400, 'Sign-in error', renderProblemBody('Sign-in error', message));
    }
    return true;
  };
}
