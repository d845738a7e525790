/**
 * `npm run smoke -- [--config FILE] [--login STEPS.json] [--step-up-login STEPS.json]
 *   [--redirect scheme|loopback] [--json OUT] [--headful] [--screenshots DIR] [--login-timeout SECONDS]`
 *
 * Prove a provider configuration end to end with the app's own code and Chromium as the system
 * browser (see smoke/run-smoke.ts). With no arguments it runs against the bundled demo, starting
 * it as `npm start` does, with the demo's login steps. Login values: SMOKE_USERNAME and
 * SMOKE_PASSWORD (steps that say "username" / "password"), SMOKE_ONE_TIME_CODE ("oneTimeCode", a
 * step-up's second factor; the demo's own code when this run started the demo), or literals.
 * The app's requests go through the proxy HTTPS_PROXY / HTTP_PROXY name (NO_PROXY respected),
 * said in one line first; Chromium, the system browser, keeps its own proxy settings.
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
const DEMO_STEP_UP_STEPS = 'config/smoke/demo-step-up.json';

const USAGE =
  'usage: npm run smoke -- [--config FILE] [--login STEPS.json] [--step-up-login STEPS.json]\n' +
  '  [--redirect scheme|loopback] [--json OUT] [--headful] [--screenshots DIR] [--login-timeout SECONDS]';

const { values } = parseArgsOrExit(
  {
    options: {
      config: { type: 'string' },
      login: { type: 'string' },
      'step-up-login': { type: 'string' },
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
const stepUpFile = values['step-up-login'] ?? (pointsAtDemo(config.issuer) ? DEMO_STEP_UP_STEPS : undefined);
// Their values are checked when a step-up needs them: only an API that asks for one does.
const stepUpSteps = stepUpFile === undefined ? [] : readLoginSteps(stepUpFile, { checkValues: false });
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
    stepUpSteps,
    redirect,
    loginTimeoutSeconds,
    headful: values.headful,
    screenshotsDir: values.screenshots,
    // The demo this run started prints no code to read: it is handed over as a person would type it.
    env:
      demo && !process.env['SMOKE_ONE_TIME_CODE']
        ? { ...process.env, SMOKE_ONE_TIME_CODE: demo.secondFactorCode }
        : process.env,
    progress: (line) => console.error(line),
    fetch: network.fetch,
  });
  process.stdout.write(`\n${formatSmokeReport(report)}`);
  finishReport(report, values.json);
} finally {
  await network.close();
  await demo?.close();
}

function readLoginSteps(path: string, { checkValues = true } = {}): LoginStep[] {
  try {
    const steps = parseLoginSteps(JSON.parse(readFileSync(path, 'utf8')));
    // Fail before any browser opens.
    if (checkValues) for (const step of steps) if ('fill' in step) stepValue(step.with, process.env);
    return steps;
  } catch (error) {
    if (error instanceof LoginStepsError || error instanceof SyntaxError) usage(`${path}: ${error.message}`);
    return usage(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

function usage(problem: string): never {
  return exitWithUsage(problem, USAGE);
}
