import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createKeytarSecretStore } from '../electron/adapters/keytar-secret-store.js';
import type { AppConfig } from '../electron/auth/config/config.js';
import { runProviderDoctor } from '../electron/doctor/run-provider-doctor.js';
import { silentLogger, type HttpFetch } from '../electron/auth/ports.js';
import { composeSession } from '../electron/main/compose-session.js';
import { launchChromium } from './chromium.js';
import type { LoginStep } from './login-steps.js';
import { withFixes } from './smoke-advice.js';
import { type ProviderFacts, type SmokeReport, StepRunner } from './smoke-report.js';
import { runFlowSteps } from './smoke-flow.js';
import { APP_NAME } from '../electron/shared/app-identity.js';

/** Everything one smoke run needs; the CLI builds it from its arguments. */
export interface SmokeOptions {
  readonly config: AppConfig;
  /** Performed in the browser; empty means "nothing to do" (or a person, with `headful`). */
  readonly loginSteps: readonly LoginStep[];
  /** Performed after the login steps when the API asks for a step-up (default: none). */
  readonly stepUpSteps?: readonly LoginStep[];
  readonly redirect: 'scheme' | 'loopback';
  readonly loginTimeoutSeconds: number;
  readonly headful?: boolean;
  readonly screenshotsDir?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly progress?: (line: string) => void;
  /** The seam for all HTTP to the provider; tests inject faults here. */
  readonly fetch?: HttpFetch;
}

/** The real network behind openid-client's fetch seam (its body type is wider than DOM fetch's). */
const networkFetch: HttpFetch = (url, init) =>
  fetch(url, { ...init, body: (init.body ?? null) as BodyInit | null });

/**
 * Prove a provider configuration end to end with the app's own code (RFC 8252 flow): the session
 * is composed exactly as the app composes it, Chromium plays the system browser, the redirect
 * comes back through the app's intake path or its loopback listener, and the refresh token lives in
 * the real keychain, under a service of its own (`<keychainService>.smoke`) so that a smoke run
 * never touches a real session. When a step fails, the provider doctor runs and lends its fixes.
 */
export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
  const config: AppConfig = {
    ...options.config,
    redirect: options.redirect,
    keychainService: `${options.config.keychainService}.smoke`,
  };
  const seen: URL[] = [];
  const providerFetch: HttpFetch = (url, init) => {
    seen.push(new URL(url));
    return (options.fetch ?? networkFetch)(url, init);
  };
  const opened: URL[] = [];
  const openedWaiters: Array<(url: URL) => void> = [];
  const userDataDir = await mkdtemp(join(tmpdir(), 'smoke-'));
  const secrets = createKeytarSecretStore(config.keychainService);
  const { session, provider } = composeSession({
    config,
    appName: APP_NAME,
    userDataDir,
    secrets,
    openExternal: (url) => {
      opened.push(new URL(url));
      for (const waiter of openedWaiters.splice(0)) waiter(new URL(url));
      return Promise.resolve();
    },
    isSchemeRegistered: () => options.redirect === 'scheme',
    logger: silentLogger,
    fetch: providerFetch,
  });
  const facts: ProviderFacts = { iss: null, par: null, rotation: null, revocation: null, stepUp: null };
  const runner = new StepRunner(options.progress);
  let browser: Browser | undefined;
  try {
    await runFlowSteps(runner, {
      ...options,
      config,
      session,
      secrets,
      provider,
      seen,
      opened,
      nextOpened: () => new Promise((resolve) => openedWaiters.push(resolve)),
      stepUpSteps: options.stepUpSteps ?? [],
      facts,
      browser: async () => (browser ??= await launchChromium({ headful: options.headful ?? false })),
    });
  } finally {
    if (session.view().state !== 'signed-out') await session.signOut().catch(() => undefined);
    await browser?.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
  // The doctor checks the provider; a step that failed with its own fix (the keychain) needs none.
  const doctor = runner.steps.some((step) => step.status === 'fail' && step.fix === undefined)
    ? await runProviderDoctor(config, { fetch: providerFetch }).catch(() => undefined)
    : undefined;
  const steps = withFixes(runner.steps, doctor);
  return { ok: steps.every((step) => step.status !== 'fail'), steps, provider: facts };
}
