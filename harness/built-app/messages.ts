/**
 * The messages between a test and the built main process it runs in a child Node process, where
 * the `electron` module is the stand-in in `electron-stand-in.ts`. Everything crosses Node's IPC
 * channel with structured-clone serialisation, as values cross between Electron's processes.
 */

/** A menu item as the app built it, without its click handler. */
export interface MenuItemRecord {
  readonly id?: string;
  readonly label?: string;
  readonly role?: string;
  readonly enabled?: boolean;
  readonly submenu?: readonly MenuItemRecord[];
}

/** What the built app did to Electron, as the stand-in saw it. */
export type AppRecord =
  /** `at`: `performance.now()` in the app's process, for boot timings. */
  | { readonly kind: 'window'; readonly id: number; readonly options: unknown; readonly at: number }
  | { readonly kind: 'loaded'; readonly id: number; readonly url: string }
  | { readonly kind: 'shown'; readonly id: number }
  | { readonly kind: 'handled'; readonly channel: string }
  | { readonly kind: 'privileged'; readonly schemes: unknown }
  | { readonly kind: 'protocol'; readonly scheme: string }
  | { readonly kind: 'scheme-client'; readonly args: readonly unknown[] }
  | { readonly kind: 'opened'; readonly url: string }
  | { readonly kind: 'dialog'; readonly title: string; readonly content: string }
  | { readonly kind: 'menu'; readonly template: readonly MenuItemRecord[] }
  | { readonly kind: 'clipboard'; readonly text: string }
  | { readonly kind: 'sent'; readonly channel: string; readonly payload: unknown }
  | { readonly kind: 'exposed'; readonly name: string; readonly members: Readonly<Record<string, string>> }
  | { readonly kind: 'preload-failed'; readonly message: string }
  | { readonly kind: 'request'; readonly method: string; readonly url: string }
  | { readonly kind: 'net-request'; readonly method: string; readonly url: string }
  | { readonly kind: 'secret'; readonly value: string }
  | { readonly kind: 'quit' }
  | { readonly kind: 'exit'; readonly code: number }
  /** A moment a boot script marked, in the same clock as `window.at`. */
  | { readonly kind: 'mark'; readonly name: string; readonly at: number };

/** What the stand-in sends up: a record, a callback into the renderer, or a reply to a command. */
export type ChildMessage =
  | AppRecord
  | { readonly kind: 'callback'; readonly callbackId: number; readonly args: readonly unknown[] }
  | { readonly kind: 'reply'; readonly requestId: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly requestId: number; readonly ok: false; readonly error: string };

/** A function crossing the bridge is replaced by a reference: the other side calls it back. */
export interface CallbackRef {
  readonly __callback: number;
}
export interface FunctionRef {
  readonly __function: number;
}

/** What the test asks of the stand-in. Commands with a `requestId` get one `reply`. */
export type ParentCommand =
  | { readonly kind: 'ready' }
  | { readonly kind: 'emit'; readonly event: 'second-instance'; readonly argv: readonly string[] }
  | { readonly kind: 'emit'; readonly event: 'open-url'; readonly url: string }
  | { readonly kind: 'emit'; readonly event: 'activate' }
  | { readonly kind: 'call'; readonly requestId: number; readonly member: string; readonly args: unknown[] }
  | { readonly kind: 'call-function'; readonly requestId: number; readonly functionId: number }
  | { readonly kind: 'fetch'; readonly requestId: number; readonly url: string; readonly method: string }
  | { readonly kind: 'menu-click'; readonly requestId: number; readonly id: string };

/** A response of the app's protocol handler, as it crosses to the test. */
export interface ProtocolResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

/** Environment variables the stand-in reads: where its app lives and keeps its data. */
export const STAND_IN_ENV = {
  appPath: 'BUILT_APP_PATH',
  userData: 'BUILT_APP_USER_DATA',
} as const;
