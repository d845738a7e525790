import { describe, expect, it } from 'vitest';
import {
  explainRejection,
  findTokenChallenge,
  headerValue,
  parseWwwAuthenticate,
} from '../../../renderer/src/www-authenticate.js';

describe('parseWwwAuthenticate', () => {
  it.each([
    ['Bearer', [{ scheme: 'Bearer', params: {} }]],
    [
      'Bearer error="invalid_token", error_description="token expired"',
      [{ scheme: 'Bearer', params: { error: 'invalid_token', error_description: 'token expired' } }],
    ],
    ['bearer realm = "api" ,scope=read', [{ scheme: 'bearer', params: { realm: 'api', scope: 'read' } }]],
    [
      'Bearer realm="a, b", error_description="say \\"hi\\""',
      [{ scheme: 'Bearer', params: { realm: 'a, b', error_description: 'say "hi"' } }],
    ],
    ['Bearer ERROR="x", error="y"', [{ scheme: 'Bearer', params: { error: 'x' } }]],
    [
      'Negotiate abc+/==, Basic realm="api"',
      [
        { scheme: 'Negotiate', params: {}, token68: 'abc+/==' },
        { scheme: 'Basic', params: { realm: 'api' } },
      ],
    ],
    [
      'DPoP algs="ES256 PS256", error="use_dpop_nonce", Bearer realm="api"',
      [
        { scheme: 'DPoP', params: { algs: 'ES256 PS256', error: 'use_dpop_nonce' } },
        { scheme: 'Bearer', params: { realm: 'api' } },
      ],
    ],
    ['', []],
    ['  ,  ', []],
    ['"not a scheme"', []],
  ])('parses %j', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});

describe('findTokenChallenge', () => {
  it('prefers the Bearer or DPoP challenge that carries an error', () => {
    const header = 'Basic realm="x", Bearer realm="api", DPoP error="invalid_token"';
    expect(findTokenChallenge(header)?.scheme).toBe('DPoP');
  });

  it('ignores other schemes and a missing header', () => {
    expect(findTokenChallenge('Basic realm="x"')).toBeUndefined();
    expect(findTokenChallenge(undefined)).toBeUndefined();
  });
});

describe('headerValue', () => {
  it('finds a header whatever the case of its name', () => {
    expect(headerValue({ 'WWW-Authenticate': 'Bearer' }, 'www-authenticate')).toBe('Bearer');
    expect(headerValue({}, 'www-authenticate')).toBeUndefined();
  });
});

describe('explainRejection', () => {
  it('names the error and its description for a 401', () => {
    const rejection = explainRejection(
      401,
      'Bearer error="invalid_token", error_description="token expired"',
    );
    expect(rejection?.summary).toBe('The API rejected the request: invalid_token — token expired');
    expect(rejection?.advice).toMatch(/expired, was revoked/);
  });

  it('says which scope a 403 needs', () => {
    const rejection = explainRejection(403, 'Bearer error="insufficient_scope", scope="appointments:write"');
    expect(rejection?.summary).toBe('The API refused the request: insufficient_scope');
    expect(rejection?.advice).toMatch(/permission \(scope\).*It needs: appointments:write\.$/);
  });

  it('still explains a refusal that gives no reason', () => {
    expect(explainRejection(401, undefined)?.summary).toBe(
      'The API rejected the request (HTTP 401) without giving a reason',
    );
    expect(explainRejection(403, 'Bearer realm="api"')?.advice).toBe(
      'You are signed in, but not allowed to do this.',
    );
  });

  it('falls back to general advice for an unknown error code', () => {
    expect(explainRejection(401, 'Bearer error="odd"')).toEqual({
      summary: 'The API rejected the request: odd',
      advice: 'It did not accept the credentials that were sent. Try signing in again.',
    });
  });

  it.each([200, 204, 404, 500])('explains nothing for HTTP %i', (status) => {
    expect(explainRejection(status, 'Bearer error="invalid_token"')).toBeUndefined();
  });
});
