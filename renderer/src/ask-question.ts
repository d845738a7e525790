/**
 * The one question the window asks when the API wants more before it answers: more permission
 * (RFC 6750 §3.1 `insufficient_scope`) or a stronger or more recent sign-in (RFC 9470 §3). Plain
 * words from main's structured ask; no DOM, so it is unit-tested in Node.
 */
import type { ApiAskView } from '../../electron/shared/ipc-contract.js';

/** The question itself, and what saying yes will do. */
export interface AskQuestion {
  readonly question: string;
  readonly details: readonly string[];
}

export function askQuestion(ask: ApiAskView): AskQuestion {
  const subject = ask.label ?? `This request (${ask.request.method} ${ask.request.path})`;
  const meanwhile = 'You stay signed in meanwhile; Not now leaves everything as it is.';
  if (ask.kind === 'scope') {
    return {
      question: `${subject} needs a permission you have not given this app yet.`,
      details: [
        `Your browser opens at your identity provider to ask you to allow: ${ask.scopes.join(', ')}.`,
        meanwhile,
      ],
    };
  }
  const stronger = ask.acrValues.length > 0;
  return {
    question: `${subject} needs you to confirm it's you${stronger ? ' with a stronger sign-in' : ' again'}.`,
    details: [
      `Your browser opens at your identity provider to sign you in again${
        stronger ? `, for example with a second factor (the API asks for ${ask.acrValues.join(' or ')})` : ''
      }.`,
      ...(ask.maxAge === undefined
        ? []
        : [`The API accepts only a sign-in from the last ${duration(ask.maxAge)}.`]),
      meanwhile,
    ],
  };
}

/** "5 minutes", "90 seconds", "2 hours". */
function duration(seconds: number): string {
  const [amount, unit] =
    seconds % 3600 === 0 && seconds > 0
      ? [seconds / 3600, 'hour']
      : seconds % 60 === 0 && seconds > 0
        ? [seconds / 60, 'minute']
        : [seconds, 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
