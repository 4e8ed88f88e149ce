import { randomUUID } from 'node:crypto';
import { contactOf } from '../shared/domain/matching.js';
import { isContactBy } from '../shared/domain/model.js';
import { londonDate } from '../shared/domain/time.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { REFERENCE_PATTERN } from '../shared/util/ids.js';
import { renderErrorPage, renderRequestForm, renderRequestReceived } from '../shared/web/pages.js';
import { ROUTES } from '../infra/catalogue.js';
import { methodsForPath } from '../shared/http/route-match.js';
import { renderAccessibilityStatement } from '../shared/web/accessibility.js';
import { ACCESSIBILITY_PATH } from '../shared/web/layout.js';
import { httpHandler, languageOf } from './http-handler.js';

/**
 * The catalogue's FALLBACK_FUNCTION. GET / (the form), GET /requests/received (the confirmation, which
 * shows only the reference) and GET /accessibility (the accessibility statement); and
 * every address no route matches: a page that says so (404), or that the address is only used another
 * way (405, with Allow), in the person's language.
 */
export const handler = httpHandler(async (event) => {
  const { settings, ports } = getRuntime();
  const contact = contactOf(settings);
  // ?lang= (the visible link) wins over the browser's Accept-Language.
  const lang = languageOf(event);
  const vary = { Vary: 'Accept-Language' };
  if (event.routeKey === '$default') {
    const allowed = methodsForPath(ROUTES, event.rawPath);
    if (allowed.length === 0) return htmlResponse(404, renderErrorPage({ status: 404, contact, lang }), vary);
    return htmlResponse(405, renderErrorPage({ status: 405, contact, lang }), {
      ...vary,
      Allow: allowed.join(', '),
    });
  }
  if (event.rawPath === ACCESSIBILITY_PATH)
    return htmlResponse(200, renderAccessibilityStatement({ contact, lang }), vary);
  if (event.rawPath === '/requests/received') {
    const reference = event.queryStringParameters?.ref ?? '';
    if (!REFERENCE_PATTERN.test(reference))
      return htmlResponse(404, renderErrorPage({ status: 404, contact, lang }), vary);
    // Only the channel they chose, never a number or an address: the URL may be logged or shared.
    const by = event.queryStringParameters?.by;
    return htmlResponse(
      200,
      renderRequestReceived({ reference, contact, lang, ...(isContactBy(by) ? { contactBy: by } : {}) }),
      vary,
    );
  }
  return htmlResponse(
    200,
    renderRequestForm({
      contact,
      idempotencyKey: randomUUID(),
      today: londonDate(ports.clock.now()),
      retentionDays: settings.retentionDays,
      lang,
    }),
    vary,
  );
});
