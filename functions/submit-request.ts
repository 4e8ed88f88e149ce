import { contactOf } from '../shared/domain/views.js';
import { isContactBy } from '../shared/vocabulary/choices.js';
import { submitHelpRequest, type SubmitOutcome } from '../shared/domain/submit.js';
import { londonDate } from '../shared/vocabulary/time.js';
import { header, parseBody } from '../shared/http/requests.js';
import { htmlResponse, jsonResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { chooseLanguage } from '../shared/web/i18n.js';
import {
  combineDateParts,
  normaliseDigits,
  renderOutsideArea,
  renderRequestForm,
} from '../shared/web/pages.js';
import { byRouteKey, httpHandler, type HttpRoute } from './http-handler.js';
import type { RouteTable } from './route-table.js';
import { apply } from './join-routes.js';

const OUTSIDE_AREA_MESSAGE = 'Sorry, our volunteers do not cover this postcode.';

/** POST /requests: a form post (303 to the confirmation, or the form again with errors) or JSON. */
const submit: HttpRoute = async (event) => {
  const { settings, ports } = getCoreRuntime();
  const contact = contactOf(settings);
  const body = parseBody(event);
  const context = {
    enteredBy: body.kind === 'form' ? 'public-form' : 'api',
    idempotencyKey: header(event, 'idempotency-key'),
  };

  if (body.kind === 'too-large') return jsonResponse(413, { message: 'The request is too large.' });
  if (body.kind === 'unsupported-type') {
    return jsonResponse(415, {
      message: 'Send the request as a form (application/x-www-form-urlencoded) or JSON.',
    });
  }
  if (body.kind === 'malformed')
    return jsonResponse(400, { message: 'The JSON in the request is not valid.', errors: [] });

  if (body.kind === 'json') {
    const outcome = await submitHelpRequest(body.value, context, settings, ports);
    return jsonResult(outcome, contact.schemePhone);
  }

  // The form's hidden field carries the language the page was shown in; an unknown one is not an error.
  const acceptLanguage = header(event, 'accept-language');
  const lang = chooseLanguage({ explicit: body.fields.language, acceptLanguage });
  const fields: Record<string, string | undefined> = {
    ...combineDateParts(normaliseDigits(body.fields)),
    language: lang,
  };
  const outcome = await submitHelpRequest(fields, context, settings, ports);
  switch (outcome.kind) {
    case 'created':
    case 'duplicate':
    case 'ignored':
      // The confirmation is chosen by Accept-Language too; name the language only when that would differ.
      return redirect(
        `/requests/received?ref=${encodeURIComponent(outcome.reference)}${
          lang === chooseLanguage({ acceptLanguage }) ? '' : `&lang=${lang}`
        }${isContactBy(fields.contactBy) ? `&by=${fields.contactBy}` : ''}`,
      );
    case 'outside-area':
      return htmlResponse(422, renderOutsideArea({ contact, lang, values: body.fields }));
    case 'invalid':
      return htmlResponse(
        400,
        renderRequestForm({
          values: body.fields,
          errors: outcome.errors,
          contact,
          idempotencyKey: fields.idempotencyKey ?? '',
          today: londonDate(ports.clock.now()),
          retentionDays: settings.retentionDays,
          lang,
        }),
      );
  }
};

export const routes: RouteTable<'submitRequest', HttpRoute> = {
  'POST /requests': submit,
  'POST /volunteer': apply,
};

export const handler = httpHandler(byRouteKey(routes));

function jsonResult(outcome: SubmitOutcome, schemePhone: string): HttpResult {
  switch (outcome.kind) {
    case 'created':
    case 'ignored':
      return jsonResponse(201, { reference: outcome.reference, status: 'received' });
    case 'duplicate':
      return jsonResponse(200, { reference: outcome.reference, status: 'received' });
    case 'outside-area':
      return jsonResponse(422, {
        message: `${OUTSIDE_AREA_MESSAGE} Please call ${schemePhone} and we will try to find help near you.`,
        errors: [{ field: 'postcode', message: OUTSIDE_AREA_MESSAGE }],
      });
    case 'invalid':
      return jsonResponse(400, { message: 'There is a problem with the request.', errors: outcome.errors });
  }
}
