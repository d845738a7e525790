import { describe, expect, it } from 'vitest';
import type { ApiAskView } from '../../../electron/shared/ipc-contract.js';
import { askQuestion } from '../../../renderer/src/ask-question.js';

const CANCEL: ApiAskView = {
  id: 'q1',
  kind: 'scope',
  request: { method: 'POST', path: '/appointments/next/cancel' },
  label: 'Cancel the next appointment',
  scopes: ['appointments:write'],
  acrValues: [],
};
const RECORDS: ApiAskView = {
  id: 'q2',
  kind: 'authentication',
  request: { method: 'GET', path: '/records' },
  label: 'View records',
  scopes: [],
  acrValues: ['urn:example:mfa'],
  maxAge: 300,
};

describe('askQuestion', () => {
  it('asks for a permission by the action’s label and names the scope', () => {
    const { question, details } = askQuestion(CANCEL);
    expect(question).toBe('Cancel the next appointment needs a permission you have not given this app yet.');
    expect(details[0]).toContain('allow: appointments:write');
  });

  it('asks for a stronger, recent sign-in and says how recent', () => {
    const { question, details } = askQuestion(RECORDS);
    expect(question).toBe("View records needs you to confirm it's you with a stronger sign-in.");
    expect(details).toContain('The API accepts only a sign-in from the last 5 minutes.');
    expect(details[0]).toContain('urn:example:mfa');
  });

  it('names an unlabelled request by its method and path, and a bare re-authentication as "again"', () => {
    const unlabelled: ApiAskView = { ...RECORDS, acrValues: [], maxAge: 90 };
    delete (unlabelled as { label?: string }).label;
    const { question, details } = askQuestion(unlabelled);
    expect(question).toBe("This request (GET /records) needs you to confirm it's you again.");
    expect(details).toContain('The API accepts only a sign-in from the last 90 seconds.');
  });
});
