import keytar from 'keytar';
import type { SecretStore } from '../auth/ports.js';

/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Manager, the Secret Service
 * (GNOME Keyring, KWallet) on Linux. Errors propagate: there is no plaintext fallback.
 */
export function createKeytarSecretStore(service: string): SecretStore {
  return {
    get: async (account) => (await keytar.getPassword(service, account)) ?? undefined,
    set: (account, secret) => keytar.setPassword(service, account, secret),
    delete: (account) => keytar.deletePassword(service, account),
  };
}
