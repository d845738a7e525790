import { DEFAULT_PROVIDER_PORT } from '../demo/demo-constants.js';
import type { RunningDemo } from '../demo/start-demo.js';
import type { AppConfig } from '../electron/auth/config/config.js';
import { discoveryUrlOf } from '../electron/doctor/metadata-checks.js';

/**
 * Start the bundled demo provider and API when the configuration points at them (the default)
 * and nothing answers there yet (`npm run demo` may already be running). Undefined when there
 * was nothing to start; the caller closes what it got. The demo's modules load only then, so a
 * command that points elsewhere, or stops at its arguments, never loads the demo provider.
 */
export async function startBundledDemoIfNeeded(config: AppConfig): Promise<RunningDemo | undefined> {
  if (!pointsAtDemo(config.issuer) || (await isUp(config.issuer))) return undefined;
  const { startDemo } = await import('../demo/start-demo.js');
  return startDemo({
    providerPort: Number(new URL(config.issuer).port),
    apiPort: config.apiBaseUrl ? Number(new URL(config.apiBaseUrl).port) : 0,
  });
}

/** Whether the issuer is the bundled demo's default address. */
export function pointsAtDemo(issuer: string): boolean {
  const url = new URL(issuer);
  return (
    url.protocol === 'http:' && url.hostname === '127.0.0.1' && Number(url.port) === DEFAULT_PROVIDER_PORT
  );
}

/**
 * Whether the demo already answers on this computer. Always a direct request, whatever
 * HTTP_PROXY says: it asks about a port on this machine's loopback, which a proxy elsewhere
 * cannot see (a proxied probe would fail and a second demo would be started on a taken port).
 */
async function isUp(issuer: string): Promise<boolean> {
  try {
    const response = await fetch(discoveryUrlOf(issuer), { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
