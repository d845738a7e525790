import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { ClientRequestConstructorOptions } from 'electron';

/** What happens to a request once the app ends it: by default Node's fetch carries it. */
export type Carrier = (request: FakeClientRequest) => void | Promise<void>;

/**
 * One `net.request` as the app made it (options, headers, body), and the events Electron's
 * ClientRequest would emit for it: `response`, `redirect` (then `Redirect was cancelled` unless
 * followed, as lib/common/api/net-client-request.ts does), `login`, `error` with `net::ERR_…`.
 */
export class FakeClientRequest extends EventEmitter {
  /** Header names in lower case, as given. */
  readonly headers: Record<string, string> = {};
  readonly #chunks: Buffer[] = [];
  readonly #controller = new AbortController();
  aborted = false;

  constructor(
    readonly options: ClientRequestConstructorOptions,
    private readonly carry: Carrier,
  ) {
    super();
  }
  get url(): string {
    return this.options.url ?? '';
  }
  /** What was written, or undefined when nothing was. */
  get body(): Buffer | undefined {
    return this.#chunks.length > 0 ? Buffer.concat(this.#chunks) : undefined;
  }
  /** Aborted with the request, for whatever carries it. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  write(chunk: Buffer): boolean {
    this.#chunks.push(Buffer.from(chunk));
    return true;
  }
  /**
   * Hands the request to the carrier. What a listener throws while it emits is not turned into an
   * `error` event: Electron calls the listeners from native callbacks, so it is uncaught in main,
   * and here uncaught in the test process too.
   */
  end(): this {
    void Promise.resolve()
      .then(() => this.carry(this))
      .catch((error: unknown) => {
        process.nextTick(() => {
          throw error;
        });
      });
    return this;
  }
  abort(): void {
    this.aborted = true;
    this.#controller.abort();
  }
  followRedirect(): void {}

  /**
   * Answer with a response as Electron's IncomingMessage would carry it; an array is a header
   * received more than once, merged as {@link incomingHeaders} says.
   */
  respond(status: number, headers: Record<string, string | string[]>, body?: string | Uint8Array): void {
    const received = Object.entries(headers).flatMap(([name, value]) =>
      (typeof value === 'string' ? [value] : value).map((one): [string, string] => [name, one]),
    );
    this.emit(
      'response',
      incomingMessage(status, '', incomingHeaders(received), body === undefined ? [] : [Buffer.from(body)]),
    );
  }
  /** Fail as Chromium does, e.g. `net::ERR_CERT_AUTHORITY_INVALID`. */
  fail(message: string): void {
    this.emit('error', new Error(message));
  }
}

/** Names whose duplicates Electron's IncomingMessage discards, keeping the first (as Node's http). */
const SINGLETONS = new Set(
  (
    'age authorization content-length content-type etag expires from host if-modified-since ' +
    'if-unmodified-since last-modified location max-forwards proxy-authorization referer ' +
    'retry-after server user-agent'
  ).split(' '),
);

/**
 * Response headers as Electron's `IncomingMessage.headers` formats them: names in lower case, the
 * first of a singleton's duplicates, `set-cookie` always an array, duplicate `cookie` joined with
 * "; " and any other duplicates with ", ".
 *
 * @see https://www.electronjs.org/docs/latest/api/incoming-message#messageheaders
 */
function incomingHeaders(received: Iterable<readonly [string, string]>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [anyCase, value] of received) {
    const name = anyCase.toLowerCase();
    const before = headers[name];
    if (name === 'set-cookie') headers[name] = [...(before ?? []), value];
    else if (before === undefined) headers[name] = value;
    else if (!SINGLETONS.has(name))
      headers[name] = `${String(before)}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return headers;
}

function incomingMessage(
  statusCode: number,
  statusMessage: string,
  headers: Record<string, string | string[]>,
  body: Iterable<Buffer> | AsyncIterable<Uint8Array>,
): Readable {
  return Object.assign(Readable.from(body), { statusCode, statusMessage, headers });
}

/** The `redirect` event's headers: every name with an array (client-request.md, `responseHeaders`). */
function redirectHeaders(response: Response): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const [name, value] of response.headers) (record[name] ??= []).push(value);
  return record;
}

/**
 * Chromium's part played by Node's fetch (the global one, looked up per request so a test's
 * observer sees it): the request goes out as the app built it, a redirect is reported and never
 * followed, and a refused connection fails as `net::ERR_CONNECTION_REFUSED`.
 */
export const carryWithNodeFetch: Carrier = async (request) => {
  const method = request.options.method ?? 'GET';
  let response: Response;
  try {
    response = await globalThis.fetch(request.url, {
      method,
      headers: request.headers,
      body: request.body ? new Uint8Array(request.body) : null,
      redirect: 'manual',
      signal: request.signal,
    });
  } catch (error) {
    if (request.aborted) return;
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    request.fail(code === 'ECONNREFUSED' ? 'net::ERR_CONNECTION_REFUSED' : 'net::ERR_FAILED');
    return;
  }
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location !== null) {
    request.emit(
      'redirect',
      response.status,
      method,
      new URL(location, request.url).href,
      redirectHeaders(response),
    );
    if (!request.aborted) request.fail('Redirect was cancelled');
    return;
  }
  const body = response.body ?? (async function* () {})();
  // Node's fetch has already joined duplicates with ", " (set-cookie apart); a singleton's
  // duplicates come joined too, where Electron would keep the first: no raw headers to tell.
  const headers = incomingHeaders(response.headers);
  request.emit('response', incomingMessage(response.status, response.statusText, headers, body));
};

/** Electron's `net` with only `request`, recording every request made. */
export class FakeNet {
  readonly requests: FakeClientRequest[] = [];
  /** Replace to script Chromium's answers (a TLS error, a proxy's challenge…). */
  carry: Carrier = carryWithNodeFetch;
  readonly request = (options: ClientRequestConstructorOptions | string): FakeClientRequest => {
    const request = new FakeClientRequest(typeof options === 'string' ? { url: options } : options, (r) =>
      this.carry(r),
    );
    this.requests.push(request);
    return request;
  };
}

/** The default session's proxy lookup: answers `proxy` (PAC-style, `DIRECT` by default). */
export class FakeSession {
  proxy = 'DIRECT';
  readonly resolved: string[] = [];
  resolveProxy(url: string): Promise<string> {
    this.resolved.push(url);
    return Promise.resolve(this.proxy);
  }
}
