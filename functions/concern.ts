import { raiseConcern, viewConcernForm } from '../shared/domain/concerns.js';
import { contactOf } from '../shared/domain/views.js';
import { isCrossSite, tokenParameter, urlEncodedForm } from '../shared/http/requests.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { CONCERN_PATH, renderConcernPage } from '../shared/web/concern.js';
import { renderErrorPage } from '../shared/web/pages.js';
import { byRouteKey, httpHandler, linkLanguageOf, type HttpRoute } from './http-handler.js';
import type { RouteTable } from './route-table.js';

/** The form as URLSearchParams, so every ticked box is kept; undefined for anything but a small form post. */
function formOf(event: Parameters<HttpRoute>[0]): URLSearchParams | undefined {
  const form = urlEncodedForm(event);
  return form === 'too-large' ? undefined : form;
}

/**
 * GET /concern/{token} shows the form (email scanners fetch links); a POST from our own page stores the
 * concern and tells the prescriber. The body is free text about a person's welfare: it is never logged.
 */
const concernPage: HttpRoute = async (event) => {
  const { settings, ports, config } = getCoreRuntime();
  const contact = contactOf(settings);
  const token = tokenParameter(event);
  const path = `${CONCERN_PATH}/${encodeURIComponent(token)}`;
  // Volunteers have no language on record: their browser's, or the one they pick on the page.
  const lang = linkLanguageOf(event);
  if (event.requestContext.http.method === 'POST') {
    if (isCrossSite(event, [config.publicBaseUrl]))
      return htmlResponse(403, renderErrorPage({ status: 403, contact, lang }));
    const fields = formOf(event);
    if (!fields) return htmlResponse(400, renderErrorPage({ status: 400, contact, lang }));
    const view = await raiseConcern(
      token,
      { kinds: fields.getAll('kinds'), note: fields.get('note') ?? '' },
      settings,
      ports,
    );
    const page = renderConcernPage(view, { path, contact, lang });
    return htmlResponse(view.kind === 'form' ? 400 : page.status, page.body);
  }
  const page = renderConcernPage(await viewConcernForm(token, ports), { path, contact, lang });
  return htmlResponse(page.status, page.body);
};

export const routes: RouteTable<'concern', HttpRoute> = {
  'GET /concern/{token}': concernPage,
  'POST /concern/{token}': concernPage,
};

export const handler = httpHandler(byRouteKey(routes));
