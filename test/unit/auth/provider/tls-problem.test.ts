import type { HttpFetch } from '../../../../electron/auth/ports.js';
import * as oidc from 'openid-client';
import { ClientError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { callProtectedApi } from '../../../../electron/auth/api/api-client.js';
import { describeFailure, likelyCause } from '../../../../electron/doctor/describe-failure.js';
import { fromOAuthFailure } from '../../../../electron/auth/errors.js';
import {
  findTlsProblem,
  namingTlsFailures,
  TlsFailure,
} from '../../../../electron/auth/provider/tls-problem.js';
import { OFFLINE_METADATA } from '../../../support/offline-provider.js';

/** What Node's fetch throws when a TLS handshake fails: `fetch failed`, the reason on the cause. */
function fetchFailure(code: string, message = 'tls says no'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

const rejecting =
  (error: unknown): HttpFetch =>
  () =>
    Promise.reject(error instanceof Error ? error : new Error(String(error)));

const UNTRUSTED =
  /^The certificate of (\S+) is not trusted by this computer \((.+)\)\. .*NODE_EXTRA_CA_CERTS/;

describe('TLS failures are named, never "could not be reached"', () => {
  it.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', UNTRUSTED, 'self-signed certificate in certificate chain'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', UNTRUSTED, 'self-signed certificate'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', UNTRUSTED, 'unable to verify the first certificate'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', UNTRUSTED, 'unable to get local issuer certificate'],
    ['CERT_UNTRUSTED', UNTRUSTED, 'certificate not trusted'],
    [
      'CERT_HAS_EXPIRED',
      /outside its validity dates \(certificate has expired\)\. Check this computer's date/,
      '',
    ],
    ['CERT_NOT_YET_VALID', /outside its validity dates \(certificate is not yet valid\)/, ''],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /was issued for another host .*Check the host name/, ''],
    ['CERT_REVOKED', /has been revoked \(certificate revoked\)/, ''],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      /secure connection to .* failed \(.*plain http\?\)\. Check that the address is https/,
      '',
    ],
    ['ERR_SSL_SOMETHING_NEW', /secure connection to .* failed \(ERR_SSL_SOMETHING_NEW\)/, ''],
  ])('%s', async (code, says, reason) => {
    const named = namingTlsFailures(rejecting(fetchFailure(code)));
    const thrown = await named('https://login.example.com:8443/token', { method: 'POST' } as never).catch(
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(TlsFailure);
    expect(thrown).toBeInstanceOf(TypeError); // openid-client passes TypeErrors on unchanged
    const error = fromOAuthFailure(thrown, 'token');
    expect(error.code).toBe('provider_unreachable'); // the session and its refresh token are kept
    expect(error.message).toMatch(says);
    expect(error.message).toMatch(/^The (certificate of|secure connection to) login\.example\.com:8443 /);
    expect(error.message).not.toMatch(/could not be reached|unexpected/i);
    if (reason) expect(UNTRUSTED.exec(error.message)?.[2]).toBe(reason);
    expect(error.cause).toBe(thrown);
  });

  it('without the host (a failure that did not come through the seam), names the provider', () => {
    const error = fromOAuthFailure(fetchFailure('SELF_SIGNED_CERT_IN_CHAIN'), 'discovery');
    expect(error.message).toMatch(
      /^The certificate of the identity provider is not trusted by this computer/,
    );
  });

  it('finds the reason however deep openid-client wrapped it', () => {
    const wrapped = new ClientError('something went wrong', { cause: fetchFailure('CERT_HAS_EXPIRED') });
    expect(findTlsProblem(wrapped)).toEqual({
      kind: 'expired',
      code: 'CERT_HAS_EXPIRED',
      reason: 'certificate has expired',
    });
    expect(fromOAuthFailure(wrapped, 'refresh').message).toMatch(/outside its validity dates/);
  });

  it.each([
    ['connection refused', fetchFailure('ECONNREFUSED'), /could not be reached/],
    ['a timeout', new DOMException('timed out', 'TimeoutError'), /did not answer in time/],
  ])('leaves %s as it was, and unwrapped by the seam', async (_name, failure, says) => {
    const thrown = await namingTlsFailures(rejecting(failure))(
      'https://login.example.com/',
      {} as never,
    ).catch((error: unknown) => error);
    expect(thrown).toBe(failure);
    expect(fromOAuthFailure(thrown, 'discovery').message).toMatch(says);
  });

  it('names the API and its host when the API call fails TLS', async () => {
    const call = callProtectedApi(
      {
        apiBaseUrl: 'https://api.example.com',
        accessToken: () => Promise.resolve('token'),
        transport: () => {
          const configuration = new oidc.Configuration(OFFLINE_METADATA, 'desktop');
          configuration[oidc.customFetch] = () =>
            Promise.reject(fetchFailure('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'));
          return Promise.resolve({ configuration, dpop: {} });
        },
      },
      { method: 'GET', path: '/appointments' },
    );
    await expect(call).rejects.toMatchObject({
      code: 'api_unreachable',
      message: expect.stringMatching(
        /^The certificate of the API at api\.example\.com is not trusted by this computer \(unable to get local issuer certificate\)/,
      ) as unknown,
    });
  });

  it('gives the doctor the same words for its fix', () => {
    const cause = describeFailure(fetchFailure('DEPTH_ZERO_SELF_SIGNED_CERT'));
    expect(cause).toMatchObject({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(likelyCause(cause, 10)).toMatch(
      /^The certificate of the provider is not trusted by this computer \(self-signed certificate\)/,
    );
  });

  it("gives the doctor the system store's fix and the host for a failure the OS judged (the app)", () => {
    const problem = {
      kind: 'untrusted',
      code: 'ERR_CERT_AUTHORITY_INVALID',
      reason: 'unknown CA',
      store: 'system',
    } as const;
    const failure = new TlsFailure('login.example.test:443', problem, {
      cause: new Error('net::ERR_CERT_AUTHORITY_INVALID'),
    });
    const said = likelyCause(describeFailure(new ClientError('request failed', { cause: failure })), 10);
    expect(said).toMatch(
      /^The certificate of login\.example\.test:443 is not trusted by this computer \(unknown CA\)/,
    );
    expect(said).toContain("installed in this computer's certificate store");
    expect(said).not.toContain('NODE_EXTRA_CA_CERTS');
  });
});
