import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  approveApplicant,
  declineApplicant,
  recordChecks,
  type DecisionOutcome,
} from '../shared/domain/applicants.js';
import { isDeclineReason } from '../shared/domain/model.js';
import { isCalendarDate } from '../shared/vocabulary/time.js';
import { londonDate } from '../shared/vocabulary/time.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import {
  applicantPath,
  APPLICANTS_PATH,
  renderApplicant,
  renderApplicantQueue,
} from '../shared/web/admin/applicants.js';
import { volunteerPath } from '../shared/web/admin/volunteers.js';
import { combineDateParts } from '../shared/web/form.js';
import {
  badRequest,
  doneMessage,
  formParams,
  notFound,
  withId,
  type AdminContext,
  type AdminRoute,
} from './admin-route.js';
import type { RouteKeyOf } from './route-table.js';

type ApplicantRouteKey = Extract<RouteKeyOf<'adminVolunteers'>, `${string} /admin/applicants${string}`>;

const MESSAGES: Record<string, string> = {
  checks: 'The checks are saved.',
  declined: 'The application is declined and they have been sent a kind message.',
  approved: 'They are on the roster now, and have been sent a welcome.',
};

/** People who applied to join: the queue, each application's checks, approval and decline. */
export const applicantRoutes: Readonly<Record<ApplicantRouteKey, AdminRoute>> = {
  'GET /admin/applicants': async (event, context) => {
    const { ports } = context.runtime;
    return htmlResponse(
      200,
      renderApplicantQueue({
        contact: context.contact,
        applicants: await ports.store.listApplicants('waiting'),
        now: ports.clock.now(),
        message: doneMessage(MESSAGES, event),
      }),
    );
  },
  'GET /admin/applicants/{id}': withId(async (event, id, context) => {
    const applicant = await context.runtime.ports.store.getApplicant(id);
    if (!applicant) return notFound(context);
    return htmlResponse(
      200,
      renderApplicant({ contact: context.contact, applicant, message: doneMessage(MESSAGES, event) }),
    );
  }),
  'POST /admin/applicants/{id}/checks': withId((event, id, context) => saveChecks(event, id, context)),
  'POST /admin/applicants/{id}/approve': withId(async (_event, id, context) => {
    const outcome = await approveApplicant(id, context.prescriber.id, context.runtime.ports);
    return answer(outcome, id, context);
  }),
  'POST /admin/applicants/{id}/decline': withId(async (event, id, context) => {
    const params = formParams(event);
    if (!params) return badRequest(context);
    const reason = params.get('reason');
    if (!isDeclineReason(reason))
      return again(id, context, [{ field: 'reason', message: 'Select why you are declining' }]);
    const { settings, ports } = context.runtime;
    return answer(await declineApplicant(id, reason, context.prescriber.id, settings, ports), id, context);
  }),
};

async function saveChecks(
  event: APIGatewayProxyEventV2,
  id: string,
  context: AdminContext,
): Promise<HttpResult> {
  const params = formParams(event);
  if (!params) return badRequest(context);
  const { settings, ports } = context.runtime;
  const done = new Set(params.getAll('checks'));
  const { dbsCheckedOn } = combineDateParts(Object.fromEntries(params), 'dbsCheckedOn');
  if (
    dbsCheckedOn !== undefined &&
    (!isCalendarDate(dbsCheckedOn) || dbsCheckedOn > londonDate(ports.clock.now()))
  )
    return again(id, context, [
      { field: 'dbsCheckedOn', message: 'Enter the date of the DBS check, today or earlier, like 15 3 2024' },
    ]);
  const checks = {
    ...(done.has('idSeen') ? { idSeen: true } : {}),
    ...(done.has('referencesTaken') ? { referencesTaken: true } : {}),
    ...(done.has('inductionDone') ? { inductionDone: true } : {}),
    ...(dbsCheckedOn ? { dbsCheckedOn } : {}),
  };
  return answer(await recordChecks(id, checks, settings, ports), id, context);
}

async function again(
  id: string,
  context: AdminContext,
  errors: { field: string; message: string }[],
): Promise<HttpResult> {
  const applicant = await context.runtime.ports.store.getApplicant(id);
  if (!applicant) return notFound(context);
  return htmlResponse(400, renderApplicant({ contact: context.contact, applicant, errors }));
}

function answer(
  outcome: DecisionOutcome,
  id: string,
  context: AdminContext,
): Promise<HttpResult> | HttpResult {
  switch (outcome.kind) {
    case 'approved':
      return redirect(`${volunteerPath(outcome.volunteerId)}?done=added`);
    case 'saved':
      return redirect(`${applicantPath(id)}?done=checks`);
    case 'declined':
      return redirect(`${APPLICANTS_PATH}?done=declined`);
    case 'not-found':
      return notFound(context);
    case 'not-waiting':
      return again(id, context, [
        { field: 'form', message: 'Someone has already decided on this application' },
      ]);
    case 'email-taken':
      return again(id, context, [
        { field: 'form', message: 'A volunteer on the roster already has this email address' },
      ]);
  }
}
