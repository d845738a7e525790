import { type ProxyFailure, proxyName } from './proxy-problem.js';

/**
 * The sentence for a {@link ProxyFailure} of the operating system's proxy, which the app follows
 * through Chromium's network stack (system proxy, PAC): which proxy did what, and a fix in terms a
 * person can act on, the computer's network settings and whoever runs the proxy. It names no
 * environment variable: the app reads none.
 *
 * The app answers no proxy sign-in prompt (Electron's `login` event of `net.request`), so a proxy
 * that wants a typed password always refuses it; Chromium's integrated authentication may still
 * sign in without asking where the platform offers it (Negotiate or NTLM as the logged-in user on
 * Windows, a Kerberos ticket elsewhere).
 */
export function systemProxyMessage({ proxy, problem, target }: ProxyFailure): string {
  const name = proxyName(proxy);
  const at = name ? `The proxy at ${name}` : "The proxy in this computer's settings";
  switch (problem.kind) {
    case 'auth-required':
    case 'credentials-refused':
      return (
        `${at} refused the connection: it requires authentication (HTTP 407), and this app does not ` +
        `ask for a proxy password. Ask your IT department to let this app reach ${target} through the ` +
        'proxy, or to allow signing in to the proxy with your computer account (Kerberos or NTLM).'
      );
    case 'tunnel-refused': {
      const status = problem.status === undefined ? '' : ` (HTTP ${problem.status})`;
      return (
        `${at} refused to connect to ${target}${status}. The proxy blocks that server or cannot ` +
        'reach it: ask your IT department to allow it.'
      );
    }
    case 'unreachable':
      return (
        `${at} could not be reached (${problem.code}). Check the proxy in this computer's network ` +
        'settings (or its automatic configuration script), and that the proxy is running; your IT ' +
        'department knows which proxy it should be.'
      );
    case 'configuration-failed':
      return (
        `This computer's proxy configuration could not be used (${problem.code}): its automatic ` +
        'configuration script (PAC) could not be fetched or run. Check the proxy settings in the ' +
        "computer's network settings or ask your IT department."
      );
  }
}
