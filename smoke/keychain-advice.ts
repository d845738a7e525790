import {
  classifyKeychainError,
  type KeychainProblem,
  keychainProblemWords,
} from '../electron/auth/tokens/keychain-problem.js';

/**
 * The private keyring `npm run smoke` can run in (scripts/with-keyring.sh): it starts a private
 * D-Bus session with a throwaway, unlocked gnome-keyring when DBUS_SESSION_BUS_ADDRESS is not set,
 * and uses the session's own keyring when it is, unless WITH_KEYRING_PRIVATE is set.
 */
const FORCE_PRIVATE =
  'Or run `WITH_KEYRING_PRIVATE=1 npm run smoke`: with a D-Bus session, `npm run smoke` uses its ' +
  'keyring, and WITH_KEYRING_PRIVATE makes it start a private, throwaway, unlocked gnome-keyring instead.';

const PRIVATE_KEYRING: Readonly<Record<KeychainProblem, string>> = {
  'no-d-bus':
    'Or run it as `npm run smoke`, which then starts a private D-Bus session with a throwaway, ' +
    'unlocked gnome-keyring (apt-get install gnome-keyring dbus dbus-x11).',
  locked: FORCE_PRIVATE,
  'no-keyring': FORCE_PRIVATE,
  'no-secret-service': FORCE_PRIVATE,
  unknown:
    'On Linux, `WITH_KEYRING_PRIVATE=1 npm run smoke` runs with a private, throwaway, unlocked gnome-keyring.',
};

/** A failed keychain step, in words: what went wrong, and the change that fixes it. */
export interface KeychainAdvice {
  readonly code: 'keychain_unavailable';
  readonly message: string;
  readonly fix: string;
}

/**
 * Explain a refresh token the session could not save (`error` is the session's own
 * `keychain_unavailable` failure; its cause, keytar's error, tells locked from missing). The run
 * goes on with the token in memory, as the app does: there is no plaintext fallback (RFC 8252 §8.6).
 */
export function keychainAdvice(
  error: unknown,
  token: 'a refresh token' | 'a new refresh token',
): KeychainAdvice {
  const problem = classifyKeychainError(error);
  const { what, fix } = keychainProblemWords(problem);
  return {
    code: 'keychain_unavailable',
    message:
      `The provider issued ${token}, but it could not be saved: ${what}. The run goes on with it in ` +
      'memory only, as the app would; the app would then ask to sign in again at every start. ' +
      'Nothing was written anywhere else (RFC 8252 §8.6).',
    fix: `${fix} ${PRIVATE_KEYRING[problem]}`,
  };
}
