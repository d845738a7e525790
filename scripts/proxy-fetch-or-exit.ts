import { createEnvProxyFetch, type EnvProxyFetch } from '../electron/adapters/env-proxy-fetch.js';
import { describeProxySettings, ProxySettingsError } from '../electron/adapters/proxy-settings.js';

/**
 * The fetch `npm run doctor` and `npm run smoke` make every request with: through the proxy that
 * `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` name, if any, announced in one line (credentials
 * masked); with none set, Node's fetch and no line at all. A proxy variable that is no proxy URL
 * is a configuration problem: it is said in one sentence and the command exits 2, before any
 * request.
 */
export function proxyFetchOrExit(env: NodeJS.ProcessEnv = process.env): EnvProxyFetch {
  try {
    const network = createEnvProxyFetch(env);
    if (network.settings) console.log(describeProxySettings(network.settings));
    return network;
  } catch (error) {
    if (!(error instanceof ProxySettingsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
