/**
 * The redirect URL in a command line, if it holds exactly one argument of our scheme.
 *
 * Windows and Linux hand a custom-scheme URL to the app as a command-line argument (on a cold
 * start in `process.argv`, later in the `second-instance` event). Chromium may add switches, and a
 * hostile launcher may add more URLs; accepting exactly one argument that starts with
 * `<scheme>:` and nothing ambiguous is GitHub Desktop's hardening against argument injection.
 */
export function findRedirectInArgv(argv: readonly string[], scheme: string): string | undefined {
  const prefix = `${scheme.toLowerCase()}:`;
  const candidates = argv.filter((arg) => arg.toLowerCase().startsWith(prefix));
  return candidates.length === 1 ? candidates[0] : undefined;
}
