import { HELP_TYPE_LABELS } from '../../domain/help-types.js';
import type {
  ActionSummary,
  PauseChoice,
  PauseView,
  RequestActionKind,
  SelfServiceView,
} from '../../domain/admin/self-service.js';
import type { RecurringFrequency } from '../../domain/model.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, errorSummary, panel, radios } from '../components.js';
import { formatDateLong } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { layout, phoneLink } from '../layout.js';
import { concernPathFor } from '../concern.js';

function line(summary: ActionSummary): SafeHtml {
  return html`<p>
    ${HELP_TYPE_LABELS[summary.helpType]}, needed by ${formatDateLong(summary.neededBy)} (reference
    ${summary.reference}).
  </p>`;
}

const CONFIRM: Record<RequestActionKind, { title: string; explain: string; button: string }> = {
  cancel: {
    title: 'Cancel your request?',
    explain: 'If you no longer need help, cancel it here and we will stop asking volunteers.',
    button: 'Yes, cancel my request',
  },
  done: {
    title: 'Have you helped?',
    explain: 'Tell us the help is done and we will close the request. Thank you.',
    button: 'Yes, I have helped',
  },
  stop: {
    title: 'Stop helping every time?',
    explain:
      'You will keep the visit you have now unless you tell us otherwise. For the next one, we will ask other volunteers.',
    button: 'Stop helping every time',
  },
  release: {
    title: 'Can you no longer help?',
    explain:
      'If you cannot go after all, tell us here and we will ask other volunteers straight away. The person will be told we are finding someone else.',
    button: 'I can no longer help',
  },
};

/** Issue #7: from the "done" page, the volunteer can tell the prescriber about a worry (same token). */
function concernLink(path: string): SafeHtml {
  const concernPath = concernPathFor(path);
  return concernPath
    ? html`<p>
        Did anything about the person worry you? <a href="${concernPath}">Tell the social prescriber</a>.
      </p>`
    : html``;
}

/** The pages behind the cancel, done and release links: public, unindexed, no personal data beyond the reference. */
export function renderSelfService(
  view: SelfServiceView,
  input: { path: string; contact: SchemeContact },
): { status: number; body: string } {
  const call = phoneLink(input.contact.schemePhone);
  let title: string;
  let content: SafeHtml;
  let status = 200;
  let hasErrors = false;
  switch (view.kind) {
    case 'invalid':
      status = 404;
      title = 'This link is not valid';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        <p>It may be incomplete, or it may have expired. If you need us, call ${call}.</p>`;
      break;
    case 'confirm': {
      if (view.action === 'cancel' && view.summary.frequency) {
        // Recurring help: the requester says whether to stop one visit or all that are still to come.
        const every = EVERY[view.summary.frequency];
        title = 'Cancel your regular help?';
        const error = view.missingScope ? 'Select what you want to cancel' : undefined;
        if (error) status = 400;
        hasErrors = error !== undefined;
        content = html`${errorSummary(error ? [{ message: error, href: '#scope' }] : [])}
          <h1 class="nhsuk-heading-l">${title}</h1>
          ${line(view.summary)}
          <p>This help is arranged ${every}.</p>
          <form method="post" action="${input.path}" novalidate>
            ${radios({
              name: 'scope',
              legend: 'What do you want to cancel?',
              legendSize: 'm',
              items: [
                {
                  value: 'this',
                  text: `Just the next visit, by ${formatDateLong(view.summary.neededBy)}`,
                  hint: 'We will arrange the one after as usual.',
                },
                { value: 'all', text: 'All visits from now on', hint: 'The regular help stops.' },
              ],
              ...(error ? { error } : {}),
            })}
            ${button({ text: 'Cancel' })}
          </form>`;
        break;
      }
      const words = CONFIRM[view.action];
      title = words.title;
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${line(view.summary)}
        <p>${words.explain}</p>
        <form method="post" action="${input.path}">${button({ text: words.button })}</form>`;
      break;
    }
    case 'stopped':
      title = 'You will not be asked every time';
      content = html`${panel(title, html`Reference <strong>${view.summary.reference}</strong>`)}
        <p>
          We will ask other volunteers for the next visit. The visit you have now is still yours: if you
          cannot go, use the “I can no longer help” link in its email, or call ${call}.
        </p>
        <p>Thank you for all the visits you have made.</p>`;
      break;
    case 'released':
      title = 'Thank you for telling us';
      content = html`${panel(title, html`Reference <strong>${view.summary.reference}</strong>`)}
        <p>We are asking other volunteers now. You do not need to do anything else.</p>
        <p>Please delete the email with the person’s details. If you have a question, call ${call}.</p>`;
      break;
    case 'cancel-needs-call':
      title = 'A volunteer is already arranged';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${view.seriesEnded && html`<p>We will not arrange any more visits after this one.</p>`}
        ${line(view.summary)}
        <p>To cancel this visit, call ${call} so we can tell the volunteer.</p>`;
      break;
    case 'cancelled':
      title = view.seriesEnded ? 'Your regular help has stopped' : 'Your request is cancelled';
      content = html`${panel(title, html`Reference <strong>${view.summary.reference}</strong>`)}
      ${
        view.next
          ? html`<p>
              We have cancelled this visit. We will arrange the next one, by
              ${formatDateLong(view.next.neededBy)}, as usual.
            </p>`
          : html`<p>
              We will not ask any more volunteers. If you need help again, call ${call} or ask again.
            </p>`
      }`;
      break;
    case 'done':
      title = 'Thank you for helping';
      content = html`${panel(title, html`Reference <strong>${view.summary.reference}</strong>`)}
        <p>We have closed the request. Please delete the email with the person’s details.</p>
        ${
          view.next?.withYou &&
          html`<p>
            The next visit is by <strong>${formatDateLong(view.next.neededBy)}</strong>. We have emailed you
            its details.
          </p>`
        }
        ${
          view.next &&
          !view.next.withYou &&
          html`<p>We will ask volunteers for the next visit, by ${formatDateLong(view.next.neededBy)}.</p>`
        }
        ${concernLink(input.path)}`;
      break;
    case 'already-ended':
      title = 'There is nothing more to do';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${line(view.summary)}
        <p>This request has already ended or moved on. If something is wrong, call ${call}.</p>`;
      break;
  }
  return { status, body: layout({ title, contact: input.contact, content, noIndex: true, hasErrors }) };
}

const EVERY: Record<RecurringFrequency, string> = { weekly: 'every week', fortnightly: 'every two weeks' };

const PAUSE_LABELS: Record<PauseChoice, string> = {
  '1w': '1 week',
  '2w': '2 weeks',
  '1m': '1 month',
  '3m': '3 months',
};

/**
 * The page behind a volunteer's own "pause my invites" link. It names no request: the link comes with
 * an invite, but it is about the volunteer only.
 */
export function renderPause(
  view: PauseView,
  input: { path: string; contact: SchemeContact },
): { status: number; body: string } {
  const call = phoneLink(input.contact.schemePhone);
  let title: string;
  let content: SafeHtml;
  let status = 200;
  let hasErrors = false;
  switch (view.kind) {
    case 'invalid':
      status = 404;
      title = 'This link is not valid';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        <p>It may be incomplete, or it may have expired. To pause your invites, call ${call}.</p>`;
      break;
    case 'pause-choose': {
      title = 'Pause your invites';
      hasErrors = view.missingChoice === true;
      const error = hasErrors ? 'Select how long to pause your invites for' : undefined;
      if (hasErrors) status = 400;
      content = html`${errorSummary(error ? [{ message: error, href: '#until' }] : [])}
        <h1 class="nhsuk-heading-l">${title}</h1>
        ${view.pausedUntil && html`<p>Your invites are paused until ${formatDateLong(view.pausedUntil)}.</p>`}
        <p>
          We will not ask you to help with anything until the pause ends. Then invites start again by
          themselves.
        </p>
        <form method="post" action="${input.path}" novalidate>
          ${radios({
            name: 'until',
            legend: 'How long for?',
            legendSize: 'm',
            items: (Object.keys(PAUSE_LABELS) as PauseChoice[]).map((value) => ({
              value,
              text: PAUSE_LABELS[value],
            })),
            ...(error ? { error } : {}),
          })}
          ${button({ text: 'Pause my invites' })}
        </form>
        <p>To come back sooner, or to stop volunteering, call ${call}.</p>`;
      break;
    }
    case 'paused':
      title = 'Your invites are paused';
      content = html`${panel(title, html`Until <strong>${formatDateLong(view.until)}</strong>`)}
        <p>We will not ask you to help until then. Thank you for all you do.</p>
        <p>To come back sooner, call ${call}.</p>`;
      break;
  }
  return { status, body: layout({ title, contact: input.contact, content, noIndex: true, hasErrors }) };
}
