import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import type { Report } from '../../domain/admin/reports.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, errorSummary, summaryList } from '../components.js';
import { formatDateLong } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { adminLayout } from './layout.js';

export const REPORTS_PATH = '/admin/reports';

function minutesText(minutes: number | undefined): string {
  if (minutes === undefined) return 'No requests had a volunteer yet';
  if (minutes < 120) return `${minutes} minutes`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} hours` : `${(hours / 24).toFixed(1)} days`;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Requests by week as an SVG bar chart, drawn here: presentation attributes only (the CSP forbids
 * inline style), a title and description for screen readers, and the same numbers in a table below.
 */
export function weeklyChart(byWeek: Report['byWeek']): SafeHtml {
  const width = 640;
  const height = 240;
  const left = 40;
  const bottom = 40;
  const top = 16;
  const plotHeight = height - bottom - top;
  const max = Math.max(1, ...byWeek.map((w) => w.count));
  const slot = (width - left) / Math.max(1, byWeek.length);
  const barWidth = Math.max(4, slot * 0.6);
  const ticks = [0, Math.ceil(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  return html`<svg
    class="ck-chart"
    viewBox="0 0 ${width} ${height}"
    width="${width}"
    height="${height}"
    role="img"
    aria-labelledby="chart-title chart-desc"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id="chart-title">Requests by week</title>
    <desc id="chart-desc">
      ${byWeek.map((w) => `Week starting ${formatDateLong(w.weekStart)}: ${w.count}.`).join(' ')}
    </desc>
    ${ticks.map(
      (tick) =>
        html`<line
            x1="${left}"
            x2="${width}"
            y1="${y(tick)}"
            y2="${y(tick)}"
            stroke="#d8dde0"
            stroke-width="1"
          />
          <text x="${left - 8}" y="${y(tick) + 4}" text-anchor="end" font-size="12" fill="#4c6272"
            >${tick}</text
          >`,
    )}
    ${byWeek.map((w, i) => {
      const x = left + i * slot + (slot - barWidth) / 2;
      const label = w.weekStart.slice(5).split('-').reverse().join('/');
      return html`<rect
          x="${x.toFixed(1)}"
          y="${y(w.count).toFixed(1)}"
          width="${barWidth.toFixed(1)}"
          height="${(top + plotHeight - y(w.count)).toFixed(1)}"
          fill="#005eb8"
        />
        <text
          x="${(x + barWidth / 2).toFixed(1)}"
          y="${height - bottom + 16}"
          text-anchor="middle"
          font-size="12"
          fill="#212b32"
        >
          ${label}
        </text>`;
    })}
  </svg>`;
}

export function renderReport(input: {
  contact: SchemeContact;
  report?: Report;
  from: string;
  to: string;
  error?: string;
}): string {
  const { report } = input;
  const query = new URLSearchParams({ from: input.from, to: input.to }).toString();
  const dateField = (name: 'from' | 'to', label: string, value: string) =>
    html`<div class="nhsuk-form-group">
      <label class="nhsuk-label" for="${name}">${label}</label>
      <input
        class="nhsuk-input nhsuk-input--width-10"
        id="${name}"
        name="${name}"
        type="date"
        value="${value}"
      />
    </div>`;
  const body = report
    ? html`${summaryList([
          { key: 'Requests', value: String(report.total) },
          {
            key: 'Time to a volunteer (median)',
            value: minutesText(report.timeToAssign.medianMinutes),
          },
          {
            key: 'Time to a volunteer (90th percentile)',
            value: minutesText(report.timeToAssign.p90Minutes),
          },
          {
            key: 'Passed to the prescriber',
            value: `${report.escalated.count} (${percent(report.escalated.share)})`,
          },
          { key: 'Closed as helped', value: `${report.helped.count} (${percent(report.helped.share)})` },
          { key: 'Volunteers who helped', value: String(report.volunteersActive) },
        ])}
        <p><a href="${REPORTS_PATH}/export?${query}" download>Download this report as CSV</a></p>
        <h2 class="nhsuk-heading-m">Requests by week</h2>
        ${weeklyChart(report.byWeek)}
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
            Requests by week
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="col">Week starting</th>
              <th class="nhsuk-table__header" scope="col">Requests</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            ${report.byWeek.map(
              (w) =>
                html`<tr class="nhsuk-table__row">
                  <td class="nhsuk-table__cell">${formatDateLong(w.weekStart)}</td>
                  <td class="nhsuk-table__cell">${w.count}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h2 class="nhsuk-heading-m">Requests by kind of help</h2>
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
            Requests by kind of help
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="col">Help</th>
              <th class="nhsuk-table__header" scope="col">Requests</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            ${report.byHelpType.map(
              (h) =>
                html`<tr class="nhsuk-table__row">
                  <td class="nhsuk-table__cell">${HELP_TYPE_LABELS[h.helpType]}</td>
                  <td class="nhsuk-table__cell">${h.count}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p class="nhsuk-body-s">
          Counts are of requests made in the period. Requests are deleted at the end of their retention
          period, so download each month’s report when the month ends.
        </p>`
    : html``;
  const content = html`${errorSummary(input.error ? [{ message: input.error, href: '#from' }] : [])}
    <h1 class="nhsuk-heading-l">Reports</h1>
    <form method="get" action="${REPORTS_PATH}" novalidate>
      ${dateField('from', 'From', input.from)} ${dateField('to', 'To (included)', input.to)}
      ${button({ text: 'Show report', variant: 'secondary' })}
    </form>
    ${body}`;
  return adminLayout({
    title: 'Reports',
    contact: input.contact,
    content,
    section: 'reports',
    signedIn: true,
    hasErrors: Boolean(input.error),
    wide: true,
  });
}
