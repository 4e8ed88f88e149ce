import { CONCERN_NOTE_MAX, type ConcernSummary, type ConcernView } from '../domain/concerns.js';
import { CONCERN_KIND_LABELS } from '../domain/concern-kinds.js';
import { HELP_TYPE_LABELS } from '../domain/help-types.js';
import { CONCERN_KINDS } from '../domain/model.js';
import type { SchemeContact } from '../domain/views.js';
import { button, checkboxes, errorSummary, panel, textarea, warningCallout } from './components.js';
import { formatDateLong } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, phoneLink } from './layout.js';

export const CONCERN_PATH = '/concern';

/** The concern link that goes with a done link: the same token, another page. */
export function concernPathFor(donePath: string): string | undefined {
  const match = /^\/done\/([^/]+)$/.exec(donePath);
  return match ? `${CONCERN_PATH}/${match[1]}` : undefined;
}

function line(summary: ConcernSummary): SafeHtml {
  return html`<p>
    ${HELP_TYPE_LABELS[summary.helpType]}, needed by ${formatDateLong(summary.neededBy)} (reference
    ${summary.reference}).
  </p>`;
}

const emergency = warningCallout(
  'If someone is in immediate danger, call 999',
  html`<p>Do not wait for us. If you think they need medical help but it is not an emergency, call 111.</p>`,
);

/** Volunteer-facing and public: noindex, and nothing beyond the reference and the help given. */
export function renderConcernPage(
  view: ConcernView,
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
        <p>It may be incomplete, or it may have expired. If you are worried about someone, call ${call}.</p>
        ${emergency}`;
      break;
    case 'form': {
      title = 'Tell us about a concern';
      const errors = view.error ? [{ message: view.error.message, href: `#${view.error.field}` }] : [];
      content = html`${errorSummary(errors)}
        <h1 class="nhsuk-heading-l">${title}</h1>
        ${line(view.summary)} ${emergency}
        <p>
          If something about the person you helped worried you, tell us here. It goes straight to the social
          prescriber, marked urgent, and to nobody else.
        </p>
        <form method="post" action="${input.path}" novalidate>
          ${checkboxes({
            name: 'kinds',
            legend: 'What worried you?',
            legendSize: 'm',
            hint: 'Tick all that apply',
            error: view.error?.field === 'kinds' ? view.error.message : undefined,
            items: CONCERN_KINDS.map((kind) => ({ value: kind, text: CONCERN_KIND_LABELS[kind] })),
            value: view.values?.kinds ?? [],
          })}
          ${textarea({
            name: 'note',
            label: 'Tell us more (optional)',
            labelSize: 's',
            hint: `A few words are enough. Up to ${CONCERN_NOTE_MAX} characters.`,
            value: view.values?.note,
            error: view.error?.field === 'note' ? view.error.message : undefined,
            rows: 4,
            maxlength: CONCERN_NOTE_MAX,
          })}
          ${button({ text: 'Send to the social prescriber' })}
        </form>`;
      break;
    }
    case 'raised':
      title = 'Thank you for telling us';
      content = html`${panel(title, html`Reference <strong>${view.summary.reference}</strong>`)}
        <p>The social prescriber has been told and will follow it up. You do not need to do anything else.</p>
        <p>If you think of something more, call ${call}.</p>
        ${emergency}`;
      break;
  }
  return {
    status,
    body: layout({
      title,
      contact: input.contact,
      content,
      noIndex: true,
      hasErrors: view.kind === 'form' && Boolean(view.error),
    }),
  };
}
