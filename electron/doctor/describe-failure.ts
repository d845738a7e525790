import { ResponseBodyError } from 'openid-client';
import { causeChain } from '../auth/cause-chain.js';
import { isAuthError } from '../auth/errors.js';
import { proxyProblemMessage, tlsProblemMessage } from '../auth/provider/connection-problem-messages.js';
import { findProxyFailure } from '../auth/provider/proxy-problem.js';
import {
  classifyTlsCode,
  findTlsProblem,
  TlsFailure,
  type TlsProblem,
} from '../auth/provider/tls-problem.js';

/** What went wrong with a request, in the terms the doctor's fixes need. */
export interface FailureCause {
  readonly kind: 'proxy' | 'unreachable' | 'timeout' | 'tls' | 'http' | 'not-json' | 'other';
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The system error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, …) when there is one. */
  readonly code?: string;
  /** The OAuth `error` code of a JSON error body (RFC 6749 §5.2). */
  readonly oauthError?: string;
  readonly oauthDescription?: string;
  /** For a proxy failure: what the proxy did and the fix, naming the proxy (not its credentials). */
  readonly explanation?: string;
  /** For a TLS failure: what was wrong, as the trust store that refused it judged it. */
  readonly tls?: TlsProblem;
  /** For a TLS failure: whose certificate (`host:port`) when the request named it. */
  readonly host?: string;
}

/**
 * Look through an error and its `cause` chain (AuthError → openid-client → fetch → socket) for
 * what actually happened, so a fix can say "provider down" rather than "something failed".
 */
export function describeFailure(error: unknown): FailureCause {
  const chain = causeChain(error);
  // First: a proxy's refusal also looks like an abort, and no server was asked at all.
  const proxy = findProxyFailure(error);
  if (proxy) return { kind: 'proxy', explanation: proxyProblemMessage(proxy) };
  const body = chain.find((link): link is ResponseBodyError => link instanceof ResponseBodyError);
  if (body) {
    return {
      kind: 'http',
      status: body.status,
      oauthError: body.error,
      ...(body.error_description ? { oauthDescription: body.error_description } : {}),
    };
  }
  const response = chain.find((link): link is Response => link instanceof Response);
  const code = chain.map(systemCode).find((value) => value !== undefined);
  if (response)
    return {
      kind: response.status >= 200 && response.status < 300 ? 'not-json' : 'http',
      status: response.status,
    };
  const tls = findTlsProblem(error);
  if (tls) {
    const host = chain.find((link): link is TlsFailure => link instanceof TlsFailure)?.host;
    return { kind: 'tls', code: tls.code, tls, ...(host === undefined ? {} : { host }) };
  }
  if (
    chain.some(
      (link) => link instanceof Error && (link.name === 'TimeoutError' || link.name === 'AbortError'),
    )
  )
    return { kind: 'timeout' };
  if (isAuthError(error, 'provider_unreachable') || chain.some((link) => link instanceof TypeError))
    return code === undefined ? { kind: 'unreachable' } : { kind: 'unreachable', code };
  return { kind: 'other' };
}

/** The likely reasons for a failure, as one sentence for a fix. */
export function likelyCause(cause: FailureCause, timeoutSeconds: number): string {
  switch (cause.kind) {
    case 'proxy':
      return (
        cause.explanation ?? 'The proxy refused the request: check HTTPS_PROXY, HTTP_PROXY and NO_PROXY.'
      );
    case 'tls': {
      // The store that refused decides the fix: Node's CAs (the tools) or the system's (the app).
      const problem = cause.tls ?? (cause.code === undefined ? undefined : classifyTlsCode(cause.code));
      return problem
        ? tlsProblemMessage(problem, cause.host ?? 'the provider')
        : 'The TLS connection failed: the certificate is not trusted by this computer, has expired or names another host.';
    }
    case 'timeout':
      return `No answer within ${timeoutSeconds} s: the provider is down or slow, or a firewall drops the connection.`;
    case 'unreachable':
      return `Could not connect${cause.code ? ` (${cause.code})` : ''}: the provider is down, or the host or port in "issuer" is wrong.`;
    case 'http':
      return cause.status !== undefined && cause.status >= 500
        ? `The provider answered HTTP ${cause.status}: it is down or misconfigured; try again later.`
        : `The provider answered HTTP ${cause.status ?? '?'}: "issuer" is probably wrong (check its path, e.g. a realm or tenant), or the provider publishes no discovery document (then configure "endpoints").`;
    case 'not-json':
      return 'The answer was not a discovery document (a proxy or login page?): check "issuer".';
    case 'other':
      return 'The answer could not be used: check "issuer".';
  }
}

function systemCode(link: unknown): string | undefined {
  if (!(link instanceof Error) || !('code' in link)) return undefined;
  const { code } = link;
  return typeof code === 'string' && !code.startsWith('OAUTH_') ? code : undefined;
}
