/**
 * `npm start`: run the app against the configured provider. When the configuration points at the
 * bundled demo (the default), start the demo provider and API first, unless they already run
 * (`npm run demo` in another terminal), and stop them when the app exits.
 *
 * Exit codes: the app's own; 1 when the Electron binary cannot be had; 2 when the configuration is
 * unusable (then nothing is started).
 */
import { spawn } from 'node:child_process';
import { DEMO_USER } from '../demo/demo-constants.js';
import { privateUseScheme } from '../electron/auth/redirect/redirect-scheme.js';
import { startBundledDemoIfNeeded } from './bundled-demo.js';
import { electronBinary } from './electron-binary.js';
import { readConfig } from './read-config.js';
import { registerDevScheme } from './register-scheme.js';

const configPath = process.env['APP_CONFIG'] ?? 'config/app.config.json';
const config = readConfig(configPath);
if (config === undefined) process.exit(2);

// Fetch the Electron binary first (on a fresh checkout it downloads now), so a failure is clear.
let electronPath: string;
try {
  electronPath = electronBinary();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const demo = await startBundledDemoIfNeeded(config);
if (demo) {
  console.log(`Demo provider ${demo.issuer} and API ${demo.apiUrl} are running.`);
  console.log(`Sign in as "${DEMO_USER.username}" with password "${DEMO_USER.password}".`);
  console.log(`When "View records" asks for a second factor, the one-time code is ${demo.secondFactorCode}.`);
}

// On Linux a development checkout must register the redirect scheme itself (see register-scheme.ts).
const scheme = config.redirectUri === undefined ? undefined : privateUseScheme(config.redirectUri);
if (process.platform === 'linux' && scheme) {
  try {
    registerDevScheme(scheme, process.cwd());
  } catch (error) {
    console.warn(`Could not register ${scheme}: with xdg-mime (${(error as Error).message}).`);
    console.warn('Sign-in will use a loopback redirect instead (RFC 8252 §7.3).');
  }
}

// electron-vite builds main (ESM), preload (CommonJS) and renderer, then launches Electron.
const app = spawn('electron-vite', ['preview', ...process.argv.slice(2)], {
  env: { ...process.env, ELECTRON_EXEC_PATH: electronPath },
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
const stop = (): void => void app.kill('SIGTERM');
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
app.once('exit', (code) => {
  void (demo?.close() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
});
