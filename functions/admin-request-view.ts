import {
  loadErased,
  loadRequest,
  type ActionResult,
  type RequestDetail,
} from '../shared/domain/admin/requests.js';
import { requesterChannels, volunteerDetailsChannels, type Channel } from '../shared/domain/contact.js';
import { htmlResponse, redirect, type HttpResult } from '../shared/http/responses.js';
import {
  renderAdminError,
  renderErasedRequest,
  renderRequestPage,
  requestPath,
} from '../shared/web/admin/pages.js';
import {
  badRequest,
  formFields,
  notFound,
  withId,
  type AdminContext,
  type AdminRoute,
} from './admin-route.js';

const MERGED =
  'The later request is merged into this one: its needed-by date and details are here now, and it is closed.';

/**
 * What the request page and the request actions share: the confirmations named by ?done=, the page
 * itself, and the 303 back to it after an action.
 */
export const MESSAGES: Record<string, string> = {
  rematch: 'Volunteers are being asked again.',
  'nobody-new': 'Nobody new could be asked, so nothing was changed and nothing was sent.',
  unassigned: 'The volunteer has been told they are no longer needed, and other volunteers are being asked.',
  cancelled: 'The request is cancelled.',
  closed: 'The request is closed.',
  created: 'The request is stored and volunteers are being asked.',
  acknowledged: 'The concern is acknowledged.',
  erased: 'The requester’s details are erased.',
  'cancelled-next': 'This visit is cancelled. The next visit is being arranged.',
  'closed-next': 'This visit is closed. The next visit is being arranged.',
  'cancelled-series-ended': 'This visit is cancelled. The regular help has ended.',
  'closed-series-ended': 'This visit is closed. The regular help has ended.',
  claimed: 'You are handling this request: the team sees your name on it.',
  'given-back': 'You gave this request back to the team.',
  merged: MERGED,
  'merged-unchanged': `${MERGED} The date and details the volunteer has are the same, so nothing was sent to them.`,
  'not-merged': 'The earlier request has ended, so nothing was merged: treat this request as new instead.',
};

export interface RequestPageOptions {
  /**
   * The ?done= after an action: most name a fixed message; 'assigned' and 'merged-told' are worked out
   * from who was told.
   */
  done?: string;
  message?: string;
  status?: number;
  errors?: { field: string; message: string }[];
  values?: Record<string, string>;
  /** A search by name among all volunteers, from the arrange section. */
  who?: string;
}

export async function showRequest(
  id: string,
  context: AdminContext,
  options: RequestPageOptions = {},
): Promise<HttpResult> {
  const { settings, ports } = context.runtime;
  const detail = await loadRequest(id, settings, ports, { who: options.who });
  const toldNow = { assigned: assignedMessage, 'merged-told': mergedToldMessage }[options.done ?? ''];
  const message =
    toldNow && detail
      ? toldNow(detail)
      : (options.message ??
        (options.done && Object.hasOwn(MESSAGES, options.done) ? MESSAGES[options.done] : undefined));
  if (!detail) {
    const erased = await loadErased(id, ports);
    if (!erased) return notFound(context);
    return htmlResponse(
      200,
      renderErasedRequest({
        contact: context.contact,
        prescriberId: context.prescriber.id,
        message,
        ...erased,
      }),
    );
  }
  return htmlResponse(
    options.status ?? 200,
    renderRequestPage(detail, {
      contact: context.contact,
      prescriberId: context.prescriber.id,
      message,
      errors: options.errors,
      values: options.values,
    }),
  );
}

const CHANNEL_WORDS: Record<Channel, string> = { email: 'email', text: 'text message' };

/**
 * After arranging by hand: exactly who is told, and how, from the channels the sender will use;
 * a requester with no email or mobile is told by nobody, and the page says so.
 */
export function assignedMessage(detail: RequestDetail): string {
  const { request, assignedVolunteer } = detail;
  if (request.status !== 'assigned' || !assignedVolunteer) return 'The request has a volunteer arranged.';
  const by = (channels: readonly Channel[]) => channels.map((c) => CHANNEL_WORDS[c]).join(' and ');
  const volunteer = `${assignedVolunteer.name} is being sent the person’s details by ${by(volunteerDetailsChannels(assignedVolunteer))}.`;
  const channels = requesterChannels(request.requester);
  const requester =
    channels.length > 0
      ? `${request.requester.name} is being told by ${by(channels)} that a volunteer will be in touch.`
      : `${request.requester.name} gave no email address or mobile number, so nobody has told them: phone them${request.requester.phone ? ` on ${request.requester.phone}` : ''} to say who is coming.`;
  return `${volunteer} ${requester}`;
}

/**
 * After a merge that changed the date or details an arranged volunteer had: exactly who is sent the new
 * ones, and how (the details always go by email, and by text too to a volunteer who reads texts).
 */
export function mergedToldMessage(detail: RequestDetail): string {
  const { request, assignedVolunteer } = detail;
  if (request.status !== 'assigned' || !assignedVolunteer)
    // Given back since: the sender finds the details no longer theirs and sends nothing.
    return MERGED;
  const channels = volunteerDetailsChannels(assignedVolunteer).map((c) => CHANNEL_WORDS[c]);
  return `${MERGED} ${assignedVolunteer.name} is being told by ${channels.join(' and ')} that the date or details have changed, with the new ones.`;
}

/** POST, then 303 to the request page, so a refresh never repeats an action. */
export function afterAction(
  result: ActionResult,
  id: string,
  done: string,
  context: AdminContext,
): HttpResult {
  switch (result.kind) {
    case 'done':
      return redirect(`${requestPath(id)}?done=${done}`);
    case 'not-found':
      return notFound(context);
    case 'nobody-new':
      return redirect(`${requestPath(id)}?done=nobody-new`);
    case 'conflict':
    case 'unknown-volunteer':
    case 'poor-fit':
      return htmlResponse(409, renderAdminError(409, context.contact, true));
  }
}

/** A POST action on one request: its id and its form fields (400 without a readable form). */
export function action(
  branch: (id: string, fields: Record<string, string>, context: AdminContext) => Promise<HttpResult>,
): AdminRoute {
  return withId(async (event, id, context) => {
    const fields = formFields(event);
    return fields ? branch(id, fields, context) : badRequest(context);
  });
}
