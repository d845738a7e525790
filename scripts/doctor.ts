/**
 * `npm run doctor [-- --config FILE] [-- --json OUT]`: check the configured provider live and
 * print a table with a fix for each problem (see electron/auth/doctor). The configuration is
 * loaded exactly as the app loads it (`--config`, else `APP_CONFIG`, else config/app.config.json,
 * plus the OAUTH_* environment overrides). When it points at the bundled demo, the demo is
 * started first (unless it already runs) and stopped afterwards, as `npm start` does. Requests go
 * through the proxy HTTPS_PROXY / HTTP_PROXY name (NO_PROXY respected), said in one line first.
 *
 * Exit codes: 0 no check failed, 1 some check failed, 2 unusable arguments or an invalid configuration.
 */
import type { RunningDemo } from '../demo/start-demo.js';
import { formatDoctorTable } from '../electron/doctor/format-doctor-table.js';
import { runProviderDoctor } from '../electron/doctor/run-provider-doctor.js';
import { startBundledDemoIfNeeded } from './bundled-demo.js';
import { finishReport } from './finish-report.js';
import { parseArgsOrExit } from './parse-cli-args.js';
import { proxyFetchOrExit } from './proxy-fetch-or-exit.js';
import { readConfig } from './read-config.js';

const USAGE = 'usage: npm run doctor -- [--config FILE] [--json OUT]';

const { values } = parseArgsOrExit(
  { options: { config: { type: 'string' }, json: { type: 'string' } }, allowPositionals: false },
  USAGE,
);
const configPath = values.config ?? process.env['APP_CONFIG'] ?? 'config/app.config.json';

const config = readConfig(configPath);
if (config === undefined) process.exit(2);
const network = proxyFetchOrExit();

let demo: RunningDemo | undefined;
try {
  demo = await startBundledDemoIfNeeded(config);
  if (demo)
    console.log(`Started the bundled demo provider ${demo.issuer} and API ${demo.apiUrl} for the check.\n`);
} catch (error) {
  // Something else holds the port: check whatever answers there.
  console.warn(`Could not start the bundled demo (${(error as Error).message}).\n`);
}

try {
  // The API check probes the configured apiRequest path, the one the app itself calls.
  const report = await runProviderDoctor(config, { fetch: network.fetch });
  console.log(`Provider doctor for ${config.issuer} (client "${config.clientId}")\n`);
  process.stdout.write(formatDoctorTable(report));
  finishReport(report, values.json);
} finally {
  await network.close();
  await demo?.close();
}
