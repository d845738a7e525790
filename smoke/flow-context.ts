import type { Browser } from 'playwright-core';
import type { AppConfig } from '../electron/auth/config/config.js';
import type { SecretStore } from '../electron/auth/ports.js';
import type { ProviderClient } from '../electron/auth/provider/provider-client.js';
import type { Session } from '../electron/auth/session.js';
import type { LoginStep } from './login-steps.js';
import type { ProviderFacts } from './smoke-report.js';

/** What every step of a smoke run works with: the app's session as composed, and the browser. */
export interface FlowContext {
  readonly config: AppConfig;
  readonly session: Session;
  readonly secrets: SecretStore;
  readonly provider: ProviderClient;
  readonly redirect: 'scheme' | 'loopback';
  readonly loginSteps: readonly LoginStep[];
  /** Performed after the login steps when the API asks for a step-up, e.g. a one-time code page. */
  readonly stepUpSteps: readonly LoginStep[];
  readonly loginTimeoutSeconds: number;
  readonly screenshotsDir?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly browser: () => Promise<Browser>;
  /** Requests made to the provider, and URLs handed to the "system browser". */
  readonly seen: readonly URL[];
  readonly opened: readonly URL[];
  /** The next URL handed to the "system browser". */
  readonly nextOpened: () => Promise<URL>;
  readonly facts: ProviderFacts;
}
