import { API_METHODS } from '../shared/api-request.js';
import { AuthError, isAuthError, toErrorView } from '../auth/errors.js';
import type { Session } from '../auth/session.js';
import type {
  ApiMethod,
  ApiRequest,
  AppInfoView,
  InvokeChannel,
  InvokeChannels,
  ProviderCheckView,
  Result,
} from '../shared/ipc-contract.js';

/** A handler receives the renderer's arguments as `unknown` and must narrow them itself. */
export type IpcHandlers = {
  readonly [C in InvokeChannel]: (...args: unknown[]) => Promise<InvokeChannels[C]['result']>;
};

export interface IpcHandlerDeps {
  readonly session: Session;
  readonly info: () => AppInfoView;
  /** Runs the provider doctor against the live provider. */
  readonly checkProvider?: () => Promise<ProviderCheckView>;
  /** Puts the redacted support details on the clipboard and returns them. */
  readonly copyDetails?: () => Promise<string>;
  /** Puts text on the system clipboard (Electron's `clipboard.writeText`). */
  readonly copyText?: (text: string) => Promise<void>;
  /** The system clipboard's text (Electron's `clipboard.readText`). */
  readonly readText?: () => string | Promise<string>;
}

/**
 * What each IPC channel does, free of Electron so tests drive the exact handlers the app
 * registers. Every handler validates its input and answers with a {@link Result}; nothing is thrown
 * across the process boundary, and nothing returned contains a token.
 */
export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  const { session } = deps;
  return {
    'app:get-info': () => Promise.resolve(deps.info()),
    'auth:get-state': () => Promise.resolve(session.view()),
    'auth:sign-in': () => settle(() => session.signIn()),
    'auth:sign-in-again': () => settle(() => session.signInAgain()),
    'auth:cancel': () => settle(() => Promise.resolve(session.cancel())),
    'auth:reopen-browser': () => settle(() => session.reopenBrowser()),
    'auth:copy-sign-in-link': () =>
      settle(async () => {
        const { copyText } = deps;
        if (!copyText) throw new AuthError('invalid_request', 'Copying the sign-in link is not available.');
        const link = await session.signInLink();
        await copyText(link.url.href);
        void link.ended.then(() => takeBackLink(deps, link.url.href));
        // The link stays in main: the window hears only how long it is good for.
        return { expiresAt: link.expiresAt, pushed: link.pushed };
      }),
    'auth:sign-out': () => settle(() => session.signOut()),
    'provider:check': () =>
      settle(() => {
        if (!deps.checkProvider)
          throw new AuthError('invalid_request', 'The provider check is not available.');
        return deps.checkProvider();
      }),
    'app:copy-details': () =>
      settle(() => {
        if (!deps.copyDetails) throw new AuthError('invalid_request', 'Copying details is not available.');
        return deps.copyDetails().then((text) => ({ text }));
      }),
    'api:request': (request) => settle(() => session.callApi(parseApiRequest(request))),
    'api:step-up': (askId) => settle(() => session.stepUp(parseAskId(askId))),
  };
}

/**
 * A copied sign-in link whose attempt has ended can finish nothing, but on the clipboard it still
 * shows the request (`state`, PKCE challenge, a step-up's `login_hint`) to clipboard history, sync
 * and other programs. Empty the clipboard if it still holds exactly that link; anything the user
 * copied since is theirs and stays. A clipboard that cannot be read or written is left as it is.
 */
async function takeBackLink({ copyText, readText }: IpcHandlerDeps, href: string): Promise<void> {
  try {
    if (copyText && readText && (await readText()) === href) await copyText('');
  } catch {
    // Nothing to tell: the window did not ask for this, and the link must not reach a log.
  }
}

/** Narrow the renderer's `unknown` argument to an {@link ApiRequest}, or refuse it. */
export function parseApiRequest(value: unknown): ApiRequest {
  if (typeof value !== 'object' || value === null) throw invalid('the request must be an object');
  const { method, path, body } = value as Record<string, unknown>;
  if (typeof method !== 'string' || !API_METHODS.includes(method as ApiMethod)) {
    throw invalid(`method must be one of ${API_METHODS.join(', ')}`);
  }
  if (typeof path !== 'string' || path.length > 2048)
    throw invalid('path must be a string of at most 2048 characters');
  return body === undefined
    ? { method: method as ApiMethod, path }
    : { method: method as ApiMethod, path, body };
}

/** An ask id is one main handed out: a short URL-safe string (it is looked up, never trusted). */
export function parseAskId(value: unknown): string {
  if (typeof value !== 'string' || !/^[\w-]{1,128}$/.test(value)) {
    throw new AuthError('invalid_request', 'Invalid step-up request: the question id is malformed.');
  }
  return value;
}

function invalid(reason: string): AuthError {
  return new AuthError('invalid_request', `Invalid API request: ${reason}.`);
}

async function settle<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const authError = isAuthError(error)
      ? error
      : new AuthError('internal_error', 'Something unexpected went wrong.', { cause: error });
    return { ok: false, error: toErrorView(authError) };
  }
}
