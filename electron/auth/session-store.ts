import type { SessionView } from '../shared/ipc-contract.js';
import { type SessionState, toSessionView } from './session-view.js';

/**
 * The session's single source of truth: the current state (with its secrets, in main-process
 * memory) and the listeners that get a {@link SessionView} on every change.
 */
export class SessionStore {
  #state: SessionState = { state: 'signed-out' };
  #epoch = 0;
  readonly #listeners = new Set<(view: SessionView) => void>();

  constructor(private readonly issuer: string) {}

  get current(): SessionState {
    return this.#state;
  }

  /**
   * Which session this is. Sign-out and a new sign-in start a new epoch; work begun in an older
   * one (a refresh, an exchange, a restore) must not publish or store its results.
   */
  get epoch(): number {
    return this.#epoch;
  }

  newEpoch(): void {
    this.#epoch += 1;
  }

  view(): SessionView {
    return toSessionView(this.#state, this.issuer);
  }

  /** Subscribe to state changes; returns the unsubscribe function. */
  subscribe(listener: (view: SessionView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(state: SessionState): SessionView {
    this.#state = state;
    const view = this.view();
    for (const listener of this.#listeners) listener(view);
    return view;
  }
}
