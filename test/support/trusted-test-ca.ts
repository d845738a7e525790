import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createTestCa, issueServerCertificate, type TestCa } from './test-ca.js';

/** The run's trusted CA and a server certificate from it for 127.0.0.1 and localhost. */
export interface TrustedTestTls {
  /** Where the CA and certificates live for this run (removed afterwards). */
  readonly dir: string;
  /** The CA itself, to issue other certificates this run trusts (e.g. for the wrong host). */
  readonly ca: TestCa;
  readonly key: string;
  readonly cert: string;
  /** base64 SHA-256 of the server certificate's public key, for Chromium's SPKI allow-list. */
  readonly spkiSha256: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    trustedTestTls: TrustedTestTls;
  }
}

/**
 * vitest global setup: make a CA for this run and have every test process trust it the way a
 * user's tools trust an organisation's CA, through `NODE_EXTRA_CA_CERTS`. Node reads that variable
 * only when a process starts, so it is set here, before vitest forks the test workers (they inherit
 * this environment), and child processes the tests start inherit it in turn. Verification stays
 * on everywhere (RFC 9700 §2.6); a certificate from any other CA is still refused. A bundle that
 * was already configured is kept and the test CA added to it.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'test-ca-'));
  const ca = createTestCa(dir, 'trusted');
  const server = issueServerCertificate(ca, 'loopback-server');
  const bundlePath = join(dir, 'extra-ca-certs.pem');
  writeFileSync(bundlePath, `${configuredExtraCerts()}${ca.certPem}`);
  process.env['NODE_EXTRA_CA_CERTS'] = bundlePath;
  project.provide('trustedTestTls', { dir, ca, ...server });
  return () => rmSync(dir, { recursive: true, force: true });
}

function configuredExtraCerts(): string {
  const path = process.env['NODE_EXTRA_CA_CERTS'];
  if (!path) return '';
  try {
    const pem = readFileSync(path, 'utf8');
    return pem.endsWith('\n') ? pem : `${pem}\n`;
  } catch {
    return '';
  }
}
