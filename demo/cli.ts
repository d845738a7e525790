import {
  DEFAULT_API_PORT,
  DEFAULT_PROVIDER_PORT,
  DEMO_CLIENT_ID,
  DEMO_OTHER_USER,
  DEMO_USER,
} from './demo-constants.js';
import { startDemo } from './start-demo.js';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a TCP port number (0-65535), got "${raw}"`);
  }
  return port;
}

/** `npm run demo`: runs the demo provider and API in the foreground until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const demo = await startDemo({
    providerPort: portFromEnv('DEMO_PROVIDER_PORT', DEFAULT_PROVIDER_PORT),
    apiPort: portFromEnv('DEMO_API_PORT', DEFAULT_API_PORT),
    logger: (line) => console.log(`[provider] ${line}`),
  });
  console.log(`Demo authorization server: ${demo.issuer}`);
  console.log(`Demo API:                  ${demo.apiUrl}/appointments`);
  console.log(`Client ID:                 ${DEMO_CLIENT_ID}`);
  console.log(`Sign in as:                ${DEMO_USER.username} / ${DEMO_USER.password}`);
  console.log(`  or as:                   ${DEMO_OTHER_USER.username} / ${DEMO_OTHER_USER.password}`);
  console.log(`One-time code (2nd step):  ${demo.secondFactorCode}`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping the demo.`);
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('The demo could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
