/** RFC 6749 §4.1.2.1 error codes in plain words, and what usually fixes them. */
const WORDS: Readonly<Record<string, readonly [string, string]>> = {
  invalid_request: [
    'the request is malformed',
    'Check "authorizationParams" against what the provider expects.',
  ],
  unauthorized_client: [
    'this client may not use the authorization code flow',
    'Allow the authorization_code grant (and response type "code") for this client at the provider.',
  ],
  access_denied: ['access was denied', 'Check that this client may be used by your users at the provider.'],
  unsupported_response_type: ['response type "code" is not allowed', 'Enable the code flow for this client.'],
  invalid_scope: [
    'a requested scope is unknown or not allowed',
    'Remove or correct the offending entries of "scopes".',
  ],
  invalid_target: [
    'a requested resource or audience is unknown',
    'Check "authorizationParams" (resource, audience).',
  ],
  server_error: ['the provider failed internally', "Try again later, or ask the provider's administrators."],
  temporarily_unavailable: ['the provider is overloaded or in maintenance', 'Try again later.'],
};

/**
 * An authorization error code (RFC 6749 §4.1.2.1, RFC 8707 §2) in plain words, with the change
 * that usually fixes it; codes this table does not know get a generic sentence.
 */
export function explainAuthorizationError(code: string): readonly [meaning: string, fix: string] {
  return WORDS[code] ?? ['the provider refused the request', "Check the client's settings at the provider."];
}
