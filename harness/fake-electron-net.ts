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
  end(): this {
    void Promise.resolve()
      .then(() => this.carry(this))
      .catch((error: unknown) => {
        if (!this.aborted) this.emit('error', error);
      });
    return this;
  }
  abort(): void {
    this.aborted = true;
    this.#controller.abort();
  }
  followRedirect(): void {}

  /** Answer with a response as Electron's IncomingMessage would carry it. */
  respond(status: number, headers: Record<string, string | string[]>, body?: string | Uint8Array): void {
    this.emit(
      'response',
      incomingMessage(status, '', headers, body === undefined ? [] : [Buffer.from(body)]),
    );
  }
  /** Fail as Chromium does, e.g. `net::ERR_CERT_AUTHORITY_INVALID`. */
  fail(message: string): void {
    this.emit('error', new Error(message));
  }
}

function incomingMessage(
  statusCode: number,
  statusMessage: string,
  headers: Record<string, string | string[]>,
  body: Iterable<Buffer> | AsyncIterable<Uint8Array>,
): Readable {
  return Object.assign(Readable.from(body), { statusCode, statusMessage, headers });
}

function headersOf(response: Response): Record<string, string[]> {
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
      headersOf(response),
    );
    if (!request.aborted) request.fail('Redirect was cancelled');
    return;
  }
  const body = response.body ?? (async function* () {})();
  request.emit('response', incomingMessage(response.status, response.statusText, headersOf(response), body));
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
