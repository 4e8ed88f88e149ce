import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { contactOf } from '../shared/domain/matching.js';
import { isContactBy } from '../shared/domain/model.js';
import { londonDate } from '../shared/domain/time.js';
import { header } from '../shared/http/requests.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { REFERENCE_PATTERN } from '../shared/util/ids.js';
import { renderErrorPage, renderRequestForm, renderRequestReceived } from '../shared/web/pages.js';
import { chooseLanguage } from '../shared/web/i18n.js';
import { byRouteKey, httpHandler, type HttpRoute } from './http-handler.js';
import type { RouteTable } from './route-table.js';

/** The language asked for: ?lang= (the visible link) wins over the browser's Accept-Language. */
function languageOf(event: APIGatewayProxyEventV2) {
  return chooseLanguage({
    explicit: event.queryStringParameters?.lang,
    acceptLanguage: header(event, 'accept-language'),
  });
}

const VARY = { Vary: 'Accept-Language' };

/** GET / (the form) and GET /requests/received (the confirmation, which shows only the reference). */
export const routes: RouteTable<'publicPages', HttpRoute> = {
  'GET /': async (event) => {
    const { settings, ports } = getRuntime();
    return htmlResponse(
      200,
      renderRequestForm({
        contact: contactOf(settings),
        idempotencyKey: randomUUID(),
        today: londonDate(ports.clock.now()),
        retentionDays: settings.retentionDays,
        lang: languageOf(event),
      }),
      VARY,
    );
  },
  'GET /requests/received': async (event) => {
    const contact = contactOf(getRuntime().settings);
    const lang = languageOf(event);
    const reference = event.queryStringParameters?.ref ?? '';
    if (!REFERENCE_PATTERN.test(reference))
      return htmlResponse(404, renderErrorPage({ status: 404, contact, lang }), VARY);
    // Only the channel they chose, never a number or an address: the URL may be logged or shared.
    const by = event.queryStringParameters?.by;
    return htmlResponse(
      200,
      renderRequestReceived({ reference, contact, lang, ...(isContactBy(by) ? { contactBy: by } : {}) }),
      VARY,
    );
  },
};

export const handler = httpHandler(byRouteKey(routes));
