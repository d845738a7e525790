/** The parameters of a Bearer challenge (RFC 6750 §3) that matter to a person. */
export interface BearerChallenge {
  readonly error?: string;
  readonly errorDescription?: string;
  readonly scope?: string;
}

/**
 * Read `error`, `error_description` and `scope` from a `WWW-Authenticate: Bearer …` header
 * (RFC 6750 §3, auth-param syntax of RFC 9110 §11.2). Returns undefined for other schemes.
 */
export function parseBearerChallenge(header: string | undefined): BearerChallenge | undefined {
  const match = header?.match(/^\s*Bearer(?:\s+(.*))?$/i);
  if (!match) return undefined;
  const params = new Map<string, string>();
  const pattern = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const [, name = '', quoted, token] of (match[1] ?? '').matchAll(pattern)) {
    params.set(name.toLowerCase(), quoted === undefined ? (token ?? '') : quoted.replace(/\\(.)/g, '$1'));
  }
  const challenge: { error?: string; errorDescription?: string; scope?: string } = {};
  const [error, description, scope] = ['error', 'error_description', 'scope'].map((name) => params.get(name));
  if (error !== undefined) challenge.error = error;
  if (description !== undefined) challenge.errorDescription = description;
  if (scope !== undefined) challenge.scope = scope;
  return challenge;
}

/** One sentence explaining why the API said no, from its status and challenge. */
export function explainRejection(status: number, header: string | undefined): string | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const challenge = parseBearerChallenge(header);
  const reason = [challenge?.error, challenge?.errorDescription].filter(Boolean).join(' — ');
  if (status === 403)
    return `The API refused access${reason ? `: ${reason}` : ' (insufficient permission)'}.`;
  return reason
    ? `The API rejected the request: ${reason}.`
    : 'The API asked for credentials that were not sent.';
}
