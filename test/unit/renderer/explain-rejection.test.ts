import { describe, expect, it } from 'vitest';
import { explainRejection } from '../../../renderer/src/explain-rejection.js';

describe('explainRejection', () => {
  it('names the error and its description for a 401', () => {
    const rejection = explainRejection(401, {
      scheme: 'bearer',
      error: 'invalid_token',
      description: 'token expired',
    });
    expect(rejection?.summary).toBe('The API rejected the request: invalid_token — token expired');
    expect(rejection?.advice).toMatch(/expired, was revoked/);
  });

  it('says which scope a 403 needs', () => {
    const rejection = explainRejection(403, {
      scheme: 'bearer',
      error: 'insufficient_scope',
      scope: 'appointments:write',
    });
    expect(rejection?.summary).toBe('The API refused the request: insufficient_scope');
    expect(rejection?.advice).toMatch(/permission \(scope\).*It needs: appointments:write\.$/);
  });

  it('still explains a refusal that gives no reason', () => {
    expect(explainRejection(401, undefined)?.summary).toBe(
      'The API rejected the request (HTTP 401) without giving a reason',
    );
    expect(explainRejection(403, { scheme: 'bearer' })?.advice).toBe(
      'You are signed in, but not allowed to do this.',
    );
  });

  it('falls back to general advice for an unknown error code', () => {
    expect(explainRejection(401, { scheme: 'dpop', error: 'odd' })).toEqual({
      summary: 'The API rejected the request: odd',
      advice: 'It did not accept the credentials that were sent. Try signing in again.',
    });
  });

  it.each([200, 204, 404, 500])('explains nothing for HTTP %i', (status) => {
    expect(explainRejection(status, { scheme: 'bearer', error: 'invalid_token' })).toBeUndefined();
  });
});
