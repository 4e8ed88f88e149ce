import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import { CONCERN_KIND_LABELS } from '../../domain/concern-kinds.js';
import type { OpenConcern } from '../../domain/concerns.js';
import type { HeldRequest } from '../../domain/duplicates.js';
import type { HelpRequest } from '../../domain/model.js';
import { button, tag } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { formatAge, formatDateTime } from './format.js';
import { requestPath } from './pages.js';

/**
 * On the dashboard home, above the escalations: open welfare concerns until the prescriber
 * acknowledges each, then requests held as possible duplicates with the two decisions. Each action is a
 * plain form post, so it all works without JavaScript.
 */

export function concernAcknowledgePath(requestId: string, concernId: string): string {
  return `/admin/concerns/${encodeURIComponent(requestId)}/${encodeURIComponent(concernId)}/acknowledge`;
}

export function duplicateDecisionPath(requestId: string): string {
  return `/admin/requests/${encodeURIComponent(requestId)}/duplicate`;
}

function requestLink(request: HelpRequest | undefined, fallback: string): SafeHtml {
  return request
    ? html`<a href="${requestPath(request.id)}">${request.reference}</a>:
        ${HELP_TYPE_LABELS[request.helpType]} in ${request.area}`
    : html`${fallback}`;
}

function concernCard({ concern, request }: OpenConcern, now: Date): SafeHtml {
  return html`<li class="nhsuk-card nhsuk-card--warning nhsuk-u-margin-bottom-4">
    <div class="nhsuk-card__content">
      <h3 class="nhsuk-card__heading nhsuk-heading-s">
        ${requestLink(request, 'A request that has since been deleted')}
      </h3>
      <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
        ${tag('Concern', 'red')} Raised ${formatAge(concern.raisedAt, now)}
        (${formatDateTime(concern.raisedAt)}) by the volunteer who helped
      </p>
      ${
        concern.kinds.length > 0 &&
        html`<ul class="nhsuk-list nhsuk-list--bullet nhsuk-body-s nhsuk-u-margin-bottom-1">
          ${concern.kinds.map((kind) => html`<li>${CONCERN_KIND_LABELS[kind]}</li>`)}
        </ul>`
      }
      ${concern.note && html`<p class="nhsuk-body-s">“${concern.note}”</p>`}
      <form
        method="post"
        action="${concernAcknowledgePath(concern.requestId, concern.id)}"
        class="ck-inline-form"
      >
        ${button({ text: 'Acknowledge', variant: 'secondary' })}
      </form>
    </div>
  </li>`;
}

function heldCard({ request, original }: HeldRequest): SafeHtml {
  return html`<li class="nhsuk-card nhsuk-u-margin-bottom-4">
    <div class="nhsuk-card__content">
      <h3 class="nhsuk-card__heading nhsuk-heading-s">${requestLink(request, request.reference)}</h3>
      <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
        Looks like a repeat of ${requestLink(original, 'an earlier request that has since been deleted')}.
        Nobody has been asked yet.
      </p>
      <form method="post" action="${duplicateDecisionPath(request.id)}" class="ck-inline-form">
        ${button({ text: 'Merge into the earlier request', name: 'decision', value: 'merge', variant: 'secondary' })}
        ${button({ text: 'Treat as new and ask volunteers', name: 'decision', value: 'new', variant: 'secondary' })}
      </form>
    </div>
  </li>`;
}

/** Nothing at all when there is nothing to show, so the home page reads as before. */
export function renderCareSections(input: {
  concerns: OpenConcern[];
  held: HeldRequest[];
  now: Date;
}): SafeHtml {
  const concerns =
    input.concerns.length > 0
      ? html`<h2 class="nhsuk-heading-m" id="concerns">Concerns raised by volunteers</h2>
          <ul class="nhsuk-list">
            ${input.concerns.map((c) => concernCard(c, input.now))}
          </ul>`
      : html``;
  const held =
    input.held.length > 0
      ? html`<h2 class="nhsuk-heading-m" id="duplicates">Possible duplicates</h2>
          <ul class="nhsuk-list">
            ${input.held.map(heldCard)}
          </ul>`
      : html``;
  return html`${concerns} ${held}`;
}
