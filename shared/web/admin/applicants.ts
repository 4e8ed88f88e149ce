import { DECLINE_REASONS, type Applicant, type DeclineReason } from '../../domain/model.js';
import { DAY_PARTS, WEEKDAYS } from '../../vocabulary/availability.js';
import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, checkboxes, dateInput, errorSummary, radios, summaryList } from '../components.js';
import { formatDateLong } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { englishName } from '../i18n.js';
import { formatAge, formatDateTime } from './format.js';
import { adminLayout } from './layout.js';
import { notificationBanner } from './pages.js';

export const APPLICANTS_PATH = '/admin/applicants';

export function applicantPath(id: string): string {
  return `${APPLICANTS_PATH}/${encodeURIComponent(id)}`;
}

export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  'no-need-in-area': 'We have enough volunteers for their areas and help just now',
  'checks-not-met': 'The checks could not be completed',
  'could-not-reach': 'We could not reach them',
  other: 'Another reason (the message gives none)',
};

const DAY_LABELS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "Tue morning, Wed morning and evening": the week as the prescriber reads it. */
export function availabilityWords(availability: readonly string[] | undefined): string {
  if (!availability || availability.length === 0) return 'Any time';
  return WEEKDAYS.flatMap((day) => {
    const parts = DAY_PARTS.filter((part) => availability.includes(`${day}-${part}`));
    if (parts.length === 0) return [];
    const words = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
    return [`${DAY_LABELS[day]} ${words}`];
  }).join('; ');
}

const checksDone = (applicant: Applicant) =>
  [
    applicant.checks.idSeen,
    applicant.checks.dbsCheckedOn,
    applicant.checks.referencesTaken,
    applicant.checks.inductionDone,
  ].filter(Boolean).length;

export function renderApplicantQueue(input: {
  contact: SchemeContact;
  applicants: readonly Applicant[];
  now: Date;
  message?: string;
}): string {
  const { applicants, now } = input;
  const content = html`${notificationBanner(input.message)}
    <h1 class="nhsuk-heading-l">People who want to volunteer</h1>
    <p>
      Nobody here is asked to help until you approve them. Approving adds them to the
      <a href="/admin/volunteers">roster</a> and sends a welcome.
    </p>
    <p>${applicants.length} ${applicants.length === 1 ? 'application' : 'applications'} waiting</p>
    <ul class="nhsuk-list">
      ${applicants.map(
        (a) =>
          html`<li class="nhsuk-card nhsuk-u-margin-bottom-3">
            <div class="nhsuk-card__content">
              <h2 class="nhsuk-card__heading nhsuk-heading-s">
                <a href="${applicantPath(a.id)}">${a.name}</a>
              </h2>
              <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
                Applied ${formatAge(a.createdAt, now)} ago. ${a.areas.join(', ')}:
                ${a.helpTypes.map((t) => HELP_TYPE_LABELS[t]).join(', ')}. Checks done: ${checksDone(a)} of 4.
              </p>
            </div>
          </li>`,
      )}
    </ul>`;
  return adminLayout({
    title: 'People who want to volunteer',
    contact: input.contact,
    content,
    section: 'applicants',
    signedIn: true,
  });
}

const yes = (value: boolean | undefined) => (value ? 'Yes' : 'Not yet');

export function renderApplicant(input: {
  contact: SchemeContact;
  applicant: Applicant;
  message?: string;
  errors?: readonly { field: string; message: string }[];
}): string {
  const { applicant } = input;
  const errors = input.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const path = applicantPath(applicant.id);
  const [year = '', month = '', day = ''] = applicant.checks.dbsCheckedOn?.split('-') ?? [];
  const details = summaryList([
    { key: 'Email', value: applicant.email },
    applicant.phone !== undefined && { key: 'Phone', value: applicant.phone },
    { key: 'Contact by', value: applicant.contactBy ?? 'email' },
    { key: 'Home postcode', value: applicant.postcode },
    { key: 'Areas', value: applicant.areas.join(', ') },
    { key: 'Help offered', value: applicant.helpTypes.map((t) => HELP_TYPE_LABELS[t]).join(', ') },
    { key: 'Usually free', value: availabilityWords(applicant.availability) },
    {
      key: 'Weekly limit',
      value: applicant.weeklyLimit === undefined ? 'No limit' : `${applicant.weeklyLimit} a week`,
    },
    {
      key: 'DBS check (their word)',
      value: applicant.dbsChecked
        ? `Yes${applicant.dbsCheckedOn ? `, ${formatDateLong(applicant.dbsCheckedOn)}` : ''}`
        : 'No',
    },
    applicant.language !== 'en' && { key: 'Language', value: englishName(applicant.language) },
    { key: 'Applied', value: formatDateTime(applicant.createdAt) },
  ]);
  const decided: SafeHtml =
    applicant.status === 'declined'
      ? html`<p>
          Declined ${formatDateTime(applicant.decidedAt)}:
          ${DECLINE_REASON_LABELS[applicant.declineReason ?? 'other']}. The application is deleted
          automatically.
        </p>`
      : html`<h2 class="nhsuk-heading-m">Checks</h2>
          <form method="post" action="${path}/checks" novalidate>
            ${checkboxes({
              name: 'checks',
              legend: 'Done so far',
              legendSize: 's',
              value: [
                ...(applicant.checks.idSeen ? ['idSeen'] : []),
                ...(applicant.checks.referencesTaken ? ['referencesTaken'] : []),
                ...(applicant.checks.inductionDone ? ['inductionDone'] : []),
              ],
              items: [
                { value: 'idSeen', text: 'ID seen' },
                { value: 'referencesTaken', text: 'References taken up' },
                { value: 'inductionDone', text: 'Induction done' },
              ],
            })}
            ${dateInput({
              name: 'dbsCheckedOn',
              legend: 'Date of the DBS check you have seen',
              legendSize: 's',
              hint: 'Leave empty if you have not seen one. For example, 15 3 2024',
              error: errorFor('dbsCheckedOn'),
              value: { day, month, year },
            })}
            ${button({ text: 'Save checks', variant: 'secondary' })}
          </form>
          <h2 class="nhsuk-heading-m">Approve</h2>
          <p>
            ${yes(applicant.checks.idSeen)} ID seen · ${yes(applicant.checks.referencesTaken)} references ·
            ${yes(applicant.checks.inductionDone)} induction.
          </p>
          <form method="post" action="${path}/approve">
            ${button({ text: 'Approve and add to the roster' })}
          </form>
          <h2 class="nhsuk-heading-m">Decline</h2>
          <form method="post" action="${path}/decline" novalidate>
            ${radios({
              name: 'reason',
              legend: 'Why',
              legendSize: 's',
              hint: 'They get a kind message; the reason helps them understand.',
              error: errorFor('reason'),
              items: DECLINE_REASONS.map((reason) => ({
                value: reason,
                text: DECLINE_REASON_LABELS[reason],
              })),
            })}
            ${button({ text: 'Decline', variant: 'secondary' })}
          </form>`;
  const content = html`${errorSummary(
      errors.map((e) => ({
        message: e.message,
        ...(e.field === 'form'
          ? {}
          : { href: e.field === 'dbsCheckedOn' ? '#dbsCheckedOn-day' : `#${e.field}` }),
      })),
    )}
    ${notificationBanner(input.message)}
    <p><a href="${APPLICANTS_PATH}">All applications</a></p>
    <h1 class="nhsuk-heading-l">${applicant.name}</h1>
    ${details} ${decided}`;
  return adminLayout({
    title: applicant.name,
    contact: input.contact,
    content,
    section: 'applicants',
    signedIn: true,
    hasErrors: errors.length > 0,
  });
}
