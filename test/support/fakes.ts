import type { BrowserLauncher, Clock, MetadataCache, SecretStore } from '../../electron/auth/ports.js';

/** A keychain in a Map, with a switch to make it fail like a locked keyring. */
export class MemorySecretStore implements SecretStore {
  readonly entries: Map<string, string>;
  failWith: Error | undefined;

  constructor(entries: Iterable<readonly [string, string]> = []) {
    this.entries = new Map(entries);
  }

  get(account: string): Promise<string | undefined> {
    return this.#run(() => this.entries.get(account));
  }
  set(account: string, secret: string): Promise<void> {
    return this.#run(() => void this.entries.set(account, secret));
  }
  delete(account: string): Promise<boolean> {
    return this.#run(() => this.entries.delete(account));
  }
  #run<T>(operation: () => T): Promise<T> {
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(operation());
  }
}

/** Records the URLs the app asks the OS to open instead of opening them. */
export class RecordingBrowser implements BrowserLauncher {
  readonly opened: URL[] = [];
  failWith: Error | undefined;

  open(url: URL): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.opened.push(url);
    return Promise.resolve();
  }

  get last(): URL {
    const url = this.opened.at(-1);
    if (!url) throw new Error('the browser was never opened');
    return url;
  }
}

/** A clock that moves only when told, and timers that fire only when it passes them. */
export class ManualClock {
  #now = Date.UTC(2026, 10, 25, 12, 0, 0);
  readonly #timers = new Set<{ at: number; run: () => void }>();

  readonly now: Clock = () => this.#now;

  readonly schedule = (ms: number, run: () => void): (() => void) => {
    const timer = { at: this.#now + ms, run };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  };

  advance(ms: number): void {
    this.#now += ms;
    for (const timer of [...this.#timers]) {
      if (timer.at <= this.#now) {
        this.#timers.delete(timer);
        timer.run();
      }
    }
  }
}

/** The metadata file shared by the "runs" of one test, as the app's data folder would be. */
export function memoryMetadataCache(): MetadataCache & { text: string | undefined } {
  const cache = {
    text: undefined as string | undefined,
    read: () => Promise.resolve(cache.text),
    write: (text: string) => {
      cache.text = text;
      return Promise.resolve();
    },
  };
  return cache;
}
