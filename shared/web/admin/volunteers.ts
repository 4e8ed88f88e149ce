import { HELP_TYPES, HELP_TYPE_LABELS, type HelpType } from '../../vocabulary/help-types.js';
import type { Volunteer } from '../../domain/model.js';
import type {
  DbsTag,
  FieldError,
  ImportPreview,
  HistoryLine,
  RosterActivity,
  RosterPage,
  VolunteerFilters,
} from '../../domain/admin/volunteers.js';
import { isPaused, rosterActivity } from '../../domain/admin/volunteers.js';
import { VOLUNTEER_LIMITS } from '../../schema/volunteer.js';
import type { SchemeContact } from '../../domain/views.js';
import {
  button,
  checkboxes,
  dateInput,
  errorSummary,
  radios,
  tag,
  textarea,
  textInput,
} from '../components.js';
import { formatDateLong } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { adminLayout } from './layout.js';
import { notificationBanner } from './pages.js';

export const VOLUNTEERS_PATH = '/admin/volunteers';

export function volunteerPath(id: string): string {
  return `${VOLUNTEERS_PATH}/${encodeURIComponent(id)}`;
}

function select(
  name: string,
  label: string,
  options: readonly { value: string; text: string }[],
  value: string | undefined,
): SafeHtml {
  return html`<div class="nhsuk-form-group">
    <label class="nhsuk-label" for="${name}">${label}</label>
    <select class="nhsuk-select" id="${name}" name="${name}">
      ${options.map(
        (o) =>
          html`<option value="${o.value}" ${o.value === (value ?? '') && html`selected`}>${o.text}</option>`,
      )}
    </select>
  </div>`;
}

const DBS_TAGS: Record<DbsTag, SafeHtml> = {
  none: html``,
  undated: tag('DBS date unknown', 'grey'),
  valid: html``,
  'lapses-soon': tag('DBS lapses within 30 days', 'orange'),
  lapsed: tag('DBS lapsed', 'red'),
};

function activityLines(v: Volunteer, activity: RosterActivity): string[] {
  return [
    `${v.areas.join(', ')}: ${v.helpTypes.map((t) => HELP_TYPE_LABELS[t]).join(', ')}`,
    activity.lastInvitedAt
      ? `Last invited ${formatDateLong(activity.lastInvitedAt.slice(0, 10))} (${activity.recentInvites} lately)`
      : 'Not invited lately',
    activity.unansweredInARow > 0
      ? `${activity.unansweredInARow} invite${activity.unansweredInARow === 1 ? '' : 's'} in a row left unanswered`
      : '',
    v.dbsChecked
      ? `DBS checked${v.dbsCheckedOn ? ` on ${formatDateLong(v.dbsCheckedOn)}` : ''}${activity.dbsExpiresOn ? `, ${activity.dbs === 'lapsed' ? 'lapsed' : 'lapses'} ${formatDateLong(activity.dbsExpiresOn)}` : ''}`
      : 'No DBS check',
  ].filter((line) => line !== '');
}

/** A paused volunteer comes back with one button: the pause form with no date. */
function resumeButton(v: Volunteer): SafeHtml {
  return html`<form method="post" action="${volunteerPath(v.id)}/pause" class="ck-inline-form">
    ${button({ text: 'Resume now', variant: 'secondary' })}
  </form>`;
}

export function renderVolunteerList(input: {
  contact: SchemeContact;
  page: RosterPage;
  filters: VolunteerFilters;
  areas: string[];
  now: Date;
  today: string;
  dbsValidForMonths: number;
  /** The cursor this page started from, to offer "First page". */
  from?: string;
  message?: string;
}): string {
  const { filters, now, page } = input;
  const filterParams = Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string');
  const query = new URLSearchParams(filterParams).toString();
  const nextQuery = page.next ? new URLSearchParams([...filterParams, ['after', page.next]]).toString() : '';
  const content = html`${notificationBanner(input.message)}
    <h1 class="nhsuk-heading-l">Volunteers</h1>
    <p>
      <a href="${VOLUNTEERS_PATH}/new">Add a volunteer</a> ·
      <a href="${VOLUNTEERS_PATH}/import">Import a roster (CSV)</a> ·
      <a href="${VOLUNTEERS_PATH}/export${query ? `?${query}` : ''}" download
        >Download ${query ? 'these' : 'the roster'} as CSV</a
      >
    </p>
    <form method="get" action="${VOLUNTEERS_PATH}" novalidate>
      ${textInput({
        name: 'q',
        label: 'Find a volunteer by full name',
        hint: 'Their whole name. Case, accents and extra spaces do not matter.',
        value: page.search ?? '',
        autocomplete: 'off',
        spellcheck: false,
      })}
      ${button({ text: 'Search', variant: 'secondary' })}
    </form>
    <form method="get" action="${VOLUNTEERS_PATH}" novalidate class="ck-filters">
      ${select(
        'helpType',
        'Help type',
        [{ value: '', text: 'Any' }, ...HELP_TYPES.map((t) => ({ value: t, text: HELP_TYPE_LABELS[t] }))],
        filters.helpType,
      )}
      ${select(
        'area',
        'Area',
        [{ value: '', text: 'Any' }, ...input.areas.map((a) => ({ value: a, text: a }))],
        filters.area,
      )}
      ${select(
        'paused',
        'Paused',
        [
          { value: '', text: 'Either' },
          { value: 'no', text: 'Available now' },
          { value: 'yes', text: 'Paused now' },
        ],
        filters.paused,
      )}
      ${button({ text: 'Filter', variant: 'secondary' })}
    </form>
    <p>
      ${
        page.search
          ? `${page.volunteers.length} ${page.volunteers.length === 1 ? 'volunteer' : 'volunteers'} called ${page.search}`
          : `${page.volunteers.length} on this page, by name${query ? ', filtered' : ''}`
      }
    </p>
    <ul class="nhsuk-list ck-roster">
      ${page.volunteers.map((v) => {
        const activity = rosterActivity(v, input.today, input.dbsValidForMonths);
        return html`<li class="ck-roster__item">
          <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-1">
            <a href="${volunteerPath(v.id)}">${v.name}</a>
            ${isPaused(v, now) && tag(`Paused until ${formatDateLong(v.pausedUntil?.slice(0, 10) ?? '')}`, 'orange')}
            ${DBS_TAGS[activity.dbs]}
          </h2>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
            ${activityLines(v, activity).map((line) => html`<span class="ck-block">${line}</span>`)}
          </p>
          ${isPaused(v, now) && resumeButton(v)}
        </li>`;
      })}
    </ul>
    <nav class="nhsuk-pagination" role="navigation" aria-label="Pages of the roster">
      <ul class="nhsuk-list nhsuk-pagination__list">
        ${
          (input.from || page.search) &&
          html`<li class="nhsuk-pagination-item--previous">
            <a
              class="nhsuk-pagination__link nhsuk-pagination__link--prev"
              href="${VOLUNTEERS_PATH}${query ? `?${query}` : ''}"
            >
              <span class="nhsuk-pagination__title">First page</span>
            </a>
          </li>`
        }
        ${
          page.next &&
          html`<li class="nhsuk-pagination-item--next">
            <a
              class="nhsuk-pagination__link nhsuk-pagination__link--next"
              href="${VOLUNTEERS_PATH}?${nextQuery}"
            >
              <span class="nhsuk-pagination__title">Next page</span>
            </a>
          </li>`
        }
      </ul>
    </nav>`;
  return adminLayout({
    title: 'Volunteers',
    contact: input.contact,
    content,
    section: 'volunteers',
    signedIn: true,
  });
}

/** Removing deletes a person's details for good: a page that asks first. */
export function renderRemoveConfirm(input: { contact: SchemeContact; volunteer: Volunteer }): string {
  const { volunteer } = input;
  const content = html`<h1 class="nhsuk-heading-l">Remove ${volunteer.name}?</h1>
    <p>
      Their details are deleted for good and they are asked for nothing more. Requests they helped with keep
      only an anonymous mention.
    </p>
    <form method="post" action="${volunteerPath(volunteer.id)}/remove" novalidate>
      <input type="hidden" name="confirm" value="yes" />
      ${button({ text: `Yes, remove ${volunteer.name}` })}
    </form>
    <p><a href="${volunteerPath(volunteer.id)}">No, keep them</a></p>`;
  return adminLayout({
    title: `Remove ${volunteer.name}?`,
    contact: input.contact,
    content,
    section: 'volunteers',
    signedIn: true,
  });
}

const ANSWER_WORDS: Record<HistoryLine['invite']['status'], string> = {
  accepted: 'said yes: their job',
  declined: 'said no',
  taken: 'someone else said yes first',
  sent: 'no answer',
  pending: 'not sent yet',
};

/** The volunteer page's history: their latest invites, and which became jobs. */
function historySection(history: readonly HistoryLine[], now: Date): SafeHtml {
  const jobs = history.filter((line) => line.invite.status === 'accepted');
  const open = jobs.filter((line) => line.request?.status === 'assigned');
  return html`<h2 class="nhsuk-heading-m" id="history">Recent invites and jobs</h2>
    ${
      history.length === 0
        ? html`<p>No invites yet.</p>`
        : html`<p>
              ${open.length} current ${open.length === 1 ? 'job' : 'jobs'} from invites; last said yes
              ${jobs[0] ? formatDateLong((jobs[0].invite.respondedAt ?? jobs[0].invite.createdAt).slice(0, 10)) : 'never'}
              (the latest ${history.length} invites).
            </p>
            <ul class="nhsuk-list ck-roster">
              ${history.map(
                ({ invite, request }) =>
                  html`<li class="ck-roster__item">
                    ${formatDateLong(invite.createdAt.slice(0, 10))}:
                    ${
                      request
                        ? html`<a href="/admin/requests/${encodeURIComponent(invite.requestId)}"
                              >${request.reference}</a
                            >, ${HELP_TYPE_LABELS[request.helpType].toLowerCase()} in ${request.area}`
                        : 'a request no longer kept'
                    }
                    —
                    ${invite.status === 'sent' && invite.expiresAt * 1000 > now.getTime() ? 'waiting for an answer' : ANSWER_WORDS[invite.status]}
                  </li>`,
              )}
            </ul>`
    }`;
}

export function renderVolunteerForm(input: {
  contact: SchemeContact;
  volunteer?: Volunteer;
  /** Their latest invites, on an existing volunteer's page. */
  history?: readonly HistoryLine[];
  values?: Record<string, string>;
  helpTypes?: readonly string[];
  errors?: FieldError[];
  now: Date;
  message?: string;
}): string {
  const { volunteer } = input;
  const errors = input.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const values = input.values ?? {
    name: volunteer?.name ?? '',
    email: volunteer?.email ?? '',
    phone: volunteer?.phone ?? '',
    contactBy: volunteer?.contactBy ?? 'email',
    areas: volunteer?.areas.join(', ') ?? '',
    dbsChecked: volunteer?.dbsChecked ? 'yes' : 'no',
  };
  const chosen = input.helpTypes ?? volunteer?.helpTypes ?? [];
  const [checkedYear = '', checkedMonth = '', checkedDay = ''] = volunteer?.dbsCheckedOn?.split('-') ?? [];
  const dbsDate = input.values
    ? {
        day: values['dbsCheckedOn-day'] ?? '',
        month: values['dbsCheckedOn-month'] ?? '',
        year: values['dbsCheckedOn-year'] ?? '',
      }
    : { day: checkedDay, month: checkedMonth, year: checkedYear };
  const action = volunteer ? volunteerPath(volunteer.id) : VOLUNTEERS_PATH;
  const title = volunteer ? volunteer.name : 'Add a volunteer';
  const pausedUntil =
    volunteer && isPaused(volunteer, input.now) ? volunteer.pausedUntil?.slice(0, 10) : undefined;
  const manage = volunteer
    ? html`<h2 class="nhsuk-heading-m" id="pause">Pause</h2>
        <p>
          ${
            pausedUntil
              ? `Paused until ${formatDateLong(pausedUntil)}: they are not asked to help until then.`
              : 'A paused volunteer is not asked to help until the date you give.'
          }
        </p>
        ${pausedUntil && resumeButton(volunteer)}
        <form method="post" action="${volunteerPath(volunteer.id)}/pause" novalidate>
          ${dateInput({
            name: 'until',
            legend: 'Pause until',
            legendSize: 's',
            hint: pausedUntil ? 'A new date, to change the pause' : 'For example, 27 3 2027',
            error: errorFor('until'),
            value: { day: '', month: '', year: '' },
          })}
          ${button({ text: pausedUntil ? 'Change pause' : 'Pause', variant: 'secondary' })}
        </form>
        <h2 class="nhsuk-heading-m">Remove</h2>
        <p>
          Their name and contact details are deleted. Requests they helped with stay on record without their
          name.
        </p>
        <form method="post" action="${volunteerPath(volunteer.id)}/remove">
          ${button({ text: 'Remove this volunteer…', variant: 'secondary' })}
        </form>`
    : html``;
  const content = html`${errorSummary(errors.map((e) => ({ message: e.message, href: `#${e.field}` })))}
    ${notificationBanner(input.message)}
    <h1 class="nhsuk-heading-l">${title}</h1>
    <form method="post" action="${action}" novalidate>
      ${textInput({ name: 'name', label: 'Name', error: errorFor('name'), value: values.name, maxlength: VOLUNTEER_LIMITS.name, spellcheck: false })}
      ${textInput({
        name: 'email',
        label: 'Email address',
        type: 'email',
        error: errorFor('email'),
        value: values.email,
        maxlength: VOLUNTEER_LIMITS.email,
        spellcheck: false,
      })}
      ${textInput({ name: 'phone', label: 'Phone (optional)', type: 'tel', error: errorFor('phone'), value: values.phone, width: 20 })}
      ${radios({
        name: 'contactBy',
        legend: 'How they want invites',
        legendSize: 's',
        hint: volunteer?.smsOptedOutAt
          ? 'They replied STOP to our texts, so we email them instead.'
          : 'Texts need a UK mobile number. A text says only the help, the area and when, with a link.',
        error: errorFor('contactBy'),
        value: values.contactBy || 'email',
        items: [
          { value: 'email', text: 'By email' },
          { value: 'text', text: 'By text message' },
          { value: 'both', text: 'By email and text message' },
        ],
      })}
      ${textInput({
        name: 'areas',
        label: 'Areas',
        hint: 'Postcode districts or sectors, separated by commas, like SP8 4, SP7 9, BA12',
        error: errorFor('areas'),
        value: values.areas,
        width: 20,
      })}
      ${checkboxes({
        name: 'helpTypes',
        legend: 'Help they offer',
        legendSize: 's',
        error: errorFor('helpTypes'),
        value: chosen,
        items: HELP_TYPES.map((t: HelpType) => ({ value: t, text: HELP_TYPE_LABELS[t] })),
      })}
      ${radios({
        name: 'dbsChecked',
        legend: 'DBS checked?',
        legendSize: 's',
        value: values.dbsChecked ?? 'no',
        inline: true,
        items: [
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
        ],
      })}
      ${dateInput({
        name: 'dbsCheckedOn',
        legend: 'Date of the DBS check (optional)',
        legendSize: 's',
        hint: 'With a date, the check stops counting when it is due for renewal, and the daily digest warns you 30 days before. For example, 15 3 2024',
        error: errorFor('dbsCheckedOn'),
        value: dbsDate,
      })}
      ${button({ text: volunteer ? 'Save changes' : 'Add volunteer' })}
    </form>
    ${volunteer && input.history && historySection(input.history, input.now)} ${manage}`;
  return adminLayout({
    title,
    contact: input.contact,
    content,
    section: 'volunteers',
    signedIn: true,
    hasErrors: errors.length > 0,
  });
}

export function renderImport(input: {
  contact: SchemeContact;
  csv?: string;
  preview?: ImportPreview;
  errors?: string[];
}): string {
  const { preview } = input;
  const errors = input.errors ?? preview?.errors ?? [];
  const hasChanges = preview && errors.length === 0 && preview.added.length + preview.updated.length > 0;
  const previewBlock =
    preview && errors.length === 0
      ? html`<h2 class="nhsuk-heading-m">What will change</h2>
          <p>
            ${preview.added.length} to add, ${preview.updated.length} to update, ${preview.unchanged}
            unchanged. Nothing has been saved yet.
          </p>
          ${
            preview.added.length > 0 &&
            html`<h3 class="nhsuk-heading-s">New</h3>
              <ul class="nhsuk-list nhsuk-list--bullet">
                ${preview.added.map((a) => html`<li>${a.name} (${a.email})</li>`)}
              </ul>`
          }
          ${
            preview.updated.length > 0 &&
            html`<h3 class="nhsuk-heading-s">Updated</h3>
              <ul class="nhsuk-list nhsuk-list--bullet">
                ${preview.updated.map((u) => html`<li>${u.name} (${u.email}): ${u.changes.join(', ')}</li>`)}
              </ul>`
          }
          ${
            hasChanges &&
            html`<form method="post" action="${VOLUNTEERS_PATH}/import">
              <input type="hidden" name="confirm" value="yes" />
              <input type="hidden" name="csv" value="${input.csv ?? ''}" />
              ${button({ text: 'Import these changes' })}
            </form>`
          }`
      : html``;
  const errorBlock =
    errors.length > 0
      ? html`<div class="nhsuk-error-summary" tabindex="-1">
          <div role="alert">
            <h2 class="nhsuk-error-summary__heading">Nothing was imported: fix these lines and try again</h2>
            <div class="nhsuk-error-summary__body">
              <ul class="nhsuk-list nhsuk-error-summary__list">
                ${errors.map((e) => html`<li>${e}</li>`)}
              </ul>
            </div>
          </div>
        </div>`
      : html``;
  const content = html`${errorBlock}
    <h1 class="nhsuk-heading-l">Import a roster</h1>
    <p>
      Paste the CSV: a header line
      <code class="ck-break">name,email,phone,areas,help_types,dbs_checked,dbs_checked_on,contact_by</code>,
      then one volunteer a line. Lists are separated by <code>;</code>. <code>contact_by</code> is email, text
      or both (empty means email; texts need a mobile). A volunteer whose email is already on the roster is
      updated. If any line has a problem, nothing is imported.
    </p>
    ${previewBlock}
    <form method="post" action="${VOLUNTEERS_PATH}/import" novalidate>
      ${textarea({ name: 'csv', label: 'Roster CSV', labelSize: 's', value: input.csv, rows: 10 })}
      ${button({ text: 'Check the file', variant: preview ? 'secondary' : undefined })}
    </form>`;
  return adminLayout({
    title: 'Import a roster',
    contact: input.contact,
    content,
    section: 'volunteers',
    signedIn: true,
    hasErrors: errors.length > 0,
    wide: true,
  });
}
