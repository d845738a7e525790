import { describe, expect, it } from 'vitest';
import { redact } from '../../../../electron/auth/policy/redact.js';
import { createLogger } from '../../../../electron/main/logger.js';

describe('redact', () => {
  it.each([
    ['a JWT', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl', '[redacted]'],
    ['an opaque token', 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0', '[redacted]'],
    ['a PKCE verifier', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', '[redacted]'],
    [
      'a callback URL',
      'com.example.desktop:/callback?code=abc&state=def',
      'com.example.desktop:/callback?[redacted]',
    ],
    [
      'a loopback URL in a sentence',
      'got http://127.0.0.1:5000/callback?code=x#y now',
      'got http://127.0.0.1:5000/callback?[redacted] now',
    ],
    ['an error code', 'invalid_grant', 'invalid_grant'],
    ['a sentence', 'not addressed to the redirect URI', 'not addressed to the redirect URI'],
    ['a URL without a query', 'https://idp.example.com/authorize', 'https://idp.example.com/authorize'],
  ])('%s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves numbers and booleans alone', () => {
    expect(redact(42)).toBe(42);
    expect(redact(true)).toBe(true);
  });

  it('is applied to every field and to the message by the logger', () => {
    const lines: string[] = [];
    const log = createLogger({ debug: true, write: (line) => lines.push(line) });
    log.debug('opened https://idp.example/auth?code=secret', { token: 'eyJa.eyJb.c2ln', count: 2 });
    expect(lines).toEqual([
      '[debug] opened https://idp.example/auth?[redacted] {"token":"[redacted]","count":2}',
    ]);
  });

  it('drops debug lines unless debug logging is on', () => {
    const lines: string[] = [];
    createLogger({ debug: false, write: (line) => lines.push(line) }).debug('hidden');
    expect(lines).toEqual([]);
  });
});
