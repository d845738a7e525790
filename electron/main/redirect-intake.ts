/** Where a URL came from, for logs (never the URL itself). */
export type IntakeSource = 'cold-start' | 'second-instance' | 'open-url';

/**
 * Decides which OS events carry a redirect for this app, and holds them until the app can act.
 *
 * - Windows and Linux start a second instance with the URL in argv (and on a cold start it is in
 *   our own argv). Exactly one argument of our scheme is accepted; Chromium switches and anything
 *   else are ignored, and two URLs are refused as ambiguous.
 * - macOS sends `open-url`, possibly before `ready` (registered in `will-finish-launching`).
 *
 * Until {@link RedirectIntake.ready} is called the URLs are queued, in order.
 */
export class RedirectIntake {
  readonly #queue: Array<{ url: string; source: IntakeSource }> = [];
  #isReady = false;

  constructor(
    private readonly scheme: string | undefined,
    private readonly deliver: (url: string, source: IntakeSource) => void,
    private readonly log: (reason: string, source: IntakeSource) => void = () => {},
  ) {}

  /** An argv from a cold start (skip the executable) or from `second-instance`. */
  fromArgv(argv: readonly string[], source: 'cold-start' | 'second-instance'): boolean {
    const url = this.scheme ? findRedirectInArgv(argv.slice(1), this.scheme) : undefined;
    if (url === undefined) {
      this.log('no single redirect URL of our scheme in argv', source);
      return false;
    }
    this.#accept(url, source);
    return true;
  }

  /** A URL from macOS `open-url`; only our scheme is taken. */
  fromOpenUrl(url: string): boolean {
    if (!this.scheme || !url.toLowerCase().startsWith(`${this.scheme.toLowerCase()}:`)) {
      this.log('open-url for another scheme', 'open-url');
      return false;
    }
    this.#accept(url, 'open-url');
    return true;
  }

  /** The app can now handle redirects: deliver what arrived early, then deliver directly. */
  ready(): void {
    this.#isReady = true;
    for (const { url, source } of this.#queue.splice(0)) this.deliver(url, source);
  }

  #accept(url: string, source: IntakeSource): void {
    if (this.#isReady) this.deliver(url, source);
    else this.#queue.push({ url, source });
  }
}

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
