import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import type { RecurringFrequency } from '../../vocabulary/choices.js';
import type { SeriesDetail } from '../../domain/series.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, insetText, summaryList, tag } from '../components.js';
import { formatDateLong } from '../format.js';
import { html } from '../html.js';
import { formatDateTime } from './format.js';
import { adminLayout } from './layout.js';
import { notificationBanner, requestPath, SERIES_END_LABELS, statusTag } from './pages.js';

export function seriesPath(id: string): string {
  return `/admin/series/${encodeURIComponent(id)}`;
}

const HOW_OFTEN: Record<RecurringFrequency, string> = {
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
};

export interface SeriesPageInput {
  contact: SchemeContact;
  message?: string;
}

/**
 * Recurring help on one page: how often, who takes every visit, and each visit as its own
 * request, with the actions that belong to the whole series. Each visit's own page has the rest.
 */
export function renderSeriesPage(detail: SeriesDetail, input: SeriesPageInput): string {
  const { series } = detail;
  const active = series.status === 'active';
  const committedName = series.committedVolunteerId
    ? (detail.volunteerNames[series.committedVolunteerId] ?? 'A removed volunteer')
    : undefined;
  const action = (name: string) => `${seriesPath(series.id)}/${name}`;
  const first = detail.occurrences[0]?.request;
  const title = `Regular help${first ? ` – ${first.reference}` : ''}`;

  const facts = summaryList([
    { key: 'Status', value: active ? tag('Going on', 'green') : tag('Ended', 'grey') },
    !active && {
      key: 'Why it ended',
      value: `${SERIES_END_LABELS[series.endReason ?? ''] ?? 'Ended'} (${formatDateTime(series.endedAt)})`,
    },
    { key: 'Help needed', value: HELP_TYPE_LABELS[series.helpType] },
    { key: 'Area', value: series.area },
    { key: 'How often', value: HOW_OFTEN[series.frequency] },
    {
      key: 'Takes every visit',
      value: committedName
        ? `${committedName} (since ${formatDateTime(series.committedAt)})`
        : 'Nobody: each visit is matched on its own',
    },
    { key: 'Visits so far', value: String(detail.occurrences.length) },
  ]);

  const visits = html`<table class="nhsuk-table">
    <caption class="nhsuk-table__caption nhsuk-table__caption--s">
      Every visit, newest last
    </caption>
    <thead class="nhsuk-table__head">
      <tr class="nhsuk-table__row">
        <th scope="col" class="nhsuk-table__header">Visit</th>
        <th scope="col" class="nhsuk-table__header">Needed by</th>
        <th scope="col" class="nhsuk-table__header">Status</th>
        <th scope="col" class="nhsuk-table__header">Volunteer</th>
      </tr>
    </thead>
    <tbody class="nhsuk-table__body">
      ${detail.occurrences.map(({ requestId, occurrence, request }) =>
        request
          ? html`<tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">
                <a href="${requestPath(requestId)}">${occurrence}: ${request.reference}</a>
              </td>
              <td class="nhsuk-table__cell">${formatDateLong(request.neededBy)}</td>
              <td class="nhsuk-table__cell">${statusTag(request.status)}</td>
              <td class="nhsuk-table__cell">
                ${
                  request.assignedVolunteerId
                    ? (detail.volunteerNames[request.assignedVolunteerId] ?? 'A removed volunteer')
                    : '–'
                }
              </td>
            </tr>`
          : html`<tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell"><a href="${requestPath(requestId)}">${occurrence}</a></td>
              <td class="nhsuk-table__cell" colspan="3">Erased or expired</td>
            </tr>`,
      )}
    </tbody>
  </table>`;

  const actions = active
    ? html`<h2 class="nhsuk-heading-m">Change the regular help</h2>
        ${
          committedName &&
          html`<form method="post" action="${action('stop')}" novalidate>
            <p>
              If ${committedName} can no longer take every visit, the next visit is matched with other
              volunteers. The visit they have now stays theirs; unassign it on its own page if needed.
            </p>
            ${button({ text: `Stop ${committedName} taking every visit`, variant: 'secondary' })}
          </form>`
        }
        <form method="post" action="${action('end')}" novalidate>
          <p>
            Ending it means no more visits are arranged. The current visit is left as it is: cancel or close
            it on its own page.${committedName ? ` ${committedName} is told by email.` : ''}
          </p>
          ${button({ text: 'End this regular help', variant: 'secondary' })}
        </form>`
    : insetText(html`No more visits will be arranged. To start again, enter a new phone request.`);

  const content = html`${notificationBanner(input.message)}
    <a class="nhsuk-back-link" href="/admin">Back to what needs me now</a>
    <h1 class="nhsuk-heading-l">${title}</h1>
    ${facts}
    <h2 class="nhsuk-heading-m">Visits</h2>
    <p>Each visit is its own request, with its own reference, volunteer and timeline.</p>
    ${visits} ${actions}`;
  return adminLayout({ title, contact: input.contact, content, section: 'home', signedIn: true, wide: true });
}
