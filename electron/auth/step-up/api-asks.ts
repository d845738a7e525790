import * as oidc from 'openid-client';
import type { ApiAskView, ApiRequest, ApiResponseView } from '../../shared/ipc-contract.js';
import { acceptsIssuer, fetchResourceMetadata } from '../api/resource-metadata.js';
import type { AppConfig } from '../config/config.js';
import type { HttpFetch, Logger } from '../ports.js';
import { needsFromChallenge, type StepUpNeeds } from './step-up-needs.js';

/** A question the window may answer with "Continue in browser": the refused request and its needs. */
export interface AskedStepUp {
  readonly request: ApiRequest;
  readonly needs: StepUpNeeds;
}

export interface ApiAsksDeps {
  readonly config: Pick<
    AppConfig,
    'apiBaseUrl' | 'apiRequest' | 'apiActions' | 'issuer' | 'httpTimeoutSeconds'
  >;
  readonly fetch: HttpFetch;
  readonly log: Logger;
}

/**
 * Turns an API's "not enough" into one question for the window, and remembers it so that only
 * that question can be answered, once. Only the configured API is listened to: its challenge must
 * point at its own metadata, if any (RFC 9728 §5.1), and that metadata, when readable, must name
 * this app's issuer (§2 `authorization_servers`), so an API cannot send the user to sign in for
 * another server's tokens.
 */
export class ApiAsks {
  #latest: (AskedStepUp & { readonly id: string }) | undefined;
  readonly #trusted = new Map<string, Promise<boolean>>();

  constructor(private readonly deps: ApiAsksDeps) {}

  /** The question `response` raises for a session granted `granted`, or undefined for none. */
  async consider(
    request: ApiRequest,
    response: ApiResponseView,
    granted: readonly string[],
  ): Promise<ApiAskView | undefined> {
    const needs =
      response.status === 401 || response.status === 403
        ? needsFromChallenge(response.challenge, granted)
        : undefined;
    if (!needs || !(await this.#listensTo(response.challenge?.resourceMetadata))) return undefined;
    const id = oidc.randomState();
    this.#latest = { id, request, needs };
    const label = this.deps.config.apiActions.find(
      (action) => action.method === request.method && action.path === request.path,
    )?.label;
    return {
      id,
      kind: needs.kind,
      request: { method: request.method, path: request.path },
      ...(label === undefined ? {} : { label }),
      scopes: needs.kind === 'scope' ? needs.scopes : [],
      acrValues: needs.kind === 'authentication' ? needs.acrValues : [],
      ...(needs.kind === 'authentication' && needs.maxAge !== undefined ? { maxAge: needs.maxAge } : {}),
    };
  }

  /** The question `id` names, once: a second answer, or one to an older question, finds nothing. */
  take(id: string): AskedStepUp | undefined {
    const latest = this.#latest;
    if (latest?.id !== id) return undefined;
    this.#latest = undefined;
    return latest;
  }

  /** Forget the open question (sign-out). */
  clear(): void {
    this.#latest = undefined;
  }

  async #listensTo(metadataUrl: string | undefined): Promise<boolean> {
    if (metadataUrl === undefined) return true;
    const { config, log } = this.deps;
    const api = new URL(config.apiBaseUrl ?? '');
    const url = URL.parse(metadataUrl);
    if (url?.origin !== api.origin) {
      log.warn('ignored an API challenge whose metadata is elsewhere', { origin: url?.origin ?? 'none' });
      return false;
    }
    let trusted = this.#trusted.get(url.href);
    if (!trusted) {
      trusted = fetchResourceMetadata(this.deps.fetch, api, url, config.httpTimeoutSeconds).then(
        (metadata) => {
          // Metadata is optional (RFC 9728 §5): without it the challenge speaks for itself. Not
          // remembered, so a document that appears later is read.
          if (metadata === undefined) this.#trusted.delete(url.href);
          return metadata === undefined || acceptsIssuer(metadata, config.issuer);
        },
        () => false, // a document for another resource, or not a metadata document at all
      );
      this.#trusted.set(url.href, trusted);
    }
    const ok = await trusted;
    if (!ok) log.warn('ignored an API challenge: its metadata names other authorization servers');
    return ok;
  }
}
