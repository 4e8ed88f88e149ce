import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { acknowledgeConcern } from '../shared/domain/concerns.js';
import { decideDuplicate, type DuplicateDecision, type MergeNotice } from '../shared/domain/duplicates.js';
import { afterOccurrenceEnded, changeSeriesFromDashboard, loadSeries } from '../shared/domain/series.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { renderAdminError, requestPath } from '../shared/web/admin/pages.js';
import { renderSeriesPage, seriesPath } from '../shared/web/admin/series.js';
import { getWorkflowStarter } from '../shared/workflow/starter.js';
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

const DECISIONS: readonly DuplicateDecision[] = ['merge', 'new'];

/** The request page's confirmation after a merge, by what the arranged volunteer heard. */
const MERGED_DONE: Record<MergeNotice, string> = {
  told: 'merged-told',
  unchanged: 'merged-unchanged',
  none: 'merged',
};

const SERIES_MESSAGES: Record<string, string> = {
  end: 'The regular help has ended: no more visits will be arranged.',
  stop: 'The volunteer no longer takes every visit: the next visit will be matched.',
};

/**
 * The dashboard's care actions: acknowledge a volunteer's concern; merge a possible duplicate or treat it
 * as new; see, end or change recurring help. Each action is a POST (same-origin, checked by adminHandler)
 * audited with the prescriber's id, then a 303.
 */
export const routes: RouteTable<'adminCare', AdminRoute> = {
  'POST /admin/concerns/{requestId}/{concernId}/acknowledge': async (event, context) => {
    const { requestId, concernId } = event.pathParameters ?? {};
    if (!requestId || !concernId) return notFound(context);
    const result = await acknowledgeConcern(requestId, concernId, context.prescriber, context.runtime.ports);
    return result === 'done' ? redirect('/admin?done=acknowledged') : notFound(context);
  },
  'POST /admin/requests/{id}/duplicate': withId(duplicate),
  'GET /admin/series/{id}': withId(async (event, id, context) => {
    const detail = await loadSeries(id, context.runtime.ports);
    if (!detail) return notFound(context);
    const message = doneMessage(SERIES_MESSAGES, event);
    return htmlResponse(200, renderSeriesPage(detail, { contact: context.contact, message }));
  }),
  'POST /admin/series/{id}/end': withId((_event, id, context) => changeSeries(id, 'end', context)),
  'POST /admin/series/{id}/stop': withId((_event, id, context) => changeSeries(id, 'stop', context)),
};

export const handler = adminHandler(routes);

async function duplicate(
  event: APIGatewayProxyEventV2,
  id: string,
  context: AdminContext,
): Promise<HttpResult> {
  const { settings, ports } = context.runtime;
  const decision = formFields(event)?.decision as DuplicateDecision | undefined;
  if (!decision || !DECISIONS.includes(decision)) return badRequest(context);
  const result = await decideDuplicate(id, decision, context.prescriber, settings, {
    ...ports,
    starter: getWorkflowStarter(),
  });
  switch (result.kind) {
    case 'done':
      if (decision === 'new') return redirect(`${requestPath(id)}?done=rematch`);
      // A merged duplicate of recurring help ends its series ('duplicate'), so nothing more is made of it.
      await afterOccurrenceEnded(result.request, settings, ports);
      // To the earlier request, which now carries the merged date and details, saying who was told.
      return redirect(
        `${requestPath(result.request.possibleDuplicateOf ?? id)}?done=${MERGED_DONE[result.volunteer ?? 'none']}`,
      );
    case 'earlier-ended':
      return redirect(`${requestPath(id)}?done=not-merged`);
    case 'not-found':
      return notFound(context);
    case 'conflict':
      return htmlResponse(409, renderAdminError(409, context.contact, true));
  }
}

/** End recurring help, or stop the volunteer taking every visit; then 303 back to the series. */
async function changeSeries(id: string, change: 'end' | 'stop', context: AdminContext): Promise<HttpResult> {
  const { settings, ports } = context.runtime;
  const result = await changeSeriesFromDashboard(id, change, context.prescriber.id, settings, ports);
  if (result === 'not-found') return notFound(context);
  if (result === 'conflict') return htmlResponse(409, renderAdminError(409, context.contact, true));
  return redirect(`${seriesPath(id)}?done=${change}`);
}
