import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { getWorkflowStarter } from '../shared/workflow/starter.js';
import {
  assignByHand,
  endFromDashboard,
  loadHome,
  loadErased,
  loadRequest,
  eraseFromDashboard,
  NOTE_MAX,
  rerunMatching,
  unassignAndRerun,
  type ActionResult,
} from '../shared/domain/admin/requests.js';
import { CLOSE_OUTCOMES, type CloseOutcome } from '../shared/domain/model.js';
import { submitHelpRequest } from '../shared/domain/submit.js';
import type { ContinueResult } from '../shared/domain/series.js';
import { loadOpenConcerns } from '../shared/domain/concerns.js';
import { loadHeldRequests } from '../shared/domain/duplicates.js';
import { renderCareSections } from '../shared/web/admin/care.js';
import { londonDate } from '../shared/domain/time.js';
import { header } from '../shared/http/requests.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import {
  renderAdminError,
  renderEraseConfirm,
  renderErasedRequest,
  renderHome,
  renderRequestPage,
  requestPath,
} from '../shared/web/admin/pages.js';
import { renderNewRequest } from '../shared/web/admin/request-form.js';
import { combineDateParts } from '../shared/web/form.js';
import {
  adminHandler,
  badRequest,
  doneMessage,
  formFields,
  notFound,
  withId,
  type AdminContext,
  type AdminRoute,
} from './admin-route.js';
import type { RouteTable } from './route-table.js';

const MESSAGES: Record<string, string> = {
  assigned: 'The volunteer has been emailed the details, and the person told someone is coming.',
  rematch: 'Volunteers are being asked again.',
  unassigned: 'The volunteer has been told they are no longer needed, and other volunteers are being asked.',
  cancelled: 'The request is cancelled.',
  closed: 'The request is closed.',
  created: 'The request is stored and volunteers are being asked.',
  acknowledged: 'The concern is acknowledged.',
  erased: 'The requester’s details are erased.',
  'cancelled-next': 'This visit is cancelled. The next visit is being arranged.',
  'closed-next': 'This visit is closed. The next visit is being arranged.',
  'cancelled-series-ended': 'This visit is cancelled. The regular help has ended.',
  'closed-series-ended': 'This visit is closed. The regular help has ended.',
};

/** The message after a close or cancel says what became of recurring help. */
function seriesDone(done: 'closed' | 'cancelled', series: ContinueResult): string {
  if (series.kind === 'next') return `${done}-next`;
  if (series.kind === 'ended') return `${done}-series-ended`;
  return done;
}

/** A POST action on one request: its id and its form fields (400 without a readable form). */
function action(
  branch: (id: string, fields: Record<string, string>, context: AdminContext) => Promise<HttpResult>,
): AdminRoute {
  return withId(async (event, id, context) => {
    const fields = formFields(event);
    return fields ? branch(id, fields, context) : badRequest(context);
  });
}

/** The dashboard's requests: home, one request and its actions, and requests taken by phone. */
export const routes: RouteTable<'adminRequests', AdminRoute> = {
  'GET /admin': async (event, context) => {
    const { settings, ports } = context.runtime;
    const [home, concerns, held] = await Promise.all([
      loadHome(settings, ports),
      loadOpenConcerns(ports.store),
      loadHeldRequests(ports.store),
    ]);
    const now = ports.clock.now();
    const top = renderCareSections({ concerns, held, now });
    return htmlResponse(
      200,
      renderHome(home, { contact: context.contact, now, message: doneMessage(MESSAGES, event), top }),
    );
  },
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
  'GET /admin/requests/{id}': withId((event, id, context) =>
    showRequest(id, context, doneMessage(MESSAGES, event)),
  ),
  'GET /admin/requests/{id}/erase': withId(erase),
  'POST /admin/requests/{id}/erase': withId(erase),
  'POST /admin/requests/{id}/assign': action(assign),
  'POST /admin/requests/{id}/rematch': action(async (id, _fields, context) => {
    const { ports } = context.runtime;
    const result = await rerunMatching(id, context.prescriber, { ...ports, starter: getWorkflowStarter() });
    return afterAction(result, id, 'rematch', context);
  }),
  'POST /admin/requests/{id}/unassign': action(async (id, _fields, context) => {
    const { settings, ports } = context.runtime;
    const starter = getWorkflowStarter();
    const result = await unassignAndRerun(id, context.prescriber, settings, { ...ports, starter });
    return afterAction(result, id, 'unassigned', context);
  }),
  'POST /admin/requests/{id}/cancel': action(async (id, _fields, context) => {
    const { settings, ports } = context.runtime;
    const ended = await endFromDashboard(id, { kind: 'cancel' }, context.prescriber, settings, ports);
    return afterAction(ended.result, id, seriesDone('cancelled', ended.series), context);
  }),
  'POST /admin/requests/{id}/close': action(close),
};

export const handler = adminHandler(routes);

async function assign(
  id: string,
  fields: Record<string, string>,
  context: AdminContext,
): Promise<HttpResult> {
  const volunteerId = fields.volunteerId ?? '';
  if (volunteerId === '') {
    return showRequest(id, context, undefined, 400, [
      { field: 'volunteerId', message: 'Choose a volunteer' },
    ]);
  }
  const { settings, ports } = context.runtime;
  const result = await assignByHand(id, volunteerId, context.prescriber, settings, ports);
  if (result.kind === 'unknown-volunteer') {
    return showRequest(id, context, undefined, 400, [
      { field: 'volunteerId', message: 'That volunteer is no longer on the roster: choose another' },
    ]);
  }
  return afterAction(result, id, 'assigned', context);
}

async function close(id: string, fields: Record<string, string>, context: AdminContext): Promise<HttpResult> {
  const outcome = fields.outcome ?? '';
  const note = (fields.note ?? '').trim();
  const errors = [
    ...(!(CLOSE_OUTCOMES as readonly string[]).includes(outcome)
      ? [{ field: 'outcome', message: 'Select how the request ended' }]
      : []),
    ...(note.length > NOTE_MAX
      ? [{ field: 'note', message: `The note must be ${NOTE_MAX} characters or fewer` }]
      : []),
  ];
  if (errors.length > 0) return showRequest(id, context, undefined, 400, errors, { note });
  const { settings, ports } = context.runtime;
  const ended = await endFromDashboard(
    id,
    { kind: 'close', outcome: outcome as CloseOutcome, ...(note ? { note } : {}) },
    context.prescriber,
    settings,
    ports,
  );
  return afterAction(ended.result, id, seriesDone('closed', ended.series), context);
}

/** GET asks, POST erases only with the box ticked: an erasure cannot be undone. */
async function erase(event: APIGatewayProxyEventV2, id: string, context: AdminContext): Promise<HttpResult> {
  const { ports } = context.runtime;
  const request = await ports.store.getRequest(id);
  if (!request) {
    // Already erased (a second press, a refresh): show what is left rather than an error.
    return (await loadErased(id, ports)) ? redirect(requestPath(id)) : notFound(context);
  }
  if (event.requestContext.http.method === 'GET') {
    return htmlResponse(200, renderEraseConfirm({ contact: context.contact, request }));
  }
  const fields = formFields(event);
  if (!fields) return badRequest(context);
  if (fields.confirm !== 'yes') {
    return htmlResponse(
      400,
      renderEraseConfirm({
        contact: context.contact,
        request,
        error: 'Tick the box to confirm you understand the details will be erased for good',
      }),
    );
  }
  const result = await eraseFromDashboard(id, context.prescriber, ports);
  if (result.kind === 'not-found') return notFound(context);
  return redirect(`${requestPath(id)}?done=erased`);
}

async function showRequest(
  id: string,
  context: AdminContext,
  message?: string,
  status = 200,
  errors?: { field: string; message: string }[],
  values?: Record<string, string>,
): Promise<HttpResult> {
  const detail = await loadRequest(id, context.runtime.ports);
  if (!detail) {
    const erased = await loadErased(id, context.runtime.ports);
    if (!erased) return notFound(context);
    return htmlResponse(
      200,
      renderErasedRequest({
        contact: context.contact,
        prescriberId: context.prescriber.id,
        message,
        ...erased,
      }),
    );
  }
  return htmlResponse(
    status,
    renderRequestPage(detail, {
      contact: context.contact,
      prescriberId: context.prescriber.id,
      message,
      errors,
      values,
    }),
  );
}

/** POST, then 303 to the request page, so a refresh never repeats an action. */
function afterAction(result: ActionResult, id: string, done: string, context: AdminContext): HttpResult {
  switch (result.kind) {
    case 'done':
      return redirect(`${requestPath(id)}?done=${done}`);
    case 'not-found':
      return notFound(context);
    case 'conflict':
    case 'unknown-volunteer':
      return htmlResponse(409, renderAdminError(409, context.contact, true));
  }
}

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
