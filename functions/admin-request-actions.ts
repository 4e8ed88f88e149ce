import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  assignByHand,
  endFromDashboard,
  loadErased,
  eraseFromDashboard,
  NOTE_MAX,
} from '../shared/domain/admin/requests.js';
import { CLOSE_OUTCOMES, type CloseOutcome } from '../shared/domain/model.js';
import type { ContinueResult } from '../shared/domain/series.js';
import { claimRequest, giveBack, teamNames } from '../shared/domain/team.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { renderEraseConfirm, requestPath } from '../shared/web/admin/pages.js';
import { renderAssignConfirm } from '../shared/web/admin/arrange.js';
import {
  adminHandler,
  badRequest,
  formFields,
  notFound,
  withId,
  type AdminContext,
  type AdminRoute,
} from './admin-route.js';
import { action, afterAction, showRequest } from './admin-request-view.js';
import type { RouteTable } from './route-table.js';

/** The message after a close or cancel says what became of recurring help. */
function seriesDone(done: 'closed' | 'cancelled', series: ContinueResult): string {
  if (series.kind === 'next') return `${done}-next`;
  if (series.kind === 'ended') return `${done}-series-ended`;
  return done;
}

/**
 * What the prescriber does to one request: assign, cancel, close, erase. Matching again and taking an
 * assignment back start a workflow execution: they are in admin-match-again.ts with its client.
 */
export const routes: RouteTable<'adminRequestActions', AdminRoute> = {
  'GET /admin/requests/{id}/erase': withId(erase),
  'POST /admin/requests/{id}/erase': withId(erase),
  'POST /admin/requests/{id}/assign': action(assign),
  'POST /admin/requests/{id}/cancel': action(async (id, _fields, context) => {
    const { settings, ports } = context.runtime;
    const ended = await endFromDashboard(id, { kind: 'cancel' }, context.prescriber, settings, ports);
    return afterAction(ended.result, id, seriesDone('cancelled', ended.series), context);
  }),
  'POST /admin/requests/{id}/close': action(close),
  'POST /admin/requests/{id}/claim': withId(async (_event, id, context) => {
    const { ports } = context.runtime;
    const outcome = await claimRequest(id, context.prescriber, ports);
    switch (outcome.kind) {
      case 'claimed':
        return redirect(`${requestPath(id)}?done=claimed`);
      case 'not-found':
        return notFound(context);
      case 'not-claimable':
        return showRequest(id, context, {
          status: 409,
          message: 'This request has ended: nobody needs to handle it.',
        });
      case 'held': {
        // The other prescriber pressed first: say who, on the page as it is now.
        const names = await teamNames(ports.store);
        const who = names[outcome.by] ?? 'Another prescriber';
        return showRequest(id, context, { status: 409, message: `${who} is already handling this.` });
      }
    }
  }),
  'POST /admin/requests/{id}/give-back': withId(async (_event, id, context) => {
    const released = await giveBack(id, context.prescriber, context.runtime.ports);
    if (released === 'released') return redirect(`${requestPath(id)}?done=given-back`);
    return showRequest(id, context, { status: 409, message: 'You are not handling this request.' });
  }),
};

export const handler = adminHandler(routes);

async function assign(
  id: string,
  fields: Record<string, string>,
  context: AdminContext,
): Promise<HttpResult> {
  const volunteerId = fields.volunteerId ?? '';
  if (volunteerId === '') {
    return showRequest(id, context, {
      status: 400,
      errors: [{ field: 'volunteerId', message: 'Choose a volunteer' }],
    });
  }
  const { settings, ports } = context.runtime;
  const result = await assignByHand(id, volunteerId, context.prescriber, settings, ports, {
    poorFitConfirmed: fields.confirm === 'yes',
  });
  if (result.kind === 'unknown-volunteer') {
    return showRequest(id, context, {
      status: 400,
      errors: [
        { field: 'volunteerId', message: 'That volunteer is no longer on the roster: choose another' },
      ],
    });
  }
  if (result.kind === 'poor-fit') {
    const request = await ports.store.getRequest(id);
    if (!request) return notFound(context);
    return htmlResponse(
      200,
      renderAssignConfirm({
        contact: context.contact,
        request,
        volunteer: result.volunteer,
        facts: result.facts,
        action: `${requestPath(id)}/assign`,
        requestPath: requestPath(id),
      }),
    );
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
  if (errors.length > 0) return showRequest(id, context, { status: 400, errors, values: { note } });
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
