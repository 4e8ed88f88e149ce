import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { contactOf } from '../shared/domain/views.js';
import {
  actOnProfile,
  confirmContact,
  CONFIRM_CONTACT_PATH,
  PROFILE_PATH,
  requestProfileLink,
  viewContactConfirm,
  viewProfile,
  type ProfileForm,
} from '../shared/domain/profile.js';
import { isCrossSite, tokenParameter } from '../shared/http/requests.js';
import { htmlResponse, jsonResponse } from '../shared/http/responses.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { availabilityFromDayGroups } from '../shared/schema/applicant.js';
import { renderErrorPage } from '../shared/web/pages.js';
import { renderContactConfirm, renderLinkRequest, renderProfile } from '../shared/web/profile.js';
import { byRouteKey, httpHandler, linkLanguageOf, type HttpRoute } from './http-handler.js';
import { formOf } from './join-routes.js';
import type { RouteTable } from './route-table.js';

/**
 * A volunteer's own details page (their personal link), the confirmation of a new address, and "send
 * me a link". As with every link, GET only shows (mail scanners fetch links); POST acts, and only from
 * our own pages. The store and the clock come from the core runtime: nothing here sends itself, every
 * message goes through the outbox.
 */
const VARY = { Vary: 'Accept-Language' };

function refusedCrossSite(event: APIGatewayProxyEventV2) {
  const { settings, config } = getCoreRuntime();
  if (!isCrossSite(event, [config.publicBaseUrl])) return undefined;
  return htmlResponse(
    403,
    renderErrorPage({ status: 403, contact: contactOf(settings), lang: linkLanguageOf(event) }),
  );
}

/** The posted form with its repeated checkboxes; undefined when it is not a form (or too large). */
function postedForm(event: APIGatewayProxyEventV2): ProfileForm | undefined {
  const form = formOf(event);
  if (!form || form === 'too-large') return undefined;
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (!Object.hasOwn(fields, key)) fields[key] = value;
  return { fields, helpTypes: form.getAll('helpTypes'), availability: availabilityFromDayGroups(form) };
}

const notAForm = () => jsonResponse(415, { message: 'Send the form as a form.' });

const profile: HttpRoute = async (event) => {
  const { settings, ports } = getCoreRuntime();
  const token = tokenParameter(event);
  const input = {
    path: `${PROFILE_PATH}/${encodeURIComponent(token)}`,
    contact: contactOf(settings),
    lang: linkLanguageOf(event),
  };
  if (event.requestContext.http.method !== 'POST') {
    const page = renderProfile(await viewProfile(token, ports), input);
    return htmlResponse(page.status, page.body);
  }
  const refused = refusedCrossSite(event);
  if (refused) return refused;
  const form = postedForm(event);
  if (!form) return notAForm();
  const page = renderProfile(await actOnProfile(token, form, settings, ports), input);
  return htmlResponse(page.status, page.body);
};

const confirm: HttpRoute = async (event) => {
  const { settings, ports } = getCoreRuntime();
  const token = tokenParameter(event);
  const input = {
    path: `${CONFIRM_CONTACT_PATH}/${encodeURIComponent(token)}`,
    contact: contactOf(settings),
    lang: linkLanguageOf(event),
  };
  if (event.requestContext.http.method !== 'POST') {
    const page = renderContactConfirm(await viewContactConfirm(token, ports), input);
    return htmlResponse(page.status, page.body);
  }
  const refused = refusedCrossSite(event);
  if (refused) return refused;
  const page = renderContactConfirm(await confirmContact(token, ports), input);
  return htmlResponse(page.status, page.body);
};

const askForLink: HttpRoute = async (event) => {
  const { settings, ports } = getCoreRuntime();
  const input = { path: PROFILE_PATH, contact: contactOf(settings), lang: linkLanguageOf(event) };
  if (event.requestContext.http.method !== 'POST') {
    const page = renderLinkRequest({ kind: 'ask' }, input);
    return htmlResponse(page.status, page.body, VARY);
  }
  const refused = refusedCrossSite(event);
  if (refused) return refused;
  const form = postedForm(event);
  if (!form) return notAForm();
  const typed = form.fields.address ?? '';
  const outcome = await requestProfileLink(typed, ports);
  // Known or not, the same page with the same status: nobody learns who volunteers here.
  const page =
    outcome.kind === 'sent'
      ? renderLinkRequest({ kind: 'sent', linkDays: settings.profileLinkDays }, input)
      : renderLinkRequest({ kind: 'ask', typed, error: true }, input);
  return htmlResponse(page.status, page.body);
};

export const routes: RouteTable<'volunteerProfile', HttpRoute> = {
  'GET /volunteer/profile': askForLink,
  'POST /volunteer/profile': askForLink,
  'GET /volunteer/profile/{token}': profile,
  'POST /volunteer/profile/{token}': profile,
  'GET /volunteer/confirm/{token}': confirm,
  'POST /volunteer/confirm/{token}': confirm,
};

export const handler = httpHandler(byRouteKey(routes));
