import type { GrantedAccess } from './api-access.js';
import { protectedResourceMetadata } from './api-resource-metadata.js';
import { RECORDS_SIGN_IN, type SignInRequirement } from './api-step-up.js';
import { appointmentsFor, findAppointment } from './appointments.js';
import { DEMO_API_SCOPE, DEMO_API_WRITE_SCOPE, DEMO_RESOURCE_METADATA_PATH } from './demo-constants.js';
import { recordsFor } from './records.js';

/** A JSON answer of one route. */
export interface RouteAnswer {
  readonly status: 200 | 404;
  readonly body: unknown;
}

/** What an open route needs to know about the API it belongs to. */
export interface ApiIdentity {
  /** The API's origin as clients are configured with it (its RFC 9728 resource identifier). */
  readonly resource: string;
  /** The one authorization server whose tokens it takes. */
  readonly issuer: string;
}

/** A route of the demo API: open to anyone, or protected by an access token. */
export type ApiRoute =
  | { readonly kind: 'open'; answer(api: ApiIdentity): RouteAnswer }
  | {
      readonly kind: 'protected';
      /** Every scope the token must carry (RFC 6750 §3.1 `insufficient_scope` otherwise). */
      readonly scopes: readonly string[];
      /** What the sign-in behind the token must be, if anything (RFC 9470 §3). */
      readonly signIn?: SignInRequirement;
      answer(access: GrantedAccess): RouteAnswer;
    };

/** A path the API serves: the one method it takes there and what it does. */
export interface RouteMatch {
  readonly method: 'GET' | 'POST';
  readonly route: ApiRoute;
}

const ok = (body: unknown): RouteAnswer => ({ status: 200, body });

const OPEN_ROUTES: Readonly<Record<string, RouteMatch>> = {
  '/health': { method: 'GET', route: { kind: 'open', answer: () => ok({ status: 'ok' }) } },
  [DEMO_RESOURCE_METADATA_PATH]: {
    method: 'GET',
    route: { kind: 'open', answer: (api) => ok(protectedResourceMetadata(api.resource, api.issuer)) },
  },
};

const APPOINTMENTS: RouteMatch = {
  method: 'GET',
  route: {
    kind: 'protected',
    scopes: [DEMO_API_SCOPE],
    answer: ({ subject }) => ok({ subject, appointments: appointmentsFor(subject) }),
  },
};

const RECORDS: RouteMatch = {
  method: 'GET',
  route: {
    kind: 'protected',
    scopes: [DEMO_API_SCOPE],
    signIn: RECORDS_SIGN_IN,
    answer: ({ subject }) => ok({ subject, records: recordsFor(subject) }),
  },
};

/**
 * Cancelling changes something, so it needs the write scope as well as the read one. Stateless:
 * the answer says what was cancelled, and the next list still shows it.
 */
function cancelRoute(id: string): RouteMatch {
  return {
    method: 'POST',
    route: {
      kind: 'protected',
      scopes: [DEMO_API_SCOPE, DEMO_API_WRITE_SCOPE],
      answer: ({ subject }) => {
        const cancelled = findAppointment(subject, id);
        if (cancelled) return ok({ subject, cancelled });
        return { status: 404, body: { error: 'not_found', error_description: 'No such appointment' } };
      },
    },
  };
}

const CANCEL = /^\/appointments\/([A-Za-z0-9-]{1,64})\/cancel$/;

/**
 * The demo API's routes: `GET /health` and `GET /.well-known/oauth-protected-resource` (RFC 9728
 * §3) are open; `GET /appointments` needs the read scope, `POST /appointments/{id}/cancel` (`id`
 * one of the user's appointments, or `next`) the write scope too, and `GET /records` a recent
 * sign-in with a second factor. Undefined for any other path.
 */
export function matchRoute(path: string): RouteMatch | undefined {
  if (path === '/appointments') return APPOINTMENTS;
  if (path === '/records') return RECORDS;
  const cancel = CANCEL.exec(path)?.[1];
  if (cancel !== undefined) return cancelRoute(cancel);
  return OPEN_ROUTES[path];
}
