import { randomUUID } from 'node:crypto';
import { ROUTES } from '../infra/catalogue.js';
import { contactOf } from '../shared/domain/views.js';
import { isContactBy } from '../shared/vocabulary/choices.js';
import { londonDate } from '../shared/vocabulary/time.js';
import { methodsForPath } from '../shared/http/route-match.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getSettingsRuntime } from '../shared/runtime-settings.js';
import { REFERENCE_PATTERN } from '../shared/util/ids.js';
import { renderAccessibilityStatement } from '../shared/web/accessibility.js';
import { renderJoinForm, renderJoinReceived } from '../shared/web/join.js';
import { renderErrorPage, renderRequestForm, renderRequestReceived } from '../shared/web/pages.js';
import { byRouteKey, httpHandler, languageOf, type HttpRoute } from './http-handler.js';
import type { RouteTable } from './route-table.js';

const VARY = { Vary: 'Accept-Language' };

/**
 * GET / (the form), GET /requests/received (the confirmation, which shows only the reference), the
 * join form and its thank-you page, and GET /accessibility (the accessibility statement). Each in the
 * language asked for: ?lang= (the visible link) wins over the browser's Accept-Language. None reads
 * data, so this function builds only the settings runtime and bundles no store.
 */
export const routes: RouteTable<'publicPages', HttpRoute> = {
  'GET /': async (event) => {
    const { settings, ports } = getSettingsRuntime();
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
    const contact = contactOf(getSettingsRuntime().settings);
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
  'GET /volunteer': async (event) => {
    const { settings } = getSettingsRuntime();
    return htmlResponse(
      200,
      renderJoinForm({
        contact: contactOf(settings),
        idempotencyKey: randomUUID(),
        retentionDays: settings.applicationRetentionDays,
        lang: languageOf(event),
      }),
      VARY,
    );
  },
  'GET /volunteer/received': async (event) =>
    htmlResponse(
      200,
      renderJoinReceived({ contact: contactOf(getSettingsRuntime().settings), lang: languageOf(event) }),
      VARY,
    ),
  'GET /accessibility': async (event) =>
    htmlResponse(
      200,
      renderAccessibilityStatement({
        contact: contactOf(getSettingsRuntime().settings),
        lang: languageOf(event),
      }),
      VARY,
    ),
};

/**
 * The catalogue's FALLBACK_FUNCTION also answers API Gateway's `$default` route: every address no route
 * matches gets a page that says so (404), or that the address is only used another way (405, with
 * Allow), in the person's language.
 */
const unmatched: HttpRoute = async (event) => {
  const contact = contactOf(getSettingsRuntime().settings);
  const lang = languageOf(event);
  const allowed = methodsForPath(ROUTES, event.rawPath);
  if (allowed.length === 0) return htmlResponse(404, renderErrorPage({ status: 404, contact, lang }), VARY);
  return htmlResponse(405, renderErrorPage({ status: 405, contact, lang }), {
    ...VARY,
    Allow: allowed.join(', '),
  });
};

const routed = byRouteKey(routes);
export const handler = httpHandler((event) =>
  event.routeKey === '$default' ? unmatched(event) : routed(event),
);
