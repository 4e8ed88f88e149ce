import { contactOf } from '../shared/domain/matching.js';
import { isRespondAction, respondToInvite, viewInvite } from '../shared/domain/respond.js';
import { header, isCrossSite, parseBody, tokenParameter } from '../shared/http/requests.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { linkPageLanguage } from '../shared/web/link-pages.js';
import { renderErrorPage, renderRespondPage } from '../shared/web/pages.js';
import { httpHandler } from './http-handler.js';

const STATUS_FOR_VIEW = { invalid: 404, expired: 410 } as const;

/**
 * GET /respond/{token} only shows (email scanners fetch links); POST acts, and only when it
 * comes from our own page.
 */
export const handler = httpHandler(async (event) => {
  const { settings, ports, config } = getRuntime();
  const contact = contactOf(settings);
  const token = tokenParameter(event);
  const method = event.requestContext.http.method;
  // Volunteers have no language on record: their browser's, or the one they pick on the page.
  const lang = linkPageLanguage({
    explicit: event.queryStringParameters?.lang,
    acceptLanguage: header(event, 'accept-language'),
  });

  if (method === 'POST') {
    if (isCrossSite(event, [config.publicBaseUrl])) {
      return htmlResponse(403, renderErrorPage({ status: 403, contact, lang }));
    }
    const body = parseBody(event);
    const action = body.kind === 'form' ? body.fields.action : undefined;
    if (!isRespondAction(action)) return htmlResponse(400, renderErrorPage({ status: 400, contact, lang }));
    const view = await respondToInvite(token, action, settings, ports);
    return htmlResponse(statusFor(view.kind), renderRespondPage(view, { token, contact, lang }));
  }

  const view = await viewInvite(token, ports);
  return htmlResponse(statusFor(view.kind), renderRespondPage(view, { token, contact, lang }));
});

function statusFor(kind: string): number {
  return kind in STATUS_FOR_VIEW ? STATUS_FOR_VIEW[kind as keyof typeof STATUS_FOR_VIEW] : 200;
}
