import type { BrowserLauncher } from '../electron/auth/ports.js';

/**
 * The system browser as the benchmark sees it: it opens nothing, and keeps only the last URL it was
 * asked to open and the instant it was asked. That instant (`performance.now()` taken first thing
 * in `open`) is where "click to browser" stops, the moment the app hands the URL to the OS. Keeping
 * just the last launch, not a list, lets one session start hundreds of sign-ins without growing.
 */
export class LaunchRecorder implements BrowserLauncher {
  #last: { readonly url: URL; readonly at: number } | undefined;

  open(url: URL): Promise<void> {
    this.#last = { at: performance.now(), url };
    return Promise.resolve();
  }

  /** The URL of the last launch. */
  get last(): URL {
    return this.#launch().url;
  }

  /** When the last launch was asked for, on the `performance.now()` clock. */
  get openedAt(): number {
    return this.#launch().at;
  }

  #launch(): { readonly url: URL; readonly at: number } {
    if (this.#last === undefined) throw new Error('the browser was never opened');
    return this.#last;
  }
}
