import { isLoopbackHost } from '../policy/loopback.js';
import type { ProxyFailure } from './proxy-problem.js';
import { systemProxyMessage } from './system-proxy-message.js';
import type { TlsProblem } from './tls-problem.js';

// The words for a connection that failed before any server answered: a certificate this computer
// refused, or a proxy that would not carry the request. Each says what happened, names whose
// certificate or which proxy (never its credentials), and the fix (RFC 6749 §10.9:
// certificates are always verified, so a fix is never "accept it anyway").

/** The sentence for a {@link TlsProblem}: what is wrong with `subject`'s certificate, and the fix. */
export function tlsProblemMessage(problem: TlsProblem, subject: string): string {
  const { reason } = problem;
  switch (problem.kind) {
    case 'untrusted':
      return (
        `The certificate of ${subject} is not trusted by this computer (${reason}). If your ` +
        'organisation uses its own certificate authority (a TLS-inspecting proxy, for instance), ' +
        (problem.store === 'system'
          ? "it must be installed in this computer's certificate store: ask your IT department; "
          : 'set NODE_EXTRA_CA_CERTS to its CA certificate (a PEM file) for npm start, npm run smoke ' +
            'and npm run doctor; ') +
        "otherwise the server's certificate is wrong."
      );
    case 'expired':
      return (
        `The certificate of ${subject} is outside its validity dates (${reason}). Check this ` +
        "computer's date and time; otherwise the server's certificate must be renewed."
      );
    case 'wrong-host':
      return (
        `The certificate of ${subject} was issued for another host (${reason}). Check the host ` +
        "name in the configuration; otherwise the server's certificate is wrong."
      );
    case 'revoked':
      return `The certificate of ${subject} has been revoked (${reason}); the server needs a new one.`;
    case 'handshake':
      return (
        `The secure connection to ${subject} failed (${reason}). Check that the address is ` +
        'https on the right port.'
      );
    case 'blocked':
      return (
        `This computer refused the secure connection to ${subject} (${reason}). Trusting another ` +
        'certificate authority does not fix this: ask your IT department.'
      );
  }
}

/**
 * The sentence for a {@link ProxyFailure}: which proxy (host and port, never its credentials) did
 * what, and the fix, naming the variable the proxy came from; a proxy of the system's settings
 * (the app, through Chromium) gets the system's fix instead ({@link systemProxyMessage}).
 */
export function proxyProblemMessage(failure: ProxyFailure): string {
  const { proxy, problem, target } = failure;
  if (proxy.variable === undefined || problem.kind === 'configuration-failed') {
    return systemProxyMessage(failure);
  }
  const at = `The proxy at ${proxy.hostname}:${proxy.port}`;
  switch (problem.kind) {
    case 'auth-required':
      return (
        `${at} refused the connection: it requires authentication (HTTP 407). Put the credentials ` +
        `in ${proxy.variable} (http://user:password@host:port) or ask your IT department.`
      );
    case 'credentials-refused':
      return (
        `${at} refused the credentials in ${proxy.variable} (HTTP 407). Check the user name and ` +
        'password there (http://user:password@host:port, special characters percent-encoded) or ' +
        'ask your IT department.'
      );
    case 'tunnel-refused': {
      const refused = `${at} would not connect to ${target} (HTTP ${problem.status ?? 'error'}).`;
      const host = URL.parse(`http://${target}`)?.hostname ?? '';
      return isLoopbackHost(host)
        ? `${refused} ${host} is this computer, which the proxy cannot reach: add it to NO_PROXY ` +
            '(for instance NO_PROXY=127.0.0.1,localhost).'
        : `${refused} The proxy blocks that server or cannot reach it: ask your IT department to ` +
            'allow it, or add it to NO_PROXY if this computer reaches it without the proxy.';
    }
    case 'unreachable':
      return (
        `${at} could not be reached (${problem.code}). Check the host and port in ` +
        `${proxy.variable}, and that the proxy is running.`
      );
  }
}
