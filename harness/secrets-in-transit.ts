/** Request fields that carry a secret: the code, its verifier, tokens, a client secret (RFC 6749, RFC 7636, RFC 7009). */
const SENT = ['code', 'code_verifier', 'refresh_token', 'token', 'client_secret'];
/** Response fields that carry a secret: the tokens, and a pushed request's reference (RFC 6749 §5.1, RFC 9126 §2.2). */
const RECEIVED = ['access_token', 'refresh_token', 'id_token', 'request_uri'];

/** Long enough to be a secret rather than a word that happens to appear in a page. */
const isSecret = (value: unknown): value is string => typeof value === 'string' && value.length > 8;

/**
 * The secrets a form-encoded request body carries, so a test can prove none of them surfaces in a
 * log, a window or anything the renderer receives.
 */
export function secretsSent(body: unknown): string[] {
  if (!(body instanceof URLSearchParams) && typeof body !== 'string') return [];
  const form = new URLSearchParams(body);
  return SENT.map((name) => form.get(name)).filter(isSecret);
}

/** The secrets a JSON response carries; the response itself is left unread (its clone is read). */
export async function secretsReceived(response: Response): Promise<string[]> {
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  if (!text.trimStart().startsWith('{')) return [];
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return RECEIVED.map((name) => json[name]).filter(isSecret);
  } catch {
    return []; // not JSON after all
  }
}
