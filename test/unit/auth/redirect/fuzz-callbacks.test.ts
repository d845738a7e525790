import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCallback } from '../../../../electron/auth/redirect/match-callback.js';
import {
  type PendingAuthorization,
  PendingAuthorizations,
} from '../../../../electron/auth/sign-in/pending-authorizations.js';
import { parseCallbackUrl } from '../../../../electron/auth/redirect/parse-callback-url.js';
import { RedirectIntake } from '../../../../electron/main/redirect-intake.js';

const SCHEME = 'com.example.desktop';
const REDIRECT = `${SCHEME}:/callback`;
const PENDING_STATE = 'Pending-State_0123456789abcdefABCDEF';
const RUNS = { numRuns: 10_000 };

const pending: PendingAuthorization = {
  state: PENDING_STATE,
  nonce: 'n',
  codeVerifier: 'v',
  codeChallenge: 'c',
  redirectUri: REDIRECT,
  expiresAt: Number.MAX_SAFE_INTEGER,
};

/** Values a hostile or broken redirect might carry: empty, huge, odd encodings, near-misses. */
const value = fc.oneof(
  fc.constant(PENDING_STATE),
  fc.constant(PENDING_STATE.toLowerCase()),
  fc.constant(`${PENDING_STATE} `),
  fc.constant(''),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ minLength: 5_000, maxLength: 10_000 }),
  fc.constantFrom('%00', '%E0%A4%A', '%2e%2e%2f', '\u202e', '&', '=', '#', '?', '+', '%20'),
);
const name = fc.constantFrom(
  'code',
  'state',
  'iss',
  'error',
  'error_description',
  'Code',
  'STATE',
  'foo',
  '',
);
const prefix = fc.constantFrom(
  REDIRECT,
  `${REDIRECT}/`,
  `${SCHEME}://callback`,
  `${SCHEME.toUpperCase()}:/callback`,
  'com.example.desktopx:/callback',
  'http://127.0.0.1:1234/callback',
  'https://evil.example/callback',
  'javascript:alert(1)//',
  '',
);
/** A redirect-like URL: a prefix, then parameters in any order and number, maybe a fragment. */
const callbackUrl = fc
  .tuple(
    prefix,
    fc.array(fc.tuple(name, value), { maxLength: 6 }),
    fc.option(fc.string(), { nil: undefined }),
  )
  .map(([base, params, fragment]) => {
    const query = params
      .map(([key, val]) => `${encodeURIComponent(key)}=${encodeURIComponent(val)}`)
      .join('&');
    return `${base}${query ? `?${query}` : ''}${fragment === undefined ? '' : `#${fragment}`}`;
  });
const anyInput = fc.oneof(
  callbackUrl,
  fc.string(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

/** Near-misses of the pending state, and anything else a forged redirect might carry as `state`. */
const otherState = fc
  .oneof(value, fc.constantFrom(PENDING_STATE.slice(0, -1), `${PENDING_STATE}0`, `${PENDING_STATE}%00`))
  .filter((state) => state !== PENDING_STATE);
/** Parameters a code response may carry besides its own: none of them may appear in it twice. */
const extra = fc.tuple(
  fc.constantFrom('Code', 'STATE', 'session_state', 'foo', ''),
  fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('%00', '&', '=', '#', '?', '+')),
);
/** A well-formed code response to our redirect URI, parameters in any order, with `state`. */
const codeResponse = (state: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(REDIRECT, `${SCHEME.toUpperCase()}:/callback`),
      fc.string({ minLength: 1, maxLength: 200 }),
      state,
      fc.array(extra, { maxLength: 4 }),
    )
    .chain(([base, code, stateValue, extras]) => {
      const params: [string, string][] = [['code', code], ['state', stateValue], ...extras];
      return fc
        .shuffledSubarray(params, { minLength: params.length, maxLength: params.length })
        .map((shuffled) => `${base}?${new URLSearchParams(shuffled).toString()}`);
    });
/** What the OS might hand over, labelled with what the test knows it carries. */
const redirect = fc.oneof(
  codeResponse(fc.constant(PENDING_STATE)).map((raw) => ({ raw, carries: 'the pending state' as const })),
  codeResponse(otherState).map((raw) => ({ raw, carries: 'another state' as const })),
  anyInput.map((raw) => ({ raw, carries: 'anything' as const })),
);

describe('fuzzing the redirect path (fast-check, 10,000 cases each)', () => {
  it('parseCallbackUrl never throws and only calls a URL a code response when it is one', () => {
    fc.assert(
      fc.property(anyInput, (raw) => {
        const result = parseCallbackUrl(raw, REDIRECT);
        expect(['code', 'provider-error', 'not-ours', 'malformed']).toContain(result.kind);
        if (result.kind === 'code') {
          const params = new URL(raw).searchParams;
          expect(params.getAll('code')).toHaveLength(1);
          expect(params.getAll('state')).toEqual([result.state]);
          expect(params.get('error')).toBeNull();
        }
        expect(JSON.stringify(result.kind === 'code' ? result.state : result)).not.toContain('code=');
      }),
      RUNS,
    );
  });

  it('only the exact pending state reaches the token exchange, and it always does', () => {
    let exchanged = 0;
    fc.assert(
      fc.property(redirect, ({ raw, carries }) => {
        const attempts = new PendingAuthorizations(() => 0);
        attempts.add(pending);
        const decision = matchCallback(raw, [REDIRECT], attempts);
        if (carries === 'the pending state') {
          // A well-formed code response for the live attempt: exchanged, whatever else it carries.
          expect(decision).toMatchObject({
            action: 'exchange',
            pending,
            url: expect.objectContaining({ href: new URL(raw).href }) as unknown,
          });
        }
        if (carries === 'another state') {
          // The same response with any other state: refused, and the attempt in progress survives.
          expect(decision.action).toBe('reject');
          expect(attempts.peek(PENDING_STATE)).toBe(pending);
        }
        if (decision.action !== 'exchange') return;
        exchanged += 1;
        const url = new URL(raw);
        expect(url.searchParams.getAll('state')).toEqual([PENDING_STATE]);
        expect(url.searchParams.getAll('code')).toHaveLength(1);
        expect(url.searchParams.get('code')).not.toBe('');
        expect(url.searchParams.has('error')).toBe(false);
        expect(url.hash).toBe('');
        expect(`${url.protocol}${url.pathname}`).toBe(REDIRECT);
        expect(attempts.size).toBe(0);
      }),
      RUNS,
    );
    // About a third of the cases are the pending attempt's own response; each was exchanged.
    expect(exchanged).toBeGreaterThan(RUNS.numRuns / 5);
  });

  it('the intake delivers exactly the one argument of our scheme, from any argv', () => {
    const argument = fc.oneof(
      callbackUrl,
      fc.string(),
      fc.constantFrom('--no-sandbox', '--flag=com.example.desktop:/x', '.'),
    );
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 8 }), (rest) => {
        const argv = ['/opt/app/desktop', ...rest];
        const delivered: string[] = [];
        const intake = new RedirectIntake(SCHEME, (url) => delivered.push(url));
        intake.ready();
        intake.fromArgv(argv, 'second-instance');
        const ours = rest.filter((arg) => arg.toLowerCase().startsWith(`${SCHEME}:`));
        expect(delivered).toEqual(ours.length === 1 ? ours : []);
      }),
      RUNS,
    );
  });
});
