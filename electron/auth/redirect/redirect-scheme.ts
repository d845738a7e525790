/** The scheme of a private-use redirect URI (RFC 8252 §7.1), or undefined for an http(s) one. */
export function privateUseScheme(redirectUri: string): string | undefined {
  const scheme = new URL(redirectUri).protocol.slice(0, -1);
  return scheme === 'http' || scheme === 'https' ? undefined : scheme;
}

/**
 * The file name of the desktop entry that claims the scheme for a development checkout on Linux.
 * `npm run register-scheme` writes it; the app names itself after it (`app.setDesktopName`) so
 * Electron's protocol-client calls refer to the same entry.
 */
export function devDesktopEntryName(scheme: string): string {
  return `${scheme}-dev.desktop`;
}
