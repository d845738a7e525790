import { causeChain } from '../auth/cause-chain.js';
import { proxyProblemMessage, tlsProblemMessage } from '../auth/provider/connection-problem-messages.js';
import { type ProxyFailure, findProxyFailure, proxyName } from '../auth/provider/proxy-problem.js';
import { findTlsProblem, TlsFailure } from '../auth/provider/tls-problem.js';
import { type DoctorCheck, doctorCheck } from './doctor-report.js';

/** A failure on the way to the provider, as a row of its own, and what it keeps from being checked. */
export interface ConnectionProblem {
  readonly check: DoctorCheck;
  /** The fix for the rows it blocks: fix this first. */
  readonly blocks: string;
}

/**
 * When a request failed before the provider could answer it, because of the proxy
 * (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` for the tools, the system's for the app) or a certificate this computer does not trust, that
 * is its own row ("Proxy", "TLS certificate") with its own fix: nothing the provider publishes
 * can be judged until it is fixed, and neither is about the provider's configuration.
 */
export function connectionProblem(error: unknown): ConnectionProblem | undefined {
  const proxy = findProxyFailure(error);
  if (proxy) {
    return {
      check: doctorCheck('proxy', 'Proxy', 'fail', proxyDetail(proxy), proxyProblemMessage(proxy)),
      blocks: 'Nothing can be read from the provider until the proxy lets the request through (see "Proxy").',
    };
  }
  const tls = findTlsProblem(error);
  if (tls) {
    const host = causeChain(error).find((link) => link instanceof TlsFailure)?.host ?? 'the provider';
    return {
      check: doctorCheck(
        'tls',
        'TLS certificate',
        'fail',
        `${host}: ${tls.reason} (${tls.code}).`,
        tlsProblemMessage(tls, host),
      ),
      blocks:
        'Nothing can be read from the provider until its certificate is accepted (see "TLS certificate").',
    };
  }
  return undefined;
}

function proxyDetail({ proxy, problem, target }: ProxyFailure): string {
  const name = proxyName(proxy);
  const at = `${name ? `The proxy at ${name}` : 'The proxy'} (${proxy.variable ?? 'system settings'})`;
  switch (problem.kind) {
    case 'auth-required':
      return `${at} requires authentication (HTTP 407).`;
    case 'credentials-refused':
      return `${at} refused the credentials it was given (HTTP 407).`;
    case 'tunnel-refused':
      return `${at} would not connect to ${target}${problem.status ? ` (HTTP ${problem.status})` : ''}.`;
    case 'unreachable':
      return `${at} could not be reached (${problem.code}).`;
    case 'configuration-failed':
      return `The system's proxy configuration script could not be used (${problem.code}).`;
  }
}
