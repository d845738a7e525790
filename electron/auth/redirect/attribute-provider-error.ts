import { AuthError } from '../errors.js';
import type { ProviderClient } from '../provider/provider-client.js';

/**
 * An error response from the browser, kept only when it names our issuer, or names none and the
 * provider does not advertise `iss` (RFC 9207 §2.4). Otherwise it may come from another provider
 * in a mix-up attack (RFC 9700 §4.4) and is not shown as ours.
 */
export async function attributeProviderError(
  provider: ProviderClient,
  issuer: string,
  error: AuthError,
  iss: string | undefined,
): Promise<AuthError> {
  const advertised = await provider.get().then(
    (configuration) => configuration.serverMetadata().authorization_response_iss_parameter_supported === true,
    () => false,
  );
  if (iss === issuer || (iss === undefined && !advertised)) return error;
  return new AuthError(
    'callback_invalid',
    'A sign-in error arrived that did not come from your identity provider.',
  );
}
