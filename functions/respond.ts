import { contactOf } from '../shared/domain/views.js';
import { isRespondAction, respondToInvite, viewInvite } from '../shared/domain/respond.js';
import { isCrossSite, parseBody, tokenParameter } from '../shared/http/requests.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { renderErrorPage, renderRespondPage } from '../shared/web/pages.js';
import { byRouteKey, httpHandler, linkLanguageOf, type HttpRoute } from './http-handler.js';
import type { RouteTable } from './route-table.js';

const STATUS_FOR_VIEW = { invalid: 404, expired: 410 } as const;

/** GET shows the invite (email scanners fetch links); the short path is what texts carry. */
const view: HttpRoute = async (event) => {
  const { settings, ports } = getCoreRuntime();
  const token = tokenParameter(event);
  const invite = await viewInvite(token, ports);
  return htmlResponse(
    statusFor(invite.kind),
    renderRespondPage(invite, { token, contact: contactOf(settings), lang: linkLanguageOf(event) }),
  );
};

/** POST acts, and only when it comes from our own page. */
const respond: HttpRoute = async (event) => {
  const { settings, ports, config } = getCoreRuntime();
  const contact = contactOf(settings);
  const token = tokenParameter(event);
  // Volunteers have no language on record: their browser's, or the one they pick on the page.
  const lang = linkLanguageOf(event);
  if (isCrossSite(event, [config.publicBaseUrl])) {
    return htmlResponse(403, renderErrorPage({ status: 403, contact, lang }));
  }
  const body = parseBody(event);
  const action = body.kind === 'form' ? body.fields.action : undefined;
  if (!isRespondAction(action)) return htmlResponse(400, renderErrorPage({ status: 400, contact, lang }));
  const result = await respondToInvite(token, action, settings, ports);
  return htmlResponse(statusFor(result.kind), renderRespondPage(result, { token, contact, lang }));
};

export const routes: RouteTable<'respond', HttpRoute> = {
  'GET /respond/{token}': view,
  'GET /r/{token}': view,
  'POST /respond/{token}': respond,
};

export const handler = httpHandler(byRouteKey(routes));

function statusFor(kind: string): number {
  return kind in STATUS_FOR_VIEW ? STATUS_FOR_VIEW[kind as keyof typeof STATUS_FOR_VIEW] : 200;
}
