/**
 * A pure parser for `WWW-Authenticate` (RFC 9110 §11.6.1) and the plain-words explanation of an
 * API refusal built from it (RFC 6750 §3, RFC 9449 §7.1). No DOM, so it is unit-tested in Node.
 */

/** One challenge: its scheme, its auth-params (names lower-cased) or its token68. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
  readonly token68?: string;
}

/** Why the API said no, for a person: one line that names the reason, one that says what to do. */
export interface Rejection {
  readonly summary: string;
  readonly advice: string;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const SCHEME = new RegExp(`(${TOKEN})`, 'y');
const PARAM = new RegExp(`(${TOKEN})[ \\t]*=[ \\t]*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))`, 'y');
const TOKEN68 = /([A-Za-z0-9._~+/-]+=*)(?=[ \t]*(?:,|$))/y;
const SPACE = /[ \t]*/y;
const SEPARATORS = /[ \t,]*/y;

/** Match `pattern` at `at`; the match and where it ends, or undefined. */
function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text) ?? undefined;
}

function skip(pattern: RegExp, text: string, at: number): number {
  return at + (matchAt(pattern, text, at)?.[0].length ?? 0);
}

/**
 * Every challenge in a `WWW-Authenticate` value, in order. Quoted strings may hold commas and
 * escaped quotes; parsing stops quietly at the first thing that is not a challenge.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let at = skip(SEPARATORS, header, 0);
  while (at < header.length) {
    const scheme = matchAt(SCHEME, header, at);
    if (!scheme) break;
    at = skip(SPACE, header, at + scheme[0].length);
    const params: Record<string, string> = {};
    let token68: string | undefined;
    let param = matchAt(PARAM, header, at);
    if (!param) {
      const token = matchAt(TOKEN68, header, at);
      if (token) [at, token68] = [at + token[0].length, token[1]];
    }
    while (param) {
      const [text, name = '', quoted, bare] = param;
      params[name.toLowerCase()] ??= quoted === undefined ? (bare ?? '') : quoted.replace(/\\(.)/g, '$1');
      at = skip(SEPARATORS, header, at + text.length);
      param = matchAt(PARAM, header, at);
    }
    challenges.push({ scheme: scheme[1] ?? '', params, ...(token68 === undefined ? {} : { token68 }) });
    at = skip(SEPARATORS, header, at);
  }
  return challenges;
}

/** The Bearer or DPoP challenge that carries an `error`, else the first of either scheme. */
export function findTokenChallenge(header: string | undefined): Challenge | undefined {
  const candidates = parseWwwAuthenticate(header ?? '').filter((challenge) =>
    ['bearer', 'dpop'].includes(challenge.scheme.toLowerCase()),
  );
  return candidates.find((challenge) => challenge.params['error'] !== undefined) ?? candidates[0];
}

/** The header's value whatever the case of its name. */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

const ADVICE: Readonly<Record<string, string>> = {
  invalid_token:
    'The access token was not accepted: it has expired, was revoked, or is not meant for this API. ' +
    'Try again; if it keeps failing, sign out and sign in again.',
  insufficient_scope:
    'You are signed in, but this sign-in was not granted the permission (scope) the API needs.',
  invalid_request: 'The request did not carry its credentials the way the API expects.',
  invalid_dpop_proof: 'The proof that the token belongs to this app was not accepted.',
};

/**
 * Explain a 401 or 403 from the API in plain words, using the token challenge's `error`,
 * `error_description` and `scope`; undefined for any other status.
 * E.g. "The API rejected the request: invalid_token — token expired".
 */
export function explainRejection(status: number, header: string | undefined): Rejection | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const params = findTokenChallenge(header)?.params ?? {};
  const { error, error_description: description, scope } = params;
  const reason = [error, description].filter((part) => part !== undefined && part !== '').join(' — ');
  const verb = status === 401 ? 'rejected' : 'refused';
  const summary = reason
    ? `The API ${verb} the request: ${reason}`
    : `The API ${verb} the request (HTTP ${status}) without giving a reason`;
  const fallback =
    status === 401
      ? 'It did not accept the credentials that were sent. Try signing in again.'
      : 'You are signed in, but not allowed to do this.';
  const needs = scope ? ` It needs: ${scope}.` : '';
  return { summary, advice: `${(error && ADVICE[error]) ?? fallback}${needs}` };
}
