/** How many links of a `cause` chain are followed before giving up. */
const MAX_LINKS = 8;

/**
 * An error and the errors it was caused by, outermost first (an AuthError → openid-client → fetch
 * → the socket or keytar): where the reason a person needs is usually found. Bounded and safe
 * against loops; the last link may be a non-Error `cause` such as a Response.
 */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let link: unknown = error;
  while (link !== undefined && link !== null && chain.length < MAX_LINKS && !chain.includes(link)) {
    chain.push(link);
    link = link instanceof Error ? link.cause : undefined;
  }
  return chain;
}
