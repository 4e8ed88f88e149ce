import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { checkPrescriber, type Prescriber } from '../shared/auth/claims.js';
import { standingOf } from '../shared/domain/team.js';
import { contactOf } from '../shared/domain/views.js';
import type { SchemeContact } from '../shared/domain/views.js';
import { isCrossSite, MAX_BODY_BYTES, parseBody, urlEncodedForm } from '../shared/http/requests.js';
import { htmlResponse, type HttpResult } from '../shared/http/responses.js';
import { getCoreRuntime, type CoreRuntime } from '../shared/runtime-core.js';
import { renderAccountDisabled, renderAdminError } from '../shared/web/admin/pages.js';
import { httpHandler } from './http-handler.js';
import { branchFor } from './route-table.js';

export interface AdminContext {
  prescriber: Prescriber;
  runtime: CoreRuntime;
  contact: SchemeContact;
}

export type AdminRoute = (event: APIGatewayProxyEventV2, context: AdminContext) => Promise<HttpResult>;

/**
 * Every /admin handler goes through this. API Gateway's JWT authorizer has already checked the token's
 * signature, issuer, audience and expiry; this checks its holder is in the prescribers group (403
 * otherwise), and refuses a POST from another site (the cookie is SameSite=Strict too). A token outlives
 * a disable (up to its hour), so the team list is asked too: a disabled prescriber gets a 403 before any
 * route runs. Then the route the event came through (its routeKey) picks the branch; a route the table
 * lacks is a 404.
 */
export function adminHandler(routes: Readonly<Record<string, AdminRoute>>) {
  return httpHandler(async (event) => {
    const runtime = getCoreRuntime();
    const contact = contactOf(runtime.settings);
    const check = checkPrescriber(event);
    if (check.kind === 'unauthenticated') return htmlResponse(401, renderAdminError(401, contact));
    if (check.kind === 'forbidden') return htmlResponse(403, renderAdminError(403, contact));
    if (event.requestContext.http.method === 'POST' && isCrossSite(event, [runtime.config.publicBaseUrl])) {
      return htmlResponse(403, renderAdminError(403, contact, true));
    }
    if ((await standingOf(check.prescriber, runtime.ports.store)) === 'disabled') {
      return htmlResponse(403, renderAccountDisabled(contact));
    }
    const context = { prescriber: check.prescriber, runtime, contact };
    const branch = branchFor(routes, event);
    return branch ? branch(event, context) : notFound(context);
  });
}

/** Form fields of a POST; JSON bodies are accepted too (flat string values), for API clients. */
export function formFields(event: APIGatewayProxyEventV2): Record<string, string> | undefined {
  const body = parseBody(event);
  if (body.kind === 'form') return body.fields;
  if (
    body.kind === 'json' &&
    body.value !== null &&
    typeof body.value === 'object' &&
    !Array.isArray(body.value)
  ) {
    return Object.fromEntries(
      Object.entries(body.value as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  }
  return undefined;
}

/**
 * A form post as URLSearchParams, so repeated fields (checkboxes) keep every value. `maxBytes` lets the
 * roster import take a larger body than the public form's limit.
 */
export function formParams(
  event: APIGatewayProxyEventV2,
  maxBytes = MAX_BODY_BYTES,
): URLSearchParams | undefined {
  const form = urlEncodedForm(event, maxBytes);
  return form === 'too-large' ? undefined : form;
}

export function badRequest(context: AdminContext): HttpResult {
  return htmlResponse(400, renderAdminError(400, context.contact, true));
}

export function notFound(context: AdminContext): HttpResult {
  return htmlResponse(404, renderAdminError(404, context.contact, true));
}

/** A branch of a route with an {id} in its path: API Gateway puts it in pathParameters. */
export function withId(
  branch: (event: APIGatewayProxyEventV2, id: string, context: AdminContext) => Promise<HttpResult>,
): AdminRoute {
  return async (event, context) => {
    const id = event.pathParameters?.id;
    return id ? branch(event, id, context) : notFound(context);
  };
}

/**
 * The confirmation named by ?done= after a 303, from the page's own list; own keys only, so a name like
 * "constructor" shows nothing.
 */
export function doneMessage(
  messages: Readonly<Record<string, string>>,
  event: APIGatewayProxyEventV2,
): string | undefined {
  const done = event.queryStringParameters?.done ?? '';
  return Object.hasOwn(messages, done) ? messages[done] : undefined;
}
