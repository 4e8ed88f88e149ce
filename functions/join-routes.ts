import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applyToJoin } from '../shared/domain/applicants.js';
import { contactOf } from '../shared/domain/views.js';
import { londonDate } from '../shared/vocabulary/time.js';
import { header, urlEncodedForm } from '../shared/http/requests.js';
import { htmlResponse, jsonResponse, redirect } from '../shared/http/responses.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { availabilityFromDayGroups, parseApplicant } from '../shared/schema/applicant.js';
import { combineDateParts } from '../shared/web/form.js';
import { chooseLanguage, westernDigits } from '../shared/web/i18n.js';
import { JOINED_PATH, renderJoinForm } from '../shared/web/join.js';
import type { HttpRoute } from './http-handler.js';

/**
 * Join the team: the application (POST /volunteer), posted to the function that stores requests, with
 * the same honeypot, idempotency and rate limit. The form (GET /volunteer) and the thank-you page
 * (GET /volunteer/received) are the public pages' function's (functions/public-pages.ts), which reads
 * no data and so bundles no store.
 */
/** The posted form, with its checkboxes' repeated fields kept; undefined when it is not a form. */
export function formOf(event: APIGatewayProxyEventV2): URLSearchParams | 'too-large' | undefined {
  const posted = urlEncodedForm(event);
  if (posted === undefined || posted === 'too-large') return posted;
  // Arabic keyboards type ٠-٩: the phone, postcode, limit and date need 0-9.
  const form = new URLSearchParams();
  for (const [key, value] of posted) form.append(key, westernDigits(value));
  return form;
}

export const apply: HttpRoute = async (event) => {
  const { settings, ports } = getCoreRuntime();
  const form = formOf(event);
  if (form === 'too-large') return jsonResponse(413, { message: 'The application is too large.' });
  if (!form) return jsonResponse(415, { message: 'Send the application as a form.' });
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (!Object.hasOwn(fields, key)) fields[key] = value;
  const lang = chooseLanguage({
    explicit: fields.language,
    acceptLanguage: header(event, 'accept-language'),
  });
  const helpTypes = form.getAll('helpTypes');
  const availability = availabilityFromDayGroups(form);
  const parsed = parseApplicant(
    { fields: { ...combineDateParts(fields, 'dbsCheckedOn'), language: lang }, helpTypes, availability },
    londonDate(ports.clock.now()),
  );
  if (!parsed.ok) {
    return htmlResponse(
      400,
      renderJoinForm({
        contact: contactOf(settings),
        idempotencyKey: fields.idempotencyKey || randomUUID(),
        retentionDays: settings.applicationRetentionDays,
        lang,
        values: fields,
        helpTypes,
        availability,
        issues: parsed.issues,
      }),
    );
  }
  await applyToJoin(parsed.value, settings, ports);
  // The thank-you page is chosen by Accept-Language too; name the language only when that would differ.
  return redirect(
    `${JOINED_PATH}${lang === chooseLanguage({ acceptLanguage: header(event, 'accept-language') }) ? '' : `?lang=${lang}`}`,
  );
};
