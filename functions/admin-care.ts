import { acknowledgeConcern } from '../shared/domain/concerns.js';
import { decideDuplicate, type DuplicateDecision } from '../shared/domain/duplicates.js';
import { afterOccurrenceEnded, changeSeriesFromDashboard, loadSeries } from '../shared/domain/series.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { renderAdminError, requestPath } from '../shared/web/admin/pages.js';
import { renderSeriesPage, seriesPath } from '../shared/web/admin/series.js';
import { getWorkflowStarter } from '../shared/workflow/starter.js';
import { adminHandler, badRequest, formFields, notFound, type AdminContext } from './admin-route.js';

const DECISIONS: readonly DuplicateDecision[] = ['merge', 'new'];

/**
 * Issue #7's dashboard actions: acknowledge a volunteer's concern; merge a possible duplicate or treat it
 * as new; see, end or change recurring help. Each action is a POST (same-origin, checked by adminHandler) audited with the prescriber's id, then a 303.
 */
export const handler = adminHandler(async (event, context) => {
  const path = event.rawPath.replace(/\/+$/, '');
  const { settings, ports } = context.runtime;
  const concern = /^\/admin\/concerns\/([^/]+)\/([^/]+)\/acknowledge$/.exec(path);
  if (concern) {
    const [requestId, concernId] = [
      decodeURIComponent(concern[1] ?? ''),
      decodeURIComponent(concern[2] ?? ''),
    ];
    const result = await acknowledgeConcern(requestId, concernId, context.prescriber, ports);
    return result === 'done' ? redirect('/admin?done=acknowledged') : notFound(context);
  }
  const id = event.pathParameters?.id;
  if (id && path.startsWith('/admin/series/')) return series(event, id, context);
  if (!id || !path.endsWith('/duplicate')) return notFound(context);
  const decision = formFields(event)?.decision as DuplicateDecision | undefined;
  if (!decision || !DECISIONS.includes(decision)) return badRequest(context);
  const result = await decideDuplicate(id, decision, context.prescriber, settings, {
    ...ports,
    starter: getWorkflowStarter(),
  });
  switch (result.kind) {
    case 'done':
      // A merged duplicate of recurring help ends its series ('duplicate'), so nothing more is made of it.
      if (decision === 'merge') await afterOccurrenceEnded(result.request, settings, ports);
      return redirect(`${requestPath(id)}?done=${decision === 'merge' ? 'closed' : 'rematch'}`);
    case 'not-found':
      return notFound(context);
    case 'conflict':
      return htmlResponse(409, renderAdminError(409, context.contact, true));
  }
});

const SERIES_MESSAGES: Record<string, string> = {
  end: 'The regular help has ended: no more visits will be arranged.',
  stop: 'The volunteer no longer takes every visit: the next visit will be matched.',
};

/** GET /admin/series/{id} shows recurring help; POST …/end and …/stop change it, then 303 back. */
async function series(
  event: Parameters<Parameters<typeof adminHandler>[0]>[0],
  id: string,
  context: AdminContext,
): Promise<HttpResult> {
  const { settings, ports } = context.runtime;
  const change = event.rawPath.replace(/\/+$/, '').split('/').at(-1);
  if (event.requestContext.http.method === 'GET') {
    const detail = await loadSeries(id, ports);
    if (!detail) return notFound(context);
    const message = SERIES_MESSAGES[event.queryStringParameters?.done ?? ''];
    return htmlResponse(200, renderSeriesPage(detail, { contact: context.contact, message }));
  }
  if (change !== 'end' && change !== 'stop') return notFound(context);
  const result = await changeSeriesFromDashboard(id, change, context.prescriber.id, settings, ports);
  if (result === 'not-found') return notFound(context);
  if (result === 'conflict') return htmlResponse(409, renderAdminError(409, context.contact, true));
  return redirect(`${seriesPath(id)}?done=${change}`);
}
