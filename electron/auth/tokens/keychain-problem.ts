import { causeChain } from '../cause-chain.js';

/**
 * Why the OS keychain refused, told apart from the keychain's own error: keytar hands on the
 * messages of libsecret and D-Bus, and a locked keyring needs a different fix from a missing
 * Secret Service. Read once here, for every place that explains a keychain failure (the smoke
 * run now, the provider doctor or the window later).
 *
 * - `locked`: the Secret Service answers, but its keyring is locked and nobody unlocked it (e.g.
 *   gnome-keyring started by D-Bus activation with no password typed).
 * - `no-keyring`: the Secret Service answers, but has no default keyring, and could not ask for a
 *   password to create one.
 * - `no-d-bus`: there is no D-Bus session to reach a Secret Service through.
 * - `no-secret-service`: there is a D-Bus session, but nothing on it offers the Secret Service.
 * - `unknown`: anything else, including every other platform's keychain.
 */
export type KeychainProblem = 'locked' | 'no-keyring' | 'no-d-bus' | 'no-secret-service' | 'unknown';

/** The messages of libsecret, GLib's D-Bus client and gnome-keyring, as keytar passes them on. */
const SIGNS: ReadonlyArray<readonly [KeychainProblem, RegExp]> = [
  ['locked', /\ba locked (collection|object|item)\b/i],
  ['no-keyring', /Object does not exist at path .*\/org\/freedesktop\/secrets\/collection\//i],
  ['no-d-bus', /Cannot autolaunch D-Bus|dbus-launch|Could not connect:/i],
  ['no-secret-service', /org\.freedesktop\.secrets was not provided|ServiceUnknown/i],
];

/**
 * Classify a keychain failure: the error itself or any of its `cause`s (the core wraps keytar's
 * error in `keychain_unavailable` errors). Only matches messages; nothing of them is returned.
 */
export function classifyKeychainError(error: unknown): KeychainProblem {
  for (const link of causeChain(error)) {
    const message = link instanceof Error ? link.message : typeof link === 'string' ? link : '';
    for (const [problem, sign] of SIGNS) if (sign.test(message)) return problem;
  }
  return 'unknown';
}

/** What a person is told about each problem: what is wrong, and the change that fixes it. */
export interface KeychainProblemWords {
  readonly what: string;
  readonly fix: string;
}

const WORDS: Readonly<Record<KeychainProblem, KeychainProblemWords>> = {
  locked: {
    what: 'the keyring of the Secret Service on this D-Bus session is locked, and nobody unlocked it',
    fix:
      'Unlock the keyring: log in to the desktop session, or unlock it in Passwords and Keys (seahorse); ' +
      'in a script, `gnome-keyring-daemon --unlock` reads its password from standard input.',
  },
  'no-keyring': {
    what: 'the Secret Service on this D-Bus session has no default keyring, and could not ask for a password to create one',
    fix:
      'Create and unlock a default ("login") keyring: in Passwords and Keys (seahorse), or in a script ' +
      'with `gnome-keyring-daemon --unlock`, which reads the new password from standard input.',
  },
  'no-d-bus': {
    what: 'there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service can be reached',
    fix: 'Run it in a desktop session with a Secret Service such as gnome-keyring or KWallet.',
  },
  'no-secret-service': {
    what: 'no Secret Service runs on this D-Bus session (nothing provides org.freedesktop.secrets)',
    fix:
      'Install and start a Secret Service such as gnome-keyring or KWallet ' +
      '(Debian: apt-get install gnome-keyring).',
  },
  unknown: {
    what: 'the system keychain refused',
    fix:
      'Make sure the system keychain is there and unlocked: macOS Keychain, Windows Credential Manager, ' +
      'or on Linux a Secret Service such as gnome-keyring or KWallet.',
  },
};

/**
 * The words for a problem. There is deliberately no "store it elsewhere" among the fixes: a
 * refresh token belongs in the keychain or nowhere (RFC 8252 §8.6, RFC 9700 §4.14).
 */
export function keychainProblemWords(problem: KeychainProblem): KeychainProblemWords {
  return WORDS[problem];
}
