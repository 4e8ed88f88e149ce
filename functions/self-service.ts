import { performAction, viewAction, type ActionKind } from '../shared/domain/admin/self-service.js';
import { contactOf } from '../shared/domain/matching.js';
import { isCrossSite } from '../shared/http/requests.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { renderSelfService } from '../shared/web/admin/self-service.js';
import { renderErrorPage } from '../shared/web/pages.js';
import { httpHandler } from './http-handler.js';

/**
 * GET /cancel/{token} and /done/{token} only show (email scanners fetch links); POST acts, and only
 * from our own page, checked like the respond function.
 */
export const handler = httpHandler(async (event) => {
  const { settings, ports, config } = getRuntime();
  const contact = contactOf(settings);
  const kind: ActionKind = event.rawPath.startsWith('/done/') ? 'done' : 'cancel';
  const token = event.pathParameters?.token ?? '';
  const path = `/${kind}/${encodeURIComponent(token)}`;
  if (event.requestContext.http.method === 'POST') {
    if (isCrossSite(event, [config.publicBaseUrl]))
      return htmlResponse(403, renderErrorPage({ status: 403, contact }));
    const view = await performAction(kind, token, settings, ports);
    const page = renderSelfService(view, { path, contact });
    return htmlResponse(page.status, page.body);
  }
  const page = renderSelfService(await viewAction(kind, token, ports), { path, contact });
  return htmlResponse(page.status, page.body);
});
