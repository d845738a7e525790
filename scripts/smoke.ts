/**
 * `npm run smoke -- [--config FILE] [--login STEPS.json] [--redirect scheme|loopback]
 *   [--json OUT] [--headful] [--screenshots DIR] [--login-timeout SECONDS]`
 *
 * Prove a provider configuration end to end with the app's own code and Chromium as the system
 * browser (see smoke/run-smoke.ts). With no arguments it runs against the bundled demo, starting
 * it as `npm start` does, with the demo's login steps. Login values: SMOKE_USERNAME and
 * SMOKE_PASSWORD (steps that say "username" / "password"), or literals. The app's requests go
 * through the proxy HTTPS_PROXY / HTTP_PROXY name (NO_PROXY respected), said in one line first;
 * Chromium, the system browser, keeps its own proxy settings.
 *
 * Exit codes: 0 every step that applies passed, 1 a step failed, 2 unusable arguments or config.
 */
import { readFileSync } from 'node:fs';
import type { RunningDemo } from '../demo/start-demo.js';
import { formatSmokeReport } from '../smoke/format-smoke.js';
import { type LoginStep, LoginStepsError, parseLoginSteps, stepValue } from '../smoke/login-steps.js';
import { runSmoke } from '../smoke/run-smoke.js';
import { pointsAtDemo, startBundledDemoIfNeeded } from './bundled-demo.js';
import { finishReport } from './finish-report.js';
import { exitWithUsage, parseArgsOrExit } from './parse-cli-args.js';
import { proxyFetchOrExit } from './proxy-fetch-or-exit.js';
import { readConfig } from './read-config.js';

const DEMO_LOGIN_STEPS = 'config/smoke/demo-login.json';

const USAGE =
  'usage: npm run smoke -- [--config FILE] [--login STEPS.json] [--redirect scheme|loopback]\n' +
  '  [--json OUT] [--headful] [--screenshots DIR] [--login-timeout SECONDS]';

const { values } = parseArgsOrExit(
  {
    options: {
      config: { type: 'string' },
      login: { type: 'string' },
      redirect: { type: 'string' },
      json: { type: 'string' },
      headful: { type: 'boolean', default: false },
      screenshots: { type: 'string' },
      'login-timeout': { type: 'string' },
    },
    allowPositionals: false,
  },
  USAGE,
);

const configPath = values.config ?? process.env['APP_CONFIG'] ?? 'config/app.config.json';
const config = readConfig(configPath);
if (config === undefined) process.exit(2);

const redirect = values.redirect ?? (config.redirect === 'loopback' ? 'loopback' : 'scheme');
if (redirect !== 'scheme' && redirect !== 'loopback') usage('--redirect must be "scheme" or "loopback"');
if (redirect === 'scheme' && config.redirectUri === undefined)
  usage('--redirect scheme needs "redirectUri" in the configuration');

const loginFile = values.login ?? (pointsAtDemo(config.issuer) ? DEMO_LOGIN_STEPS : undefined);
const loginSteps = loginFile === undefined ? [] : readLoginSteps(loginFile);
// A person logging in by hand gets longer than a script.
const loginTimeoutSeconds = Number(values['login-timeout'] ?? (values.headful && !loginFile ? 300 : 30));
if (!(loginTimeoutSeconds > 0)) usage('--login-timeout must be a number of seconds');
const network = proxyFetchOrExit();

let demo: RunningDemo | undefined;
try {
  demo = await startBundledDemoIfNeeded(config);
  if (demo) console.log(`Started the bundled demo provider ${demo.issuer} and API ${demo.apiUrl}.`);
} catch (error) {
  console.warn(`Could not start the bundled demo (${(error as Error).message}).`);
}

try {
  console.log(`Smoke test of ${config.issuer} (client "${config.clientId}", ${redirect} redirect)\n`);
  const report = await runSmoke({
    config,
    loginSteps,
    redirect,
    loginTimeoutSeconds,
    headful: values.headful,
    screenshotsDir: values.screenshots,
    env: process.env,
    progress: (line) => console.error(line),
    fetch: network.fetch,
  });
  process.stdout.write(`\n${formatSmokeReport(report)}`);
  finishReport(report, values.json);
} finally {
  await network.close();
  await demo?.close();
}

function readLoginSteps(path: string): LoginStep[] {
  try {
    const steps = parseLoginSteps(JSON.parse(readFileSync(path, 'utf8')));
    for (const step of steps) if ('fill' in step) stepValue(step.with, process.env); // fail before any browser
    return steps;
  } catch (error) {
    if (error instanceof LoginStepsError || error instanceof SyntaxError) usage(`${path}: ${error.message}`);
    return usage(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

function usage(problem: string): never {
  return exitWithUsage(problem, USAGE);
}
