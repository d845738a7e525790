import { createHash } from 'node:crypto';

/** One entry of the demo API's records: sensitive enough that reading it needs a second factor. */
export interface HealthRecord {
  readonly id: string;
  readonly kind: 'allergy' | 'vaccination' | 'test-result';
  readonly summary: string;
  readonly recordedOn: string;
}

/**
 * The demo's most sensitive resource, `GET /records`: a fixed short list per subject, made up and
 * without storage like the appointments, so a test can tell whose token reached it. Only a recent
 * sign-in with a second factor may read it (RFC 9470).
 */
export function recordsFor(subject: string): HealthRecord[] {
  const tag = createHash('sha256').update(`records:${subject}`).digest('hex');
  return [
    { id: `rec-${tag.slice(0, 8)}`, kind: 'allergy', summary: 'Penicillin (mild)', recordedOn: '2029-03-14' },
    {
      id: `rec-${tag.slice(8, 16)}`,
      kind: 'vaccination',
      summary: 'Tetanus booster',
      recordedOn: '2029-09-02',
    },
    {
      id: `rec-${tag.slice(16, 24)}`,
      kind: 'test-result',
      summary: 'Blood count: normal',
      recordedOn: '2029-11-20',
    },
  ];
}
