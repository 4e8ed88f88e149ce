import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { submitHelpRequest } from '../shared/domain/submit.js';
import { londonDate } from '../shared/vocabulary/time.js';
import { header } from '../shared/http/requests.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { requestPath } from '../shared/web/admin/pages.js';
import { renderNewRequest } from '../shared/web/admin/request-form.js';
import { combineDateParts } from '../shared/web/form.js';
import { adminHandler, badRequest, formFields, type AdminContext, type AdminRoute } from './admin-route.js';
import type { RouteTable } from './route-table.js';

/**
 * Requests the prescriber takes by phone: the form and its post. A function of its own because the
 * form brings the request schema and every language's name, which the case pages do not need.
 */
export const routes: RouteTable<'adminPhoneRequests', AdminRoute> = {
  'GET /admin/requests/new': async (_event, context) =>
    htmlResponse(
      200,
      renderNewRequest({
        contact: context.contact,
        idempotencyKey: randomUUID(),
        today: londonDate(context.runtime.ports.clock.now()),
      }),
    ),
  'POST /admin/requests': (event, context) => createRequest(event, context),
};

export const handler = adminHandler(routes);

async function createRequest(event: APIGatewayProxyEventV2, context: AdminContext): Promise<HttpResult> {
  const fields = formFields(event);
  if (!fields) return badRequest(context);
  const { settings, ports } = context.runtime;
  const payload = combineDateParts(fields);
  const outcome = await submitHelpRequest(
    payload,
    // The audit's "received" entry names the prescriber (by id) as the one who entered it.
    { enteredBy: context.prescriber.id, idempotencyKey: header(event, 'idempotency-key') },
    settings,
    ports,
  );
  const again = (
    status: number,
    extra: { errors?: { field: string; message: string }[]; outsideArea?: boolean },
  ) =>
    htmlResponse(
      status,
      renderNewRequest({
        contact: context.contact,
        idempotencyKey: fields.idempotencyKey ?? randomUUID(),
        today: londonDate(ports.clock.now()),
        values: fields,
        ...extra,
      }),
    );
  switch (outcome.kind) {
    case 'created':
    case 'duplicate':
      return redirect(`${requestPath(outcome.requestId)}?done=created`);
    case 'invalid':
      return again(400, { errors: outcome.errors });
    case 'outside-area':
      return again(422, { outsideArea: true });
    case 'ignored':
      // The dashboard form has no honeypot; a filled "website" field is simply refused.
      return badRequest(context);
  }
}
