import type { IncomingMessage } from 'electron';

/**
 * Fetch's null body statuses a `Response` can carry (101 cannot: `new Response` refuses any status
 * outside 200–599, and `net.request` never hands back an upgrade).
 */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * Headers as Electron hands them over: a string per name, an array for `set-cookie` (and for
 * every name on the `redirect` event).
 *
 * @see https://www.electronjs.org/docs/latest/api/incoming-message#messageheaders
 * @throws {TypeError} for a name or value `Headers` refuses.
 */
export function toHeaders(record: Readonly<Record<string, string | readonly string[]>>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    for (const one of typeof value === 'string' ? [value] : value) headers.append(name, one);
  }
  return headers;
}

/**
 * The `Response` for a `net.request`'s IncomingMessage, its body streamed as it arrives (see
 * {@link streamBody}); no body for 204/205/304 or a HEAD.
 *
 * @throws {RangeError} for a status outside 200–599, {@link toHeaders}' TypeError for a header.
 */
export function toResponse(
  message: IncomingMessage,
  method: string,
  abortRequest: () => void,
  signal: AbortSignal | undefined,
): Response {
  const init = {
    status: message.statusCode,
    statusText: message.statusMessage,
    headers: toHeaders(message.headers),
  };
  if (NULL_BODY.has(message.statusCode) || method === 'HEAD') {
    message.on('error', () => {}); // nothing reads it: an error must not go uncaught in main
    return new Response(null, init);
  }
  const body = streamBody(message, abortRequest, signal);
  try {
    return new Response(body, init);
  } catch (error) {
    void body.cancel(); // aborts the request and stops listening
    throw error;
  }
}

/**
 * The body of `message` as a stream that always ends, as Node's fetch's does: closed on `end`;
 * errored with `TypeError('terminated')` on the message's `error`, `aborted`, or a `close` before
 * `end`; errored with the signal's reason when it aborts after the headers (openid-client's
 * timeout covers the body too), which also aborts the request. Cancelling the stream aborts the
 * request.
 *
 * @see https://www.electronjs.org/docs/latest/api/incoming-message#instance-events
 */
function streamBody(
  message: IncomingMessage,
  abortRequest: () => void,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  let finished = false;
  let stream!: ReadableStreamDefaultController<Uint8Array>;
  const finish = (error?: unknown): void => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    if (error === undefined) stream.close();
    else stream.error(error);
  };
  const onAbort = (): void => {
    finish(signal?.reason);
    abortRequest();
  };
  const terminated = (cause?: unknown) => finish(new TypeError('terminated', { cause }));
  return new ReadableStream<Uint8Array>({
    start(controller) {
      stream = controller;
      message.on('data', (chunk) => {
        if (!finished) controller.enqueue(new Uint8Array(chunk));
      });
      message.on('end', () => finish());
      message.on('error', terminated);
      message.on('aborted', () => terminated(new Error('the response was aborted')));
      (message as NodeJS.EventEmitter).on('close', () => terminated(new Error('closed before its end')));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    },
    cancel() {
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      abortRequest();
    },
  });
}
