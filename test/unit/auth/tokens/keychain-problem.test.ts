import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../../electron/auth/errors.js';
import {
  classifyKeychainError,
  type KeychainProblem,
  keychainProblemWords,
} from '../../../../electron/auth/tokens/keychain-problem.js';

/** keytar's messages as this machine's libsecret, GLib and gnome-keyring really produce them. */
const CASES: ReadonlyArray<readonly [string, KeychainProblem]> = [
  ['Cannot create an item in a locked collection', 'locked'],
  ['Cannot get secret of a locked object', 'locked'],
  ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'no-keyring'],
  ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-d-bus'],
  [
    'Error spawning command line “dbus-launch --autolaunch=0123 --binary-syntax --close-stderr”: Child process exited with code 1',
    'no-d-bus',
  ],
  ['Could not connect: No such file or directory', 'no-d-bus'],
  ['The name org.freedesktop.secrets was not provided by any .service files', 'no-secret-service'],
  ['The user name or passphrase you entered is not correct.', 'unknown'],
  ['', 'unknown'],
];

describe('classifyKeychainError', () => {
  it.each(CASES)('%j → %s', (message, problem) => {
    expect(classifyKeychainError(new Error(message))).toBe(problem);
  });

  it("finds keytar's error under the core's keychain_unavailable errors", () => {
    const keytar = new Error('Cannot create an item in a locked collection');
    const vault = new AuthError('keychain_unavailable', 'Could not save…', { cause: keytar });
    const notSaved = new AuthError('keychain_unavailable', 'You are signed in, but…', { cause: vault });
    expect(classifyKeychainError(notSaved)).toBe('locked');
  });

  it('gives up on values that are not errors and on cause loops', () => {
    expect(classifyKeychainError(undefined)).toBe('unknown');
    expect(classifyKeychainError({ message: 'a locked collection' })).toBe('unknown');
    const loop = new Error('outer');
    (loop as { cause?: unknown }).cause = loop;
    expect(classifyKeychainError(loop)).toBe('unknown');
  });

  it('has words and a fix for every problem, and none of them stores the token elsewhere', () => {
    for (const problem of ['locked', 'no-keyring', 'no-d-bus', 'no-secret-service', 'unknown'] as const) {
      const { what, fix } = keychainProblemWords(problem);
      expect(what.length).toBeGreaterThan(10);
      expect(fix).not.toMatch(/file|plain/i);
    }
  });
});
