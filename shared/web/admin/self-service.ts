import { HELP_TYPE_LABELS } from '../../domain/help-types.js';
import type { ActionSummary, SelfServiceView } from '../../domain/admin/self-service.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, panel } from '../components.js';
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

/** Issue #7: from the "done" page, the volunteer can tell the prescriber about a worry (same token). */
function concernLink(path: string): SafeHtml {
  const concernPath = concernPathFor(path);
  return concernPath
    ? html`<p>
        Did anything about the person worry you? <a href="${concernPath}">Tell the social prescriber</a>.
      </p>`
    : html``;
}

/** The pages behind the cancel and done links: public, unindexed, no personal data beyond the reference. */
export function renderSelfService(
  view: SelfServiceView,
  input: { path: string; contact: SchemeContact },
): { status: number; body: string } {
  const call = phoneLink(input.contact.schemePhone);
  let title: string;
  let content: SafeHtml;
  let status = 200;
  switch (view.kind) {
    case 'invalid':
      status = 404;
      title = 'This link is not valid';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        <p>It may be incomplete, or it may have expired. If you need us, call ${call}.</p>`;
      break;
    case 'confirm':
      title = view.action === 'cancel' ? 'Cancel your request?' : 'Have you helped?';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${line(view.summary)}
        <p>
          ${
            view.action === 'cancel'
              ? 'If you no longer need help, cancel it here and we will stop asking volunteers.'
              : 'Tell us the help is done and we will close the request. Thank you.'
          }
        </p>
        <form method="post" action="${input.path}">
          ${button({ text: view.action === 'cancel' ? 'Yes, cancel my request' : 'Yes, I have helped' })}
        </form>`;
      break;
    case 'cancel-needs-call':
      title = 'A volunteer is already arranged';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${line(view.summary)}
        <p>To cancel now, call ${call} so we can tell the volunteer.</p>`;
      break;
    case 'cancelled':
      title = 'Your request is cancelled';
      content = html`${panel(title, html`Reference <strong>${view.summary.reference}</strong>`)}
        <p>We will not ask any more volunteers. If you need help again, call ${call} or ask again.</p>`;
      break;
    case 'done':
      title = 'Thank you for helping';
      content = html`${panel(title, html`Reference <strong>${view.summary.reference}</strong>`)}
        <p>We have closed the request. Please delete the email with the person’s details.</p>
        ${concernLink(input.path)}`;
      break;
    case 'already-ended':
      title = 'There is nothing more to do';
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${line(view.summary)}
        <p>This request has already ended or moved on. If something is wrong, call ${call}.</p>`;
      break;
  }
  return { status, body: layout({ title, contact: input.contact, content, noIndex: true }) };
}
