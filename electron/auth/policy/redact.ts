/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;
/** Long runs of token alphabet (RFC 6750 §2.1 b64token) with no spaces: codes, opaque tokens, verifiers. */
const OPAQUE_SECRET = /^[\w.~+/=-]{24,}$/;
const URL_WITH_QUERY = /\b([a-z][\w+.-]*:\/{0,2}[^\s?#]*)[?#][^\s]*/gi;

/**
 * Make one logged value safe: tokens, codes and verifiers become `[redacted]`, and a URL keeps
 * its scheme, host and path but loses its query and fragment, where codes and states travel
 * (RFC 6819 §5.1.1.1, RFC 9700 §4.2.4: keep credentials out of logs).
 */
export function redact(value: string | number | boolean): string | number | boolean {
  if (typeof value !== 'string') return value;
  if (JWT.test(value) || OPAQUE_SECRET.test(value)) return REDACTED;
  return value.replace(URL_WITH_QUERY, `$1?${REDACTED}`);
}
