import { createHash, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate authority made for one test run: its files live in `dir`, nowhere else. */
export interface TestCa {
  readonly dir: string;
  readonly name: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
}

/** A server certificate (PEM), in the shape `https.createServer` and the demo's `tls` take. */
export interface ServerCertificate {
  readonly key: string;
  /** The leaf, followed by the CA's certificate when `sendCa` asked for it. */
  readonly cert: string;
  /** base64 SHA-256 of the leaf's SubjectPublicKeyInfo, what Chromium's SPKI allow-list names. */
  readonly spkiSha256: string;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** An EC P-256 key: quick to make, and what hosted providers commonly serve. */
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Make a CA with OpenSSL (`basicConstraints=CA:TRUE`, signs certificates only), valid two days. */
export function createTestCa(dir: string, name: string): TestCa {
  const certPath = join(dir, `${name}.ca.pem`);
  const keyPath = join(dir, `${name}.ca.key`);
  openssl(
    [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      `/CN=${name} test CA`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { dir, name, certPath, keyPath, certPem: readFileSync(certPath, 'utf8') };
}

/**
 * Issue a TLS server certificate signed by `ca` for `hosts` (subjectAltName entries such as
 * `IP:127.0.0.1`, `DNS:localhost`; RFC 6125 §6: the name is checked against these only).
 */
export function issueServerCertificate(
  ca: TestCa,
  name: string,
  options: { readonly hosts?: readonly string[]; readonly sendCa?: boolean } = {},
): ServerCertificate {
  const base = join(ca.dir, name);
  const extensions = `${base}.ext`;
  writeFileSync(
    extensions,
    [
      `subjectAltName=${(options.hosts ?? ['IP:127.0.0.1', 'DNS:localhost']).join(',')}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  openssl(
    ['req', ...EC_KEY, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`],
    ca.dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      ca.certPath,
      '-CAkey',
      ca.keyPath,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      extensions,
      '-out',
      `${base}.pem`,
    ],
    ca.dir,
  );
  const leaf = readFileSync(`${base}.pem`, 'utf8');
  return {
    key: readFileSync(`${base}.key`, 'utf8'),
    cert: options.sendCa ? `${leaf}${ca.certPem}` : leaf,
    spkiSha256: spkiSha256(leaf),
  };
}

/** A self-signed server certificate: no CA at all, as a default install of many servers has. */
export function selfSignedCertificate(dir: string, name: string): ServerCertificate {
  const base = join(dir, name);
  openssl(
    [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    dir,
  );
  const cert = readFileSync(`${base}.pem`, 'utf8');
  return { key: readFileSync(`${base}.key`, 'utf8'), cert, spkiSha256: spkiSha256(cert) };
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo (DER). */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
