import { acknowledgeConcern } from '../shared/domain/concerns.js';
import { decideDuplicate, type DuplicateDecision } from '../shared/domain/duplicates.js';
import { htmlResponse, redirect } from '../shared/http/responses.js';
import { renderAdminError, requestPath } from '../shared/web/admin/pages.js';
import { getWorkflowStarter } from '../shared/workflow/starter.js';
import { adminHandler, badRequest, formFields, notFound } from './admin-route.js';

const DECISIONS: readonly DuplicateDecision[] = ['merge', 'new'];

/**
 * Issue #7's dashboard actions: acknowledge a volunteer's concern; merge a possible duplicate or treat it
 * as new. Each is a POST (same-origin, checked by adminHandler) audited with the prescriber's id, then a 303.
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
  if (!id || !path.endsWith('/duplicate')) return notFound(context);
  const decision = formFields(event)?.decision as DuplicateDecision | undefined;
  if (!decision || !DECISIONS.includes(decision)) return badRequest(context);
  const result = await decideDuplicate(id, decision, context.prescriber, settings, {
    ...ports,
    starter: getWorkflowStarter(),
  });
  switch (result.kind) {
    case 'done':
      return redirect(`${requestPath(id)}?done=${decision === 'merge' ? 'closed' : 'rematch'}`);
    case 'not-found':
      return notFound(context);
    case 'conflict':
      return htmlResponse(409, renderAdminError(409, context.contact, true));
  }
});
