import { DAY_PARTS, WEEKDAYS } from '../vocabulary/availability.js';
import { HELP_TYPES } from '../vocabulary/help-types.js';
import type { ContactBy } from '../vocabulary/choices.js';
import type { SchemeContact } from '../domain/views.js';
import { APPLICANT_FIELDS, type ApplicantField, type ApplicantIssue } from '../schema/applicant.js';
import { VOLUNTEER_LIMITS } from '../schema/volunteer.js';
import {
  button,
  checkboxes,
  dateInput,
  errorSummary,
  insetText,
  panel,
  radios,
  textInput,
} from './components.js';
import { html, type SafeHtml } from './html.js';
import { DEFAULT_LANGUAGE, LANGUAGES, t, type Language, type MessageKey } from './i18n.js';
import { tJoin, tJoinHtml, type JoinMessageKey } from './join-i18n.js';
import { layout, phoneLink } from './layout.js';

export const JOIN_PATH = '/volunteer';
export const JOINED_PATH = '/volunteer/received';

/** Email first: a volunteer's invites and welcome always go by email, texts only beside them. */
const CONTACT_BY_CHOICES: readonly ContactBy[] = ['email', 'text', 'both'];

const isJoinKey = (key: string): key is JoinMessageKey => key.startsWith('join.');

function alternatesFor(lang: Language, path: string) {
  return LANGUAGES.filter((other) => other !== lang).map((other) => ({
    lang: other,
    href: `${path}?lang=${other}`,
  }));
}

/** Where an error's link in the summary goes: the field itself, or a group's first box. */
export function joinErrorTarget(field: ApplicantField): string {
  if (field === 'dbsCheckedOn') return '#dbsCheckedOn-day';
  if (field === 'availability') return `#availability-${WEEKDAYS[0]}`;
  return `#${field}`;
}

/**
 * "When can you usually help?": one group of day-part checkboxes per day, in one fieldset. The join
 * form and a volunteer's own details page show the same boxes.
 */
export function availabilityFieldset(input: {
  lang: Language;
  chosen: readonly string[];
  error?: string | undefined;
}): SafeHtml {
  const { lang } = input;
  const m = (key: MessageKey | JoinMessageKey) => (isJoinKey(key) ? tJoin(lang, key) : t(lang, key));
  const chosenSlots = new Set(input.chosen);
  const availabilityError = input.error;
  return html`<div
    class="${availabilityError ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}"
  >
    <fieldset
      class="nhsuk-fieldset"
      aria-describedby="availability-hint${availabilityError ? ' availability-error' : ''}"
    >
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
        ${m('join.availability.legend')}
      </legend>
      <div class="nhsuk-hint" id="availability-hint">${m('join.availability.hint')}</div>
      ${
        availabilityError &&
        html`<span class="nhsuk-error-message" id="availability-error"
          ><span class="nhsuk-u-visually-hidden">${m('common.error')}: </span>${availabilityError}</span
        >`
      }
      ${WEEKDAYS.map((day) =>
        checkboxes({
          name: `availability-${day}`,
          legend: m(`join.day.${day}`),
          legendSize: 's',
          small: true,
          value: DAY_PARTS.filter((part) => chosenSlots.has(`${day}-${part}`)),
          items: DAY_PARTS.map((part) => ({ value: part, text: m(`join.part.${part}`) })),
          lang,
        }),
      )}
    </fieldset>
  </div>`;
}

export interface JoinFormInput {
  contact: SchemeContact;
  idempotencyKey: string;
  /** Days an application that does not lead anywhere is kept: said in the privacy notice. */
  retentionDays: number;
  lang?: Language;
  /** What was posted, to show again with the errors. */
  values?: Record<string, string | undefined>;
  helpTypes?: readonly string[];
  availability?: readonly string[];
  issues?: readonly ApplicantIssue[];
}

export function renderJoinForm(input: JoinFormInput): string {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: MessageKey | JoinMessageKey, params?: Record<string, string | number>) =>
    isJoinKey(key) ? tJoin(lang, key, params) : t(lang, key, params);
  const values = input.values ?? {};
  const value = (field: string) => values[field] ?? '';
  const issues = APPLICANT_FIELDS.flatMap((field) => input.issues?.find((i) => i.field === field) ?? []);
  const errorFor = (field: ApplicantField) =>
    issues.some((issue) => issue.field === field) ? m(`join.error.${field}`) : undefined;
  const dbsDate = {
    day: value('dbsCheckedOn-day'),
    month: value('dbsCheckedOn-month'),
    year: value('dbsCheckedOn-year'),
  };

  const availability = availabilityFieldset({
    lang,
    chosen: input.availability ?? [],
    error: errorFor('availability'),
  });

  const content = html`${errorSummary(
      issues.map((issue) => ({
        message: m(`join.error.${issue.field}`),
        href: joinErrorTarget(issue.field),
      })),
      lang,
    )}
    <h1 class="nhsuk-heading-l">${m('join.heading')}</h1>
    <p class="nhsuk-body-l">${m('join.intro')}</p>

    <h2 class="nhsuk-heading-m">${m('common.whatHappensNext')}</h2>
    <ol class="nhsuk-list nhsuk-list--number">
      <li>${m('join.next.1')}</li>
      <li>${m('join.next.2')}</li>
      <li>${m('join.next.3')}</li>
    </ol>

    <h2 class="nhsuk-heading-m">${m('join.privacy.heading')}</h2>
    <ul class="nhsuk-list nhsuk-list--bullet">
      <li>${m('join.privacy.use')}</li>
      <li>${m('join.privacy.who')}</li>
      <li>${m('join.privacy.retention', { days: input.retentionDays })}</li>
      <li>${m('join.privacy.leave')}</li>
    </ul>

    <form method="post" action="${JOIN_PATH}" enctype="application/x-www-form-urlencoded" novalidate>
      <input type="hidden" name="idempotencyKey" value="${input.idempotencyKey}" />
      <input type="hidden" name="language" value="${lang}" />

      <h2 class="nhsuk-heading-m">${m('join.you.heading')}</h2>
      ${textInput({
        name: 'name',
        label: m('join.name.label'),
        error: errorFor('name'),
        value: value('name'),
        autocomplete: 'name',
        spellcheck: false,
        maxlength: VOLUNTEER_LIMITS.name,
        lang,
      })}
      ${textInput({
        name: 'email',
        label: m('join.email.label'),
        hint: m('join.email.hint'),
        error: errorFor('email'),
        value: value('email'),
        type: 'email',
        autocomplete: 'email',
        spellcheck: false,
        maxlength: VOLUNTEER_LIMITS.email,
        widthClass: 'nhsuk-u-width-two-thirds',
        lang,
      })}
      ${textInput({
        name: 'phone',
        label: m('join.phone.label'),
        hint: tJoinHtml(lang, 'join.phone.hint', {
          example: html`<span dir="ltr" class="nhsuk-u-nowrap">07700 900 982</span>`,
        }),
        error: errorFor('phone'),
        value: value('phone'),
        type: 'tel',
        autocomplete: 'tel',
        maxlength: 20,
        width: 20,
        lang,
      })}
      ${radios({
        name: 'contactBy',
        legend: m('join.contactBy.legend'),
        legendSize: 's',
        error: errorFor('contactBy'),
        value: value('contactBy') || 'email',
        items: CONTACT_BY_CHOICES.map((choice) => ({ value: choice, text: m(`join.contactBy.${choice}`) })),
        lang,
      })}
      ${textInput({
        name: 'postcode',
        label: m('join.postcode.label'),
        error: errorFor('postcode'),
        value: value('postcode'),
        autocomplete: 'postal-code',
        width: 10,
        maxlength: 10,
        lang,
      })}
      ${textInput({
        name: 'areas',
        label: m('join.areas.label'),
        labelSize: 'm',
        hint: m('join.areas.hint'),
        error: errorFor('areas'),
        value: value('areas'),
        spellcheck: false,
        maxlength: 200,
        widthClass: 'nhsuk-u-width-two-thirds',
        lang,
      })}
      ${checkboxes({
        name: 'helpTypes',
        legend: m('join.helpTypes.legend'),
        legendSize: 'm',
        hint: m('join.helpTypes.hint'),
        error: errorFor('helpTypes'),
        value: input.helpTypes ?? [],
        items: HELP_TYPES.map((helpType) => ({ value: helpType, text: m(`helpType.${helpType}`) })),
        lang,
      })}
      ${availability}
      ${textInput({
        name: 'weeklyLimit',
        label: m('join.weeklyLimit.label'),
        labelSize: 's',
        hint: m('join.weeklyLimit.hint'),
        error: errorFor('weeklyLimit'),
        value: value('weeklyLimit'),
        inputmode: 'numeric',
        width: 2,
        maxlength: 2,
        lang,
      })}
      ${radios({
        name: 'dbsChecked',
        legend: m('join.dbs.legend'),
        legendSize: 'm',
        hint: m('join.dbs.hint'),
        error: errorFor('dbsChecked'),
        value: value('dbsChecked'),
        inline: true,
        items: [
          { value: 'yes', text: m('common.yes') },
          { value: 'no', text: m('common.no') },
        ],
        lang,
      })}
      ${dateInput({
        name: 'dbsCheckedOn',
        legend: m('join.dbsCheckedOn.legend'),
        legendSize: 's',
        hint: m('join.dbsCheckedOn.hint'),
        error: errorFor('dbsCheckedOn'),
        value: dbsDate,
        lang,
      })}
      ${checkboxes({
        name: 'consent',
        legend: m('join.consent.legend'),
        legendSize: 'm',
        error: errorFor('consent'),
        value: value('consent'),
        items: [{ value: 'yes', text: m('join.consent.label', { schemeName: input.contact.schemeName }) }],
        lang,
      })}

      <div class="nhsuk-u-visually-hidden" aria-hidden="true">
        <label for="website">${m('form.honeypot')}</label>
        <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
      </div>

      ${button({ text: m('join.submit') })}
    </form>`;

  return layout({
    title: m('join.title'),
    contact: input.contact,
    content,
    hasErrors: issues.length > 0,
    lang,
    alternates: alternatesFor(lang, JOIN_PATH),
  });
}

export function renderJoinReceived(input: { contact: SchemeContact; lang?: Language }): string {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: JoinMessageKey) => tJoin(lang, key);
  const common = (key: MessageKey) => t(lang, key);
  const content: SafeHtml = html`${panel(m('join.received.title'), m('join.received.body'))}
    <h2 class="nhsuk-heading-m">${common('common.whatHappensNext')}</h2>
    <p>${m('join.received.next')}</p>
    <p>${m('join.received.sent')}</p>
    ${insetText(
      html`<p>
        ${tJoinHtml(lang, 'join.received.questions', { phone: phoneLink(input.contact.schemePhone) })}
      </p>`,
      lang,
    )}`;
  return layout({
    title: m('join.received.title'),
    contact: input.contact,
    content,
    lang,
    alternates: alternatesFor(lang, JOINED_PATH),
  });
}
