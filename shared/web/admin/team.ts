import type { RequestDetail } from '../../domain/admin/requests.js';
import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import type { HelpRequest, RequestStatus } from '../../domain/model.js';
import { CLAIM_FILTERS, type ClaimFilterName } from '../../domain/team.js';
import { button, summaryList, tag } from '../components.js';
import { formatDateLong } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { formatDateTime } from './format.js';

/**
 * The team's marks on the request pages: who handles a request, "I'll handle this" and "Give back",
 * the dashboard's "mine / unclaimed / everyone's" filter (links: it works without JavaScript), and a
 * held duplicate's decision beside the earlier request.
 */

const requestHref = (id: string) => `/admin/requests/${encodeURIComponent(id)}`;

/** A prescriber as the pages name them: their name from the team list, "you" for the one reading. */
export function prescriberName(
  id: string | undefined,
  names: Readonly<Record<string, string>>,
  me: string,
): string {
  if (id === undefined) return 'Nobody yet';
  if (id === me) return names[id] ? `You (${names[id]})` : 'You';
  return names[id] ?? 'A prescriber no longer on the team list';
}

/** On a card: who handles it, when someone does. */
export function claimLine(
  request: Pick<HelpRequest, 'claimedBy'>,
  names: Readonly<Record<string, string>>,
  me: string,
): SafeHtml {
  if (request.claimedBy === undefined) return html``;
  const who = request.claimedBy === me ? 'you' : prescriberName(request.claimedBy, names, me);
  return html`<p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
    ${tag(`Handled by ${who}`, request.claimedBy === me ? 'green' : undefined)}
  </p>`;
}

const FILTER_WORDS: Record<ClaimFilterName, string> = {
  everyone: 'Everyone’s',
  mine: 'Mine',
  unclaimed: 'Nobody’s yet',
};

/** Whose requests the home page lists: plain links (?show=), the current one marked. */
export function claimFilterNav(current: ClaimFilterName): SafeHtml {
  return html`<nav aria-label="Whose requests" class="nhsuk-u-margin-bottom-4">
    <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">Show requests:</p>
    <ul class="ck-filter-links">
      ${CLAIM_FILTERS.map((name) =>
        name === current
          ? html`<li>
              <a href="/admin?show=${name}" aria-current="page"><strong>${FILTER_WORDS[name]}</strong></a>
            </li>`
          : html`<li><a href="/admin?show=${name}">${FILTER_WORDS[name]}</a></li>`,
      )}
    </ul>
  </nav>`;
}

/** On the request page: "I'll handle this", or who has it, and "Give back" for the one who does. */
export function claimSection(
  request: Pick<HelpRequest, 'claimedBy' | 'claimedAt'>,
  names: Readonly<Record<string, string>>,
  me: string,
  action: (name: string) => string,
): SafeHtml {
  if (request.claimedBy === undefined) {
    return html`<form method="post" action="${action('claim')}">
      ${button({ text: 'I’ll handle this', variant: 'secondary' })}
    </form>`;
  }
  if (request.claimedBy === me) {
    return html`<p>You are handling this (since ${formatDateTime(request.claimedAt)}).</p>
      <form method="post" action="${action('give-back')}">
        ${button({ text: 'Give back', variant: 'secondary' })}
      </form>`;
  }
  return html`<p>
    ${prescriberName(request.claimedBy, names, me)} is handling this (since
    ${formatDateTime(request.claimedAt)}).
  </p>`;
}

const STATUS_WORDS: Record<RequestStatus, string> = {
  received: 'Received',
  matching: 'Asking volunteers',
  assigned: 'Volunteer arranged',
  escalated: 'Needs you',
  cancelled: 'Cancelled',
  closed: 'Closed',
  'on-hold': 'Possible duplicate',
};

/**
 * A request held as a possible repeat: the earlier request beside it (reference, date, status, what it
 * asks for) and the two decisions, as same-origin form posts.
 */
export function heldSection(detail: Pick<RequestDetail, 'request' | 'earlier'>): SafeHtml {
  const { request, earlier } = detail;
  if (request.status !== 'on-hold') return html``;
  const earlierRows = earlier
    ? summaryList([
        { key: 'Reference', value: html`<a href="${requestHref(earlier.id)}">${earlier.reference}</a>` },
        { key: 'Received', value: formatDateTime(earlier.createdAt) },
        { key: 'Status', value: STATUS_WORDS[earlier.status] },
        { key: 'Help needed', value: HELP_TYPE_LABELS[earlier.helpType] },
        { key: 'Needed by', value: formatDateLong(earlier.neededBy) },
      ])
    : html`<p>The earlier request has since been deleted or erased.</p>`;
  return html`<h2 class="nhsuk-heading-m" id="duplicate">Possible duplicate</h2>
    <p>
      This looks like a repeat of an earlier request for the same person and help, so nobody has been asked
      yet.
    </p>
    <h3 class="nhsuk-heading-s">The earlier request</h3>
    ${earlierRows}
    <p>
      Merging copies this request’s needed-by date and details into the earlier request and closes this one.
      Treating it as new asks volunteers for it.
    </p>
    <form method="post" action="${requestHref(request.id)}/duplicate" class="ck-inline-form">
      ${earlier ? button({ text: 'Merge into the earlier request', name: 'decision', value: 'merge' }) : html``}
      ${button({ text: 'Treat as new', name: 'decision', value: 'new', variant: 'secondary' })}
    </form>`;
}
