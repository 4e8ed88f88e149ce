import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import type { AuditEvent, CloseOutcome, HelpRequest, RequestStatus } from '../../domain/model.js';
import { CLOSE_OUTCOMES, isRecurring } from '../../domain/model.js';
import { type RecurringFrequency } from '../../vocabulary/choices.js';
import type { DashboardHome, InviteAnswer, RequestDetail } from '../../domain/admin/requests.js';
import type { SchemeContact } from '../../domain/views.js';
import {
  button,
  checkboxes,
  errorSummary,
  insetText,
  lines,
  summaryList,
  tag,
  textarea,
  textInput,
  warningCallout,
} from '../components.js';
import { formatDateLong } from '../format.js';
import { html, type HtmlValue, type SafeHtml } from '../html.js';
import { phoneLink } from '../layout.js';
import { formatAge, formatDateTime } from './format.js';
import { adminLayout } from './layout.js';
import { arrangeSection, rematchSection } from './arrange.js';
import { claimFilterNav, claimLine, claimSection, heldSection, prescriberName } from './team.js';
import { CLAIMABLE_STATUSES, type ClaimFilterName } from '../../domain/team.js';

export const STATUS_LABELS: Record<RequestStatus, string> = {
  received: 'Received',
  matching: 'Asking volunteers',
  assigned: 'Volunteer arranged',
  escalated: 'Needs you',
  cancelled: 'Cancelled',
  closed: 'Closed',
  'on-hold': 'Possible duplicate',
};

const STATUS_COLOURS: Record<RequestStatus, 'red' | 'orange' | 'green' | 'grey' | undefined> = {
  received: undefined,
  matching: undefined,
  assigned: 'green',
  escalated: 'red',
  cancelled: 'grey',
  closed: 'grey',
  'on-hold': 'orange',
};

export const OUTCOME_LABELS: Record<CloseOutcome, string> = {
  helped: 'Helped',
  'no-longer-needed': 'No longer needed',
  'referred-elsewhere': 'Referred elsewhere',
  'could-not-help': 'Could not help',
  duplicate: 'Duplicate (merged)',
};

const ESCALATION_LABELS: Record<string, string> = {
  'no-candidates': 'No volunteer offers this help in this area',
  'no-acceptance': 'Volunteers were asked and nobody said yes',
  'system-failure': 'The system could not finish matching',
};

export function requestPath(id: string): string {
  return `/admin/requests/${encodeURIComponent(id)}`;
}

export function statusTag(status: RequestStatus): SafeHtml {
  return tag(STATUS_LABELS[status], STATUS_COLOURS[status]);
}

export function notificationBanner(
  message: string | undefined,
  kind: 'success' | 'important' = 'success',
): SafeHtml {
  if (!message) return html``;
  return html`<div
    class="nhsuk-notification-banner${kind === 'success' ? ' nhsuk-notification-banner--success' : ''}"
    role="${kind === 'success' ? 'alert' : 'region'}"
    aria-labelledby="notification-title"
    data-module="nhsuk-notification-banner"
  >
    <div class="nhsuk-notification-banner__header">
      <h2 class="nhsuk-notification-banner__title" id="notification-title">
        ${kind === 'success' ? 'Done' : 'Important'}
      </h2>
    </div>
    <div class="nhsuk-notification-banner__content">
      <p class="nhsuk-notification-banner__heading">${message}</p>
    </div>
  </div>`;
}

// ---- sign-in --------------------------------------------------------------------------------------

export interface SignInPageInput {
  contact: SchemeContact;
  email?: string;
  error?: string;
  /** Second step: the account uses an authenticator app. */
  mfaSession?: string;
  /** First sign-in: choose a password to replace the emailed temporary one. */
  newPasswordSession?: string;
  message?: string;
}

export function renderSignIn(input: SignInPageInput): string {
  const errors = input.error
    ? [
        {
          message: input.error,
          href: input.mfaSession ? '#code' : input.newPasswordSession ? '#newPassword' : '#email',
        },
      ]
    : [];
  const newPasswordForm = html`<form method="post" action="/admin/sign-in" novalidate>
    <input type="hidden" name="newPasswordSession" value="${input.newPasswordSession ?? ''}" />
    <input type="hidden" name="email" value="${input.email ?? ''}" />
    <p>This is your first sign-in: choose your own password in place of the one we emailed you.</p>
    <div class="nhsuk-form-group${input.error ? ' nhsuk-form-group--error' : ''}">
      <label class="nhsuk-label" for="newPassword">New password</label>
      <div class="nhsuk-hint" id="newPassword-hint">
        At least 14 characters, with upper and lower case letters, a number and a symbol
      </div>
      ${
        input.error &&
        html`<span class="nhsuk-error-message" id="newPassword-error"
          ><span class="nhsuk-u-visually-hidden">Error: </span>${input.error}</span
        >`
      }
      <input
        class="nhsuk-input${input.error ? ' nhsuk-input--error' : ''}"
        id="newPassword"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        aria-describedby="newPassword-hint${input.error ? ' newPassword-error' : ''}"
        maxlength="256"
      />
    </div>
    ${button({ text: 'Set password and sign in' })}
  </form>`;
  const form = input.newPasswordSession
    ? newPasswordForm
    : input.mfaSession
      ? html`<form method="post" action="/admin/sign-in" novalidate>
          <input type="hidden" name="session" value="${input.mfaSession}" />
          <input type="hidden" name="email" value="${input.email ?? ''}" />
          ${textInput({
            name: 'code',
            label: 'Code from your authenticator app',
            hint: 'The 6-digit code the app shows now',
            error: input.error,
            autocomplete: 'one-time-code',
            inputmode: 'numeric',
            width: 10,
            maxlength: 6,
          })}
          ${button({ text: 'Continue' })}
        </form>`
      : html`<form method="post" action="/admin/sign-in" novalidate>
          ${textInput({
            name: 'email',
            label: 'Email address',
            type: 'email',
            autocomplete: 'username',
            spellcheck: false,
            value: input.email,
            error: input.error,
            maxlength: 254,
          })}
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="password">Password</label>
            <input
              class="nhsuk-input"
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              spellcheck="false"
              maxlength="256"
            />
          </div>
          ${button({ text: 'Sign in' })}
        </form>`;
  const content = html`${errorSummary(errors)} ${notificationBanner(input.message, 'important')}
    <h1 class="nhsuk-heading-l">Sign in to the dashboard</h1>
    <p>For the social prescribing team. Volunteers and people asking for help do not need to sign in.</p>
    ${form}`;
  return adminLayout({ title: 'Sign in', contact: input.contact, content, hasErrors: errors.length > 0 });
}

// ---- errors ----------------------------------------------------------------------------------------

const ADMIN_ERRORS: Record<400 | 401 | 403 | 404 | 409, { title: string; body: SafeHtml }> = {
  400: {
    title: 'Sorry, we could not understand that',
    body: html`<p>Something was missing or not in the format we expected. Go back and try again.</p>`,
  },
  401: {
    title: 'Please sign in',
    body: html`<p><a href="/admin/sign-in">Sign in to the dashboard</a> to continue.</p>`,
  },
  403: {
    title: 'You cannot do that here',
    body: html`<p>
        Only the social prescribing team can use the dashboard, and only from its own pages. If you think you
        should have access, ask whoever manages the scheme's accounts.
      </p>
      <p><a href="/admin/sign-in">Sign in as someone else</a></p>`,
  },
  404: {
    title: 'Not found',
    body: html`<p>It may have been deleted at the end of its retention period.</p>
      <p><a href="/admin">Back to what needs you now</a></p>`,
  },
  409: {
    title: 'That has already changed',
    body: html`<p>Someone or something acted on this first. Go back to see where it stands now.</p>`,
  },
};

export function renderAdminError(
  status: 400 | 401 | 403 | 404 | 409,
  contact: SchemeContact,
  signedIn = false,
): string {
  const page = ADMIN_ERRORS[status];
  const content = html`<h1 class="nhsuk-heading-l">${page.title}</h1>
    ${page.body}`;
  return adminLayout({ title: page.title, contact, content, signedIn });
}

/**
 * The 403 a prescriber gets once an admin has disabled their account, on any dashboard page: their
 * token may still be current, but nothing of the dashboard is shown to them.
 */
export function renderAccountDisabled(contact: SchemeContact): string {
  const title = 'Your account is disabled';
  const content = html`<h1 class="nhsuk-heading-l">${title}</h1>
    <p>
      An admin has disabled your account. You cannot see or change anything on the dashboard, and nothing was
      changed.
    </p>
    <p>If you think this is a mistake, ask the scheme's admin to enable your account again.</p>
    <p><a href="/admin/sign-in">Sign in as someone else</a></p>`;
  return adminLayout({ title, contact, content });
}

// ---- home ------------------------------------------------------------------------------------------

function requestHeading(request: HelpRequest): SafeHtml {
  return html`<a href="${requestPath(request.id)}">${request.reference}</a>:
    ${HELP_TYPE_LABELS[request.helpType]} in ${request.area}`;
}

function cardOf(request: HelpRequest, extra: HtmlValue, claim: HtmlValue = html``): SafeHtml {
  return html`<li class="nhsuk-card nhsuk-u-margin-bottom-4">
    <div class="nhsuk-card__content">
      <h3 class="nhsuk-card__heading nhsuk-heading-s">${requestHeading(request)}</h3>
      <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
        Needed by ${formatDateLong(request.neededBy)} ${request.urgent && tag('Urgent', 'red')}
      </p>
      ${claim} ${extra}
    </div>
  </li>`;
}

function section(title: string, id: string, items: SafeHtml[], empty: string, cut?: string): SafeHtml {
  return html`<h2 class="nhsuk-heading-m" id="${id}">${title}</h2>
    ${
      items.length > 0
        ? html`<ul class="nhsuk-list">
              ${items}
            </ul>
            ${cut && html`<p class="nhsuk-body-s">${cut} <a href="/admin/search">Search</a> by reference, name or phone number to find any other.</p>`}`
        : html`<p>${empty}</p>`
    }`;
}

export function renderHome(
  home: DashboardHome,
  input: {
    contact: SchemeContact;
    now: Date;
    message?: string;
    /** Open concerns and possible duplicates (shared/web/admin/care.ts), above everything else. */
    top?: SafeHtml;
    /** The signed-in prescriber: "Handled by you", and the team link for admins. */
    prescriber?: { id: string; admin?: boolean };
    /** Whose requests are listed (?show=). */
    show?: ClaimFilterName;
  },
): string {
  const { now } = input;
  const names = home.prescriberNames ?? {};
  const me = input.prescriber?.id ?? '';
  const card = (request: HelpRequest, extra: HtmlValue) =>
    cardOf(request, extra, claimLine(request, names, me));
  const counts = html`<ul class="ck-counts" aria-label="Counts">
    <li class="ck-count--urgent">
      <a href="#escalated"
        ><strong>${home.counts.escalated}${home.more.escalated ? '+' : ''}</strong> need you</a
      >
    </li>
    <li>
      <a href="#waiting"
        ><strong>${home.counts.waiting}${home.more.waiting ? '+' : ''}</strong> waiting for a volunteer</a
      >
    </li>
    <li>
      <a href="#assigned"
        ><strong>${home.counts.assigned}${home.more.assigned ? '+' : ''}</strong> volunteer arranged</a
      >
    </li>
    <li>
      <a href="#closed"
        ><strong>${home.counts.recentlyClosed}${home.more.recentlyClosed ? '+' : ''}</strong> closed
        recently</a
      >
    </li>
  </ul>`;
  const escalated = home.escalated.map((r) =>
    card(
      r,
      html`<p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
          <strong>Why:</strong> ${ESCALATION_LABELS[r.escalationReason ?? ''] ?? 'Passed to you'}
        </p>
        <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
          Waiting ${formatAge(r.escalatedAt ?? r.createdAt, now)} (since ${formatDateTime(r.escalatedAt)})
        </p>`,
    ),
  );
  const waiting = home.waiting.map(({ request, windowEndsAt }) =>
    card(
      request,
      html`<p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
        ${request.wave > 0 ? `Round ${request.wave} of asking` : 'Not asked anyone yet'}${
          windowEndsAt ? `: this round ends ${formatDateTime(windowEndsAt)}` : ''
        }
      </p>`,
    ),
  );
  const assigned = home.assigned.map((r) =>
    card(
      r,
      html`<p class="nhsuk-body-s nhsuk-u-margin-bottom-0">Arranged ${formatDateTime(r.assignedAt)}</p>`,
    ),
  );
  const closed = home.recentlyClosed.map((r) =>
    card(
      r,
      html`<p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
        ${STATUS_LABELS[r.status]}${r.outcome ? `: ${OUTCOME_LABELS[r.outcome]}` : ''},
        ${formatDateTime(r.closedAt)}
      </p>`,
    ),
  );
  const content = html`${notificationBanner(input.message)}
    <h1 class="nhsuk-heading-l">What needs you now</h1>
    ${input.top ?? html``} ${claimFilterNav(input.show ?? 'everyone')} ${counts}
    ${section(
      'Needs you',
      'escalated',
      escalated,
      'Nothing needs you at the moment.',
      home.more.escalated ? `These are the ${escalated.length} oldest, longest waiting first.` : undefined,
    )}
    ${section(
      'Waiting for a volunteer',
      'waiting',
      waiting,
      'No requests are waiting for a volunteer.',
      home.more.waiting ? `These are the ${waiting.length} oldest.` : undefined,
    )}
    ${section(
      'Volunteer arranged',
      'assigned',
      assigned,
      'No requests have a volunteer arranged.',
      home.more.assigned ? `These are the ${assigned.length} newest.` : undefined,
    )}
    ${section(
      'Closed in the last 14 days',
      'closed',
      closed,
      'Nothing has been closed recently.',
      home.more.recentlyClosed ? `These are the ${closed.length} closed most recently.` : undefined,
    )}
    <p class="nhsuk-body-s">
      <a href="${TWO_STEP_PATH}">Set up two-step sign-in</a> with an authenticator app.
    </p>
    ${
      input.prescriber?.admin === true &&
      html`<p class="nhsuk-body-s">
        <a href="/admin/team">The team</a>: add a prescriber, or disable an account.
      </p>`
    }`;
  return adminLayout({
    title: 'What needs you now',
    contact: input.contact,
    content,
    section: 'home',
    signedIn: true,
  });
}

// ---- request page ------------------------------------------------------------------------------------

/** Why recurring help stopped, as the prescriber reads it. */
export const SERIES_END_LABELS: Record<string, string> = {
  requester: 'the person stopped it with their link',
  prescriber: 'ended from the dashboard',
  limit: 'it reached its review point',
  'no-longer-needed': 'closed as no longer needed',
  duplicate: 'merged as a duplicate',
  erased: 'the person’s details were erased',
};

const ENTERED_BY_LABELS: Record<string, string> = {
  'public-form': 'The online form',
  series: 'Regular help (the visit before it ended)',
  api: 'The API',
  requester: 'The requester',
  system: 'The system',
};

function actorLabel(actor: string, detail: RequestDetail, prescriberId: string): string {
  const teamName = detail.prescriberNames?.[actor];
  if (teamName !== undefined) return actor === prescriberId ? `You (${teamName})` : teamName;
  if (actor === prescriberId) return 'You';
  const fixed = ENTERED_BY_LABELS[actor];
  if (fixed) return fixed;
  const volunteer = detail.volunteerNames[actor];
  if (volunteer) return volunteer;
  if (detail.invites.some((i) => i.volunteerId === actor) || detail.request.assignedVolunteerId === actor)
    return 'A removed volunteer';
  return `Prescriber ${actor.slice(0, 8)}`;
}

function volunteerName(id: unknown, detail: RequestDetail, removed = 'a removed volunteer'): string {
  return typeof id === 'string' ? (detail.volunteerNames[id] ?? removed) : 'a volunteer';
}

function timelineText(event: AuditEvent, detail: RequestDetail): string {
  const data = event.data ?? {};
  switch (event.type) {
    case 'received':
      return 'Request received';
    case 'wave-started':
      return `Round ${String(data.wave)} of asking: ${String(data.candidates)} chosen of ${String(data.offering)} who offer this help here`;
    case 'invited':
      return `Asked ${volunteerName(data.volunteerId, detail)} (round ${String(data.wave)})`;
    case 'accepted':
      return 'Said yes';
    case 'declined':
      return 'Said no';
    case 'escalated':
      return `Passed to the prescriber: ${ESCALATION_LABELS[String(data.reason)] ?? String(data.reason)}`;
    case 'matching-finished':
      return 'Matching finished';
    case 'assigned-by-hand':
      return `Arranged by hand with ${volunteerName(data.volunteerId, detail)}`;
    case 'matching-rerun':
      return 'Asked the system to find a volunteer again';
    case 'released':
      return `${volunteerName(event.actor, detail)} gave the task back with their link; matching runs again`;
    case 'unassigned':
      return `Took it back from ${volunteerName(data.volunteerId, detail)} and asked volunteers again`;
    case 'erased':
      return 'Erased the requester’s details';
    case 'cancelled':
      return data.by === 'requester' ? 'Cancelled with the link in the confirmation email' : 'Cancelled';
    case 'closed':
      return `Closed: ${OUTCOME_LABELS[data.outcome as CloseOutcome] ?? String(data.outcome)}${
        data.via === 'volunteer-link' ? ' (the volunteer said it is done)' : ''
      }${data.note ? ', with a note' : ''}`;
    case 'series-committed':
      return 'Said yes to every visit of this regular help';
    case 'series-stopped':
      return `${volunteerName(data.volunteerId, detail)} stopped taking every visit; the next will be matched`;
    case 'series-continued':
      return `Next visit (number ${String(data.occurrence)}) arranged as a new request`;
    case 'assigned-by-series':
      return `Arranged with ${volunteerName(data.volunteerId, detail)}, who takes every visit`;
    case 'series-ended':
      return `Regular help ended: ${SERIES_END_LABELS[String(data.reason)] ?? String(data.reason)}`;
    case 'claimed':
      return 'Said they will handle this';
    case 'claim-released':
      return 'Gave it back to the team';
    case 'duplicate-suspected':
      return 'Held as a possible repeat of an earlier request: nobody was asked';
    case 'duplicate-merged':
      return data.duplicateId !== undefined
        ? 'A later request for the same help was merged into this one'
        : 'Merged into the earlier request';
    case 'duplicate-treated-as-new':
      return 'Treated as a new request, not a repeat';
    case 'concern-raised':
      return 'A volunteer raised a concern';
    case 'concern-acknowledged':
      return 'Acknowledged the concern';
    case 'reminder-sent':
      return 'Reminded the volunteer to say when it is done';
    default:
      // A kind of entry this page does not know yet is still shown, by its type.
      return String(event.type).replace(/-/g, ' ');
  }
}

function requesterRows(request: HelpRequest) {
  const { requester } = request;
  return [
    { key: 'Name', value: requester.name },
    requester.nameInEnglishLetters !== undefined && {
      key: 'Name in English letters',
      value: requester.nameInEnglishLetters,
    },
    requester.askedBy !== undefined && {
      key: 'Asked by',
      value: `${requester.askedBy.name} (${requester.askedBy.relationship})`,
    },
    requester.phone !== undefined && { key: 'Phone', value: phoneLink(requester.phone) },
    requester.email !== undefined && {
      key: 'Email',
      value: html`<a href="mailto:${requester.email}">${requester.email}</a>`,
    },
    {
      key: 'Address',
      value: lines([requester.addressLine1, requester.addressLine2, requester.town, requester.postcode]),
    },
  ];
}

const ANSWER_LABELS: Record<InviteAnswer, { text: string; colour?: 'green' | 'grey' | 'orange' }> = {
  accepted: { text: 'Said yes', colour: 'green' },
  declined: { text: 'Said no', colour: 'grey' },
  taken: { text: 'No answer: someone else took it first', colour: 'grey' },
  waiting: { text: 'Not answered yet', colour: 'orange' },
  'no-answer': { text: 'No answer', colour: 'grey' },
};

/** Who was asked in each round and what they said: names resolved now, so a removed volunteer has none. */
function invitesSection(detail: RequestDetail): SafeHtml {
  if (detail.waves.length === 0) return html``;
  return html`<h2 class="nhsuk-heading-m" id="asked">Who was asked</h2>
    ${detail.waves.map(
      (wave) =>
        html`<table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-table__caption--s">
            Round ${wave.wave}
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th scope="col" class="nhsuk-table__header">Volunteer</th>
              <th scope="col" class="nhsuk-table__header">Answer</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            ${wave.invites.map(
              (invite) =>
                html`<tr class="nhsuk-table__row">
                  <td class="nhsuk-table__cell">
                    ${volunteerName(invite.volunteerId, detail, 'A removed volunteer')}
                  </td>
                  <td class="nhsuk-table__cell">
                    ${tag(ANSWER_LABELS[invite.answer].text, ANSWER_LABELS[invite.answer].colour)}
                    ${invite.respondedAt && html`<span class="nhsuk-body-s">${formatDateTime(invite.respondedAt)}</span>`}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`,
    )}`;
}

export interface RequestPageInput {
  contact: SchemeContact;
  prescriberId: string;
  message?: string;
  errors?: { field: string; message: string }[];
  values?: Record<string, string>;
}

const SERIES_WORDS: Record<RecurringFrequency, string> = { weekly: 'weekly', fortnightly: 'fortnightly' };

/** One visit of recurring help links to the series, where every visit is listed. */
function seriesLink(request: HelpRequest): SafeHtml {
  if (request.seriesId === undefined) return html``;
  const how = isRecurring(request.frequency) ? SERIES_WORDS[request.frequency] : 'regular';
  const visit = request.occurrence === undefined ? 'One visit' : `Visit ${request.occurrence}`;
  return html`<p>
    ${visit} of ${how} help.
    <a href="/admin/series/${encodeURIComponent(request.seriesId)}">See every visit</a>
  </p>`;
}

export function renderRequestPage(detail: RequestDetail, input: RequestPageInput): string {
  const { request } = detail;
  const errors = input.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const active = ['received', 'matching', 'escalated', 'assigned'].includes(request.status);
  const claimable = CLAIMABLE_STATUSES.includes(request.status);
  const unassigned = ['received', 'matching', 'escalated'].includes(request.status);
  const assignedName = request.assignedVolunteerId
    ? (detail.volunteerNames[request.assignedVolunteerId] ?? 'A removed volunteer')
    : undefined;
  const action = (name: string) => `${requestPath(request.id)}/${name}`;

  const details = summaryList([
    { key: 'Status', value: statusTag(request.status) },
    request.status === 'escalated' && {
      key: 'Why it needs you',
      value: ESCALATION_LABELS[request.escalationReason ?? ''] ?? 'Passed to you',
    },
    { key: 'Help needed', value: HELP_TYPE_LABELS[request.helpType] },
    {
      key: 'Needed by',
      value: html`${formatDateLong(request.neededBy)} ${request.urgent && tag('Urgent', 'red')}`,
    },
    request.details !== undefined && { key: 'Details', value: lines(request.details.split(/\r?\n/)) },
    { key: 'Area', value: request.area },
    claimable && {
      key: 'Handled by',
      value: prescriberName(request.claimedBy, detail.prescriberNames ?? {}, input.prescriberId),
    },
    assignedName !== undefined && {
      key: 'Volunteer',
      value: `${assignedName} (since ${formatDateTime(request.assignedAt)})`,
    },
    request.outcome !== undefined && { key: 'Outcome', value: OUTCOME_LABELS[request.outcome] },
    request.closingNote !== undefined && { key: 'Note', value: lines(request.closingNote.split(/\r?\n/)) },
    { key: 'Received', value: formatDateTime(request.createdAt) },
  ]);

  const timeline = html`<ol class="ck-timeline">
    ${detail.audit.map(
      (event) =>
        html`<li>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
            <strong>${formatDateTime(event.at)}</strong>,
            ${actorLabel(event.actor, detail, input.prescriberId)}
          </p>
          <p class="nhsuk-u-margin-bottom-0">${timelineText(event, detail)}</p>
        </li>`,
    )}
  </ol>`;

  const assignForm = unassigned
    ? arrangeSection(detail, {
        action: action('assign'),
        requestPath: requestPath(request.id),
        error: errorFor('volunteerId'),
      })
    : html``;

  const rerunForm = rematchSection(detail, action('rematch'));

  const unassignForm =
    request.status === 'assigned'
      ? html`<h2 class="nhsuk-heading-m" id="unassign">The volunteer cannot help after all</h2>
          <p>
            Take the request back from ${assignedName ?? 'the volunteer'} and ask other volunteers again. They
            are emailed to say they are no longer needed, and are not asked again.
          </p>
          <form method="post" action="${action('unassign')}">
            ${button({ text: 'Take it back and ask volunteers again', variant: 'secondary' })}
          </form>`
      : html``;

  const closeForm = active
    ? html`<h2 class="nhsuk-heading-m" id="close">Close this request</h2>
        <form method="post" action="${action('close')}" novalidate>
          <div class="nhsuk-form-group${errorFor('outcome') ? ' nhsuk-form-group--error' : ''}">
            <fieldset class="nhsuk-fieldset">
              <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">How did it end?</legend>
              ${
                errorFor('outcome') &&
                html`<span class="nhsuk-error-message" id="outcome-error"
                  ><span class="nhsuk-u-visually-hidden">Error: </span>${errorFor('outcome')}</span
                >`
              }
              <div class="nhsuk-radios" data-module="nhsuk-radios">
                ${CLOSE_OUTCOMES.map(
                  (outcome, index) =>
                    html`<div class="nhsuk-radios__item">
                      <input
                        class="nhsuk-radios__input"
                        id="${index === 0 ? 'outcome' : `outcome-${index + 1}`}"
                        name="outcome"
                        type="radio"
                        value="${outcome}"
                      />
                      <label
                        class="nhsuk-label nhsuk-radios__label"
                        for="${index === 0 ? 'outcome' : `outcome-${index + 1}`}"
                        >${OUTCOME_LABELS[outcome]}</label
                      >
                    </div>`,
                )}
              </div>
            </fieldset>
          </div>
          ${textarea({
            name: 'note',
            label: 'Note (optional)',
            hint: 'A line for the team. It is deleted with the request.',
            rows: 3,
            maxlength: 500,
            error: errorFor('note'),
            value: input.values?.note,
          })}
          ${button({ text: 'Close request' })}
        </form>
        <h2 class="nhsuk-heading-m">Cancel this request</h2>
        <p>For a request made by mistake or twice. To record how a request ended, close it instead.</p>
        ${
          request.status === 'assigned' &&
          insetText(html`<p>A volunteer is arranged: phone them to say it is cancelled.</p>`)
        }
        <form method="post" action="${action('cancel')}">
          ${button({ text: 'Cancel request', variant: 'secondary' })}
        </form>`
    : html``;

  const eraseSection = html`<h2 class="nhsuk-heading-m" id="erase">Erase the requester’s details</h2>
    <p>
      When the person asks us to delete their data. Their name, address, phone, email and the request’s
      details are deleted for good; only an anonymous record of what happened is kept.
    </p>
    <p><a href="${action('erase')}">Erase this person’s details</a></p>`;

  const content = html`${errorSummary(errors.map((e) => ({ message: e.message, href: `#${e.field}` })))}
    ${notificationBanner(input.message)}
    <span class="nhsuk-caption-l">${request.reference}</span>
    <h1 class="nhsuk-heading-l">${HELP_TYPE_LABELS[request.helpType]} in ${request.area}</h1>
    ${seriesLink(request)} ${details}
    ${claimable && claimSection(request, detail.prescriberNames ?? {}, input.prescriberId, action)}
    ${heldSection(detail)}
    <h2 class="nhsuk-heading-m">Who needs help</h2>
    ${summaryList(requesterRows(request))} ${invitesSection(detail)} ${assignForm} ${rerunForm}
    ${unassignForm} ${closeForm}
    <h2 class="nhsuk-heading-m">What has happened</h2>
    ${timeline} ${eraseSection}`;
  return adminLayout({
    title: `${request.reference}`,
    contact: input.contact,
    content,
    section: 'home',
    signedIn: true,
    hasErrors: errors.length > 0,
  });
}

// ---- erasure -----------------------------------------------------------------------------------------

export interface EraseConfirmInput {
  contact: SchemeContact;
  request: Pick<HelpRequest, 'id' | 'reference' | 'helpType' | 'area' | 'status' | 'seriesId'>;
  error?: string;
}

/** The step before an erasure: it cannot be undone, so it says so and asks for a tick as well as a press. */
export function renderEraseConfirm(input: EraseConfirmInput): string {
  const { request } = input;
  const errors = input.error ? [{ message: input.error, href: '#confirm' }] : [];
  const content = html`${errorSummary(errors)}
    <span class="nhsuk-caption-l">${request.reference}</span>
    <h1 class="nhsuk-heading-l">Erase this person’s details?</h1>
    ${warningCallout(
      'This cannot be undone',
      html`<p>
          Their name, address, phone number, email address and what they asked for are deleted at once, with
          the request and every link we emailed about it. Nobody can get them back.
        </p>
        <p>
          What stays is an anonymous record of what happened (times, and which volunteers were asked), with
          your account as the one who erased it.
        </p>`,
    )}
    ${
      request.status === 'assigned' &&
      insetText(html`<p>A volunteer is arranged: phone them first to say it is off.</p>`)
    }
    ${
      request.seriesId !== undefined &&
      insetText(
        html`<p>This is regular help: every visit of it is erased too, and no more visits are arranged.</p>`,
      )
    }
    <form method="post" action="${requestPath(request.id)}/erase" novalidate>
      ${checkboxes({
        name: 'confirm',
        legend: 'Confirm',
        legendSize: 's',
        error: input.error,
        items: [{ value: 'yes', text: `I understand that ${request.reference} will be erased for good` }],
      })}
      ${button({ text: 'Erase their details' })}
    </form>
    <p><a href="${requestPath(request.id)}">No, go back to the request</a></p>`;
  return adminLayout({
    title: `Erase ${request.reference}`,
    contact: input.contact,
    content,
    section: 'home',
    signedIn: true,
    hasErrors: errors.length > 0,
  });
}

/**
 * A request whose requester was erased: the request is gone, so this is all that is left. The audit holds
 * ids and enumerations only, so it can be shown; volunteers are named from the roster as elsewhere.
 */
export function renderErasedRequest(input: {
  contact: SchemeContact;
  prescriberId: string;
  audit: AuditEvent[];
  volunteerNames: Record<string, string>;
  message?: string;
}): string {
  const detail: RequestDetail = {
    // The timeline's wording needs a request; an erased one has only its id left.
    request: { id: input.audit[0]?.requestId ?? '' } as HelpRequest,
    audit: input.audit,
    invites: [],
    volunteerNames: input.volunteerNames,
    candidates: [],
    offering: 0,
    newToAsk: 0,
    waves: [],
  };
  const erased = input.audit.filter((e) => e.type === 'erased').at(-1);
  const content = html`${notificationBanner(input.message)}
    <h1 class="nhsuk-heading-l">This request was erased</h1>
    <p>
      The requester’s details were erased ${erased ? formatDateTime(erased.at) : ''} at their request. Only
      this anonymous record of what happened is kept.
    </p>
    <h2 class="nhsuk-heading-m">What has happened</h2>
    <ol class="ck-timeline">
      ${input.audit.map(
        (event) =>
          html`<li>
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
              <strong>${formatDateTime(event.at)}</strong>,
              ${actorLabel(event.actor, detail, input.prescriberId)}
            </p>
            <p class="nhsuk-u-margin-bottom-0">${timelineText(event, detail)}</p>
          </li>`,
      )}
    </ol>
    <p><a href="/admin">Back to what needs you now</a></p>`;
  return adminLayout({
    title: 'Erased request',
    contact: input.contact,
    content,
    section: 'home',
    signedIn: true,
  });
}

// ---- two-step sign-in -----------------------------------------------------------------------------------

export const TWO_STEP_PATH = '/admin/two-step';

export interface TwoStepPageInput {
  contact: SchemeContact;
  /** The new secret (base32) and its otpauth:// URI; absent once set up. */
  secret?: string;
  uri?: string;
  error?: string;
  done?: boolean;
  /**
   * Set up during sign-in: two-step sign-in is required and this account has none yet. The form then
   * goes back to the sign-in function with Cognito's session, and nobody is signed in until it succeeds.
   */
  signIn?: { session: string; email: string };
}

/** Groups of four, as authenticator apps show a key: easier to read out and type. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function renderTwoStep(input: TwoStepPageInput): string {
  const errors = input.error ? [{ message: input.error, href: '#code' }] : [];
  const content = input.done
    ? html`${notificationBanner('Two-step sign-in is set up.')}
        <h1 class="nhsuk-heading-l">Two-step sign-in is on</h1>
        <p>
          From your next sign-in, after your password we will ask for the 6-digit code your authenticator app
          shows.
        </p>
        <p>If you lose your phone, ask whoever manages the scheme’s accounts to reset it.</p>
        <p><a href="/admin">Back to what needs you now</a></p>`
    : html`${errorSummary(errors)}
        <h1 class="nhsuk-heading-l">Set up two-step sign-in</h1>
        ${
          input.signIn &&
          html`<p>
            The dashboard holds people’s names, addresses and phone numbers, so it needs two-step sign-in
            before you go on. It takes a minute.
          </p>`
        }
        <p>
          After your password, the dashboard will also ask for a code from an authenticator app on your phone
          (for example Microsoft Authenticator or Google Authenticator). Someone who learns your password
          still cannot sign in as you.
        </p>
        <h2 class="nhsuk-heading-m">1. Add this key to your app</h2>
        <p>In the app, choose to add an account and to enter a setup key by hand. Type this key:</p>
        <p class="nhsuk-heading-m ck-secret" id="secret"><code>${grouped(input.secret ?? '')}</code></p>
        <p>
          Key type: time based. On a phone with the app, you can instead
          <a href="${input.uri ?? ''}">open this key in your authenticator app</a>.
        </p>
        <details class="nhsuk-details">
          <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text">The key as a link, for apps that ask for one</span>
          </summary>
          <div class="nhsuk-details__text">
            <p class="ck-break"><code>${input.uri ?? ''}</code></p>
          </div>
        </details>
        <h2 class="nhsuk-heading-m">2. Enter the code the app shows</h2>
        <form method="post" action="${input.signIn ? '/admin/sign-in' : TWO_STEP_PATH}" novalidate>
          <input type="hidden" name="secret" value="${input.secret ?? ''}" />
          ${
            input.signIn &&
            html`<input type="hidden" name="setupSession" value="${input.signIn.session}" />
              <input type="hidden" name="email" value="${input.signIn.email}" />`
          }
          ${textInput({
            name: 'code',
            label: 'Code from your authenticator app',
            hint: 'The 6-digit code the app shows now',
            error: input.error,
            autocomplete: 'one-time-code',
            inputmode: 'numeric',
            width: 10,
            maxlength: 6,
          })}
          ${button({ text: 'Turn on two-step sign-in' })}
        </form>`;
  return adminLayout({
    title: 'Set up two-step sign-in',
    contact: input.contact,
    content,
    signedIn: !input.signIn,
    hasErrors: errors.length > 0,
  });
}
