// Module hooks: openid-client is loaded with two lines added, one when the module is evaluated
// (the probe is active) and one at the top of allowInsecureRequests (it was called). The function
// keeps its identity and behaviour, so openid-client's own checks of it are unchanged.
export const PROBE_ACTIVE = 'insecure-requests-probe: watching openid-client';
export const PROBE_CALLED = 'insecure-requests-probe: allowInsecureRequests was called';

const LIBRARY = /\/node_modules\/openid-client\/build\/index\.js$/;
const FUNCTION = 'export function allowInsecureRequests(config) {';

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!LIBRARY.test(url)) return result;
  const source = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source);
  if (!source.includes(FUNCTION)) throw new Error(`insecure-requests-probe: no "${FUNCTION}" in ${url}`);
  const say = (line) => `process.stderr.write(${JSON.stringify(`${line}\n`)});`;
  return {
    ...result,
    source: `${say(PROBE_ACTIVE)}\n${source.replace(FUNCTION, `${FUNCTION} ${say(PROBE_CALLED)}`)}`,
  };
}
