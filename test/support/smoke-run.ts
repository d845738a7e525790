import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { AppConfig } from '../../electron/auth/config/config.js';
import type { HttpFetch } from '../../electron/auth/ports.js';
import { formatSmokeReport } from '../../smoke/format-smoke.js';
import { parseLoginSteps } from '../../smoke/login-steps.js';
import { runSmoke, type SmokeOptions } from '../../smoke/run-smoke.js';
import type { SmokeReport, SmokeStep } from '../../smoke/smoke-report.js';
import { recordingSecrets } from './demo-session.js';

/** The demo's login steps and its step-up's second-factor steps, as `npm run smoke` reads them. */
export const demoSteps = parseLoginSteps(JSON.parse(readFileSync('config/smoke/demo-login.json', 'utf8')));
export const demoStepUpSteps = parseLoginSteps(
  JSON.parse(readFileSync('config/smoke/demo-step-up.json', 'utf8')),
);

/**
 * Run `npm run smoke` as a library (scheme redirect, the demo's login steps), remembering every
 * secret the provider saw or sent during it, every request it made ("METHOD /path"), and what the
 * run printed and wrote as JSON.
 */
export async function smoke(config: AppConfig, overrides: Partial<SmokeOptions> = {}) {
  const secrets = new Set<string>();
  const requests: string[] = [];
  const recordingSecretsOf = recordingSecrets(secrets);
  const recording: HttpFetch = (url, init) => {
    requests.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
    return recordingSecretsOf(url, init);
  };
  const progress: string[] = [];
  const report = await runSmoke({
    config,
    loginSteps: demoSteps,
    redirect: 'scheme',
    loginTimeoutSeconds: 20,
    env: {},
    fetch: recording,
    progress: (line) => progress.push(line),
    ...overrides,
  });
  const printed = `${progress.join('\n')}\n${formatSmokeReport(report)}\n${JSON.stringify(report)}`;
  return { report, printed, secrets, requests };
}

/** Nothing printed or written holds a secret the run handled (and the run did handle some). */
export function expectNoSecrets(printed: string, secrets: ReadonlySet<string>): void {
  expect(secrets.size).toBeGreaterThan(3);
  for (const secret of secrets) expect(printed).not.toContain(secret);
  expect(printed).not.toMatch(/[?&](code|state)=/);
}

export const statuses = (report: SmokeReport) =>
  Object.fromEntries(report.steps.map((step) => [step.name, step.status]));

export const step = (report: SmokeReport, name: string): SmokeStep | undefined =>
  report.steps.find((each) => each.name === name);
