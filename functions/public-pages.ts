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
import { httpHandler } from './http-handler.js';

/** GET / (the form) and GET /requests/received (the confirmation, which shows only the reference). */
export const handler = httpHandler(async (event) => {
  const { settings, ports } = getRuntime();
  const contact = contactOf(settings);
  // ?lang= (the visible link) wins over the browser's Accept-Language.
  const lang = chooseLanguage({
    explicit: event.queryStringParameters?.lang,
    acceptLanguage: header(event, 'accept-language'),
  });
  const vary = { Vary: 'Accept-Language' };
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
