/**
 * The slice of `oidc-provider` 9.x that the demo uses: the provider, interactions and grants. The
 * package ships no type declarations and the demo must not depend on `any`, so the surface is
 * declared here by hand, kept as narrow as the code that calls it. The configuration types are in
 * oidc-provider-config.d.ts; TypeScript merges both `declare module` blocks.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface PromptDetails {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[]; details: PromptDetails };
    params: Record<string, unknown>;
    session?: { accountId: string; acr?: string };
    grantId?: string;
  }

  /** A login as the interaction reports it (`ts` is the authentication time, epoch seconds). */
  export interface LoginResult {
    accountId: string;
    acr?: string;
    amr?: string[];
    ts?: number;
  }

  export interface InteractionResults {
    login?: LoginResult;
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  /** One condition of a prompt: `check` answers true when the user must be asked. */
  export class Check {
    constructor(reason: string, description: string, check: (ctx: PolicyContext) => boolean);
    readonly reason: string;
  }

  /** A step of the interaction policy, asked when one of its checks says so. */
  export class Prompt {
    constructor(options: { name: string; requestable: boolean }, ...checks: Check[]);
    readonly name: string;
    readonly checks: Check[] & { remove(reason: string): void };
  }

  /** The default policy (login, then consent) as an editable list. */
  export interface InteractionPolicy extends Array<Prompt> {
    get(name: string): Prompt | undefined;
    add(prompt: Prompt, index?: number): void;
  }

  export const interactionPolicy: {
    Check: typeof Check;
    Prompt: typeof Prompt;
    base: () => InteractionPolicy;
  };

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    readonly Grant: GrantConstructor;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: string, listener: (ctx: unknown, error: Error) => void): this;
  }
}
