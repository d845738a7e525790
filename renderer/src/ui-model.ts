import type {
  ApiActionView,
  ApiRequest,
  ApiResponseView,
  AppInfoView,
  CopiedSignInLink,
  ErrorView,
  ProviderCheckView,
  SessionView,
} from '../../electron/shared/ipc-contract.js';

/** The things a person can ask for; each maps to one bridge call. */
export type Action =
  | 'signIn'
  | 'signInAgain'
  | 'cancel'
  | 'reopenBrowser'
  /** "Copy sign-in link": main puts the waiting attempt's link on the clipboard. */
  | 'copySignInLink'
  | 'signOut'
  | 'callApi'
  /** One of the configured `apiActions`; the dispatch names which. */
  | 'callAction'
  /** "Continue in browser" for the API's question. */
  | 'stepUp'
  /** "Not now" for the API's question. */
  | 'declineStepUp'
  | 'checkProvider'
  | 'copyDetails';

/** Everything one render needs: the session as main reports it, plus what happened in this window. */
export interface UiModel {
  readonly view: SessionView;
  /** Actions whose bridge call has not answered yet; their buttons are disabled. */
  readonly busy: ReadonlySet<Action>;
  /** The last failed call (a `Result` with ok:false), until the session state changes. */
  readonly failure?: ErrorView | undefined;
  /** The last API answer, kept while signed in. */
  readonly api?: ApiResponseView | undefined;
  /** The request that answer is for (the configured one when absent). */
  readonly apiSent?: Pick<ApiRequest, 'method' | 'path'> | undefined;
  /** The configured named requests, from main's app info. */
  readonly apiActions?: readonly ApiActionView[] | undefined;
  /** What "Call API" sends: the configuration's `apiRequest`, from main's app info. */
  readonly apiRequest?: AppInfoView['apiRequest'] | undefined;
  /** What the last "Copy sign-in link" copied is good for, kept while its attempt waits. */
  readonly linkCopied?: CopiedSignInLink | undefined;
  /** The last provider check, kept until the session state changes. */
  readonly providerCheck?: ProviderCheckView | undefined;
  /** Epoch milliseconds used for relative times. */
  readonly now: number;
}

/** What the screens call when a button is pressed; `index` picks one of the `apiActions`. */
export type Dispatch = (action: Action, index?: number) => void;

/** The errors to show in the alert: the view's own, then the last failed call's, without repeats. */
export function alertErrors(model: UiModel): ErrorView[] {
  const fromView = 'error' in model.view ? model.view.error : undefined;
  const errors = [fromView, model.failure].filter((error): error is ErrorView => error !== undefined);
  return errors.filter((error, index) => errors.findIndex((e) => e.message === error.message) === index);
}

/** One sentence for the `aria-live` status region when the screen changes. */
export function describeState(view: SessionView): string {
  switch (view.state) {
    case 'signed-out':
      return 'You are signed out.';
    case 'restoring':
      return 'Restoring your session.';
    case 'awaiting-browser':
      return 'Waiting for you to sign in in your browser.';
    case 'exchanging':
      return 'Finishing sign-in.';
    case 'signed-in':
      return view.user ? `Signed in as ${displayName(view.user)}.` : 'Signed in.';
  }
}

/** The best name to greet someone by: name, then email, then subject. */
export function displayName(user: {
  readonly name?: string;
  readonly email?: string;
  readonly subject: string;
}): string {
  return user.name ?? user.email ?? user.subject;
}
