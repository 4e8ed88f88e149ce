import { HELP_TYPES, HELP_TYPE_LABELS } from '../domain/help-types.js';
import { FREQUENCIES, isRecurring, type ContactBy, type RecurringFrequency } from '../domain/model.js';
import type { AcceptedDetails, InviteSummary, RespondView, SchemeContact } from '../domain/views.js';
import { LIMITS, type FieldError } from '../schema/request.js';
import {
  button,
  checkboxes,
  dateInput,
  errorSummary,
  insetText,
  lines,
  panel,
  radios,
  summaryList,
  tag,
  textarea,
  textInput,
  warningCallout,
} from './components.js';
import { addDays, formatDateLong, formatDateNumeric } from './format.js';
import { splitDateParts } from './form.js';
import { html, type SafeHtml } from './html.js';
import { translateFieldError } from './field-errors.js';
import {
  DEFAULT_LANGUAGE,
  englishName,
  LANGUAGES,
  t,
  tHtml,
  type Language,
  type MessageKey,
} from './i18n.js';
import { homePath, layout, phoneLink } from './layout.js';

export { combineDateParts, normaliseDigits } from './form.js';

/** Where the public form lives; the header's home link points here too. */
export const FORM_PATH = '/';
export const SUBMIT_PATH = '/requests';
export const RECEIVED_PATH = '/requests/received';
/** Texts first: the people most likely to have no email are the ones the scheme is most for. */
const CONTACT_BY_CHOICES: readonly ContactBy[] = ['text', 'email', 'both'];
const DEFAULT_RETENTION_DAYS = 90;

/** Form order: the error summary lists problems in the order people meet them on the page. */
const FORM_FIELDS = [
  'name',
  'onBehalf',
  'requesterName',
  'relationship',
  'phone',
  'email',
  'contactBy',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'helpType',
  'frequency',
  'details',
  'neededBy',
  'consent',
] as const;

/** The element each error links to: the first input of a group, the day box of the date. */
export function errorTarget(field: string): string | undefined {
  if (field === 'neededBy') return '#neededBy-day';
  return (FORM_FIELDS as readonly string[]).includes(field) ? `#${field}` : undefined;
}

function orderedErrors(errors: readonly FieldError[]): FieldError[] {
  const rank = (field: string) => {
    const index = (FORM_FIELDS as readonly string[]).indexOf(field);
    // Errors not tied to a visible field (e.g. "form") go first: they explain the rest.
    return index === -1 ? -1 : index;
  };
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}

function emergencyInset(lang: Language = DEFAULT_LANGUAGE): SafeHtml {
  return insetText(html`<p>${t(lang, 'common.notEmergency')}</p>`, lang);
}

/** The same page in every other language: "?lang=ar" added to the page's own address. */
function alternatesFor(lang: Language, path: string, query: Record<string, string> = {}) {
  return LANGUAGES.filter((other) => other !== lang).map((other) => ({
    lang: other,
    href: `${path}?${new URLSearchParams({ ...query, lang: other }).toString()}`,
  }));
}

/** Phone number examples stay left-to-right inside right-to-left text. */
function ltr(text: string): SafeHtml {
  return html`<span dir="ltr" class="nhsuk-u-nowrap">${text}</span>`;
}

export interface RequestFormInput {
  values?: Record<string, string | undefined>;
  errors?: FieldError[];
  contact: SchemeContact;
  idempotencyKey: string;
  /** YYYY-MM-DD, UK time: used for the date example. */
  today: string;
  /** Shown in the privacy notice; defaults to the scheme's 90 days. */
  retentionDays?: number;
  /** The page's language; English when unset. Posted back in the hidden `language` field. */
  lang?: Language;
}

export function renderRequestForm(input: RequestFormInput): string {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const values = input.values ?? {};
  const errors = orderedErrors(input.errors ?? []).map((error) => translateFieldError(lang, error));
  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  const value = (field: string) => values[field] ?? '';
  const retentionDays = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const exampleDate = formatDateNumeric(addDays(input.today, 7));
  const m = (key: MessageKey, params?: Record<string, string | number>) => t(lang, key, params);

  const content = html`${errorSummary(
      errors.map((error) => ({ message: error.message, href: errorTarget(error.field) })),
      lang,
    )}
    <h1 class="nhsuk-heading-l">${m('form.heading')}</h1>
    <p class="nhsuk-body-l">${m('form.intro')}</p>

    <h2 class="nhsuk-heading-m">${m('common.whatHappensNext')}</h2>
    <ol class="nhsuk-list nhsuk-list--number">
      <li>${m('form.next.1')}</li>
      <li>${m('form.next.2')}</li>
      <li>${m('form.next.3')}</li>
    </ol>
    <p>${m('form.time')}</p>

    <h2 class="nhsuk-heading-m">${m('form.privacy.heading')}</h2>
    <p>${m('form.privacy.intro')}</p>
    <ul class="nhsuk-list nhsuk-list--bullet">
      <li>${m('form.privacy.volunteers')}</li>
      <li>${m('form.privacy.winner')}</li>
      <li>${m('form.privacy.retention', { days: retentionDays })}</li>
    </ul>
    ${emergencyInset(lang)}

    <form method="post" action="${SUBMIT_PATH}" enctype="application/x-www-form-urlencoded" novalidate>
      <input type="hidden" name="idempotencyKey" value="${input.idempotencyKey}" />
      <input type="hidden" name="language" value="${lang}" />

      <h2 class="nhsuk-heading-m">${m('form.who.heading')}</h2>
      ${textInput({
        name: 'name',
        label: m('form.name.label'),
        hint: m('form.name.hint'),
        error: errorFor('name'),
        value: value('name'),
        autocomplete: 'name',
        spellcheck: false,
        maxlength: LIMITS.name,
        lang,
      })}
      ${radios({
        name: 'onBehalf',
        legend: m('form.onBehalf.legend'),
        legendSize: 's',
        error: errorFor('onBehalf'),
        value: value('onBehalf'),
        inline: true,
        items: [
          { value: 'yes', text: m('common.yes') },
          { value: 'no', text: m('common.no') },
        ],
        lang,
      })}
      <div class="nhsuk-form-group">
        <fieldset class="nhsuk-fieldset" aria-describedby="onBehalfDetails-hint">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
            ${m('form.someoneElse.legend')}
          </legend>
          <div class="nhsuk-hint" id="onBehalfDetails-hint">${m('form.someoneElse.hint')}</div>
          ${textInput({
            name: 'requesterName',
            label: m('form.requesterName.label'),
            error: errorFor('requesterName'),
            value: value('requesterName'),
            spellcheck: false,
            maxlength: LIMITS.name,
            lang,
          })}
          ${textInput({
            name: 'relationship',
            label: m('form.relationship.label'),
            hint: m('form.relationship.hint'),
            error: errorFor('relationship'),
            value: value('relationship'),
            maxlength: LIMITS.relationship,
            widthClass: 'nhsuk-u-width-two-thirds',
            lang,
          })}
        </fieldset>
      </div>

      <div class="nhsuk-form-group">
        <fieldset class="nhsuk-fieldset" aria-describedby="contact-hint">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            ${m('form.contact.legend')}
          </legend>
          <div class="nhsuk-hint" id="contact-hint">${m('form.contact.hint')}</div>
          ${textInput({
            name: 'phone',
            label: m('form.phone.label'),
            hint: tHtml(lang, 'form.phone.hint', {
              example1: ltr('01632 960 001'),
              example2: ltr('07700 900 982'),
            }),
            error: errorFor('phone'),
            value: value('phone'),
            type: 'tel',
            autocomplete: 'tel',
            maxlength: LIMITS.phone,
            width: 20,
            lang,
          })}
          ${textInput({
            name: 'email',
            label: m('form.email.label'),
            error: errorFor('email'),
            value: value('email'),
            type: 'email',
            autocomplete: 'email',
            spellcheck: false,
            maxlength: LIMITS.email,
            widthClass: 'nhsuk-u-width-two-thirds',
            lang,
          })}
        </fieldset>
      </div>

      ${radios({
        name: 'contactBy',
        legend: m('form.contactBy.legend'),
        legendSize: 'm',
        hint: m('form.contactBy.hint'),
        error: errorFor('contactBy'),
        value: value('contactBy'),
        items: CONTACT_BY_CHOICES.map((choice) => ({ value: choice, text: m(`form.contactBy.${choice}`) })),
        lang,
      })}

      <div class="nhsuk-form-group">
        <fieldset class="nhsuk-fieldset" aria-describedby="address-hint">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            ${m('form.address.legend')}
          </legend>
          <div class="nhsuk-hint" id="address-hint">${m('form.address.hint')}</div>
          ${textInput({
            name: 'addressLine1',
            label: m('form.addressLine1.label'),
            error: errorFor('addressLine1'),
            value: value('addressLine1'),
            autocomplete: 'address-line1',
            maxlength: LIMITS.addressLine,
            lang,
          })}
          ${textInput({
            name: 'addressLine2',
            label: m('form.addressLine2.label'),
            error: errorFor('addressLine2'),
            value: value('addressLine2'),
            autocomplete: 'address-line2',
            maxlength: LIMITS.addressLine,
            lang,
          })}
          ${textInput({
            name: 'town',
            label: m('form.town.label'),
            error: errorFor('town'),
            value: value('town'),
            autocomplete: 'address-level2',
            maxlength: LIMITS.town,
            widthClass: 'nhsuk-u-width-two-thirds',
            lang,
          })}
          ${textInput({
            name: 'postcode',
            label: m('form.postcode.label'),
            error: errorFor('postcode'),
            value: value('postcode'),
            autocomplete: 'postal-code',
            width: 10,
            maxlength: LIMITS.postcode,
            lang,
          })}
        </fieldset>
      </div>

      ${radios({
        name: 'helpType',
        legend: m('form.helpType.legend'),
        legendSize: 'm',
        error: errorFor('helpType'),
        value: value('helpType'),
        items: HELP_TYPES.map((helpType) => ({ value: helpType, text: m(`helpType.${helpType}`) })),
        lang,
      })}
      ${radios({
        name: 'frequency',
        legend: m('form.frequency.legend'),
        legendSize: 'm',
        hint: m('form.frequency.hint'),
        error: errorFor('frequency'),
        // One-off help unless the person chose otherwise: most requests are for one visit.
        value: value('frequency') || 'once',
        items: FREQUENCIES.map((frequency) => ({ value: frequency, text: m(`form.frequency.${frequency}`) })),
        lang,
      })}
      ${textarea({
        name: 'details',
        label: m('form.details.label'),
        labelSize: 'm',
        hint: html`<p>${m('form.details.hint', { other: m('helpType.other'), max: LIMITS.details })}</p>
          <p>${m('form.details.privacy')}</p>`,
        error: errorFor('details'),
        value: value('details'),
        maxlength: LIMITS.details,
        lang,
      })}
      ${dateInput({
        name: 'neededBy',
        legend: m('form.neededBy.legend'),
        legendSize: 'm',
        hint: m('form.neededBy.hint', { date: exampleDate }),
        error: errorFor('neededBy'),
        value: splitDateParts(values),
        lang,
      })}
      ${checkboxes({
        name: 'consent',
        legend: m('form.consent.legend'),
        legendSize: 'm',
        error: errorFor('consent'),
        value: value('consent'),
        items: [{ value: 'yes', text: m('form.consent.label') }],
        lang,
      })}

      <div class="nhsuk-u-visually-hidden" aria-hidden="true">
        <label for="website">${m('form.honeypot')}</label>
        <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
      </div>

      ${button({ text: m('form.submit') })}
    </form>`;

  return layout({
    title: m('form.title'),
    contact: input.contact,
    content,
    hasErrors: errors.length > 0,
    lang,
    alternates: alternatesFor(lang, FORM_PATH),
  });
}

export function renderRequestReceived(input: {
  reference: string;
  contact: SchemeContact;
  lang?: Language;
  /** How they asked to hear from us (from the form): says where the confirmation went. */
  contactBy?: ContactBy;
}): string {
  const { contact } = input;
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: MessageKey) => t(lang, key);
  const content = html`${panel(
      m('received.title'),
      html`${m('received.reference')}<br /><strong dir="ltr">${input.reference}</strong>`,
    )}
    <h2 class="nhsuk-heading-m">${m('common.whatHappensNext')}</h2>
    <p>${m('received.next.1')}</p>
    <p>${m('received.next.2')}</p>
    <p>${m('received.next.3')}</p>
    <p>${m(input.contactBy ? `received.sent.${input.contactBy}` : 'received.email')}</p>
    <p>${tHtml(lang, 'received.urgent', { phone: phoneLink(contact.schemePhone) })}</p>
    ${emergencyInset(lang)}`;
  return layout({
    title: m('received.title'),
    contact,
    content,
    lang,
    alternates: alternatesFor(lang, RECEIVED_PATH, {
      ref: input.reference,
      ...(input.contactBy ? { by: input.contactBy } : {}),
    }),
  });
}

export function renderOutsideArea(input: { contact: SchemeContact; lang?: Language }): string {
  const { contact } = input;
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: MessageKey) => t(lang, key);
  const content = html`<h1 class="nhsuk-heading-l">${m('outside.title')}</h1>
    <p>${m('outside.body')}</p>
    <p>${tHtml(lang, 'outside.call', { phone: phoneLink(contact.schemePhone) })}</p>
    <p>
      ${tHtml(lang, 'outside.again', {
        link: html`<a href="${homePath(lang)}">${m('outside.againLink')}</a>`,
      })}
    </p>
    ${emergencyInset(lang)}`;
  // Reached by a form post, so the other language's link leads to the form in that language.
  return layout({
    title: m('outside.title'),
    contact,
    content,
    lang,
    alternates: alternatesFor(lang, FORM_PATH),
  });
}

/** Issue #7: recurring help, in the volunteer's words ("every week"), and for a summary row ("Every week"). */
const EVERY: Record<RecurringFrequency, string> = { weekly: 'every week', fortnightly: 'every two weeks' };
const HOW_OFTEN: Record<RecurringFrequency, string> = {
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
};

function summaryRows(summary: InviteSummary) {
  return [
    { key: 'Help needed', value: HELP_TYPE_LABELS[summary.helpType] },
    { key: 'Area', value: summary.area },
    {
      key: 'Needed by',
      value: html`${formatDateLong(summary.neededBy)}${summary.urgent && html` ${tag('Urgent', 'red')}`}`,
    },
    isRecurring(summary.frequency) && { key: 'How often', value: HOW_OFTEN[summary.frequency] },
    summary.details !== undefined && { key: 'Details', value: lines(summary.details.split(/\r?\n/)) },
    summary.language !== undefined &&
      summary.language !== DEFAULT_LANGUAGE && {
        key: 'Language',
        value: `The person prefers to speak ${englishName(summary.language)}`,
      },
    { key: 'Reference', value: summary.reference },
  ];
}

/** One line that says which request a page is about, without anything that identifies the person. */
function summaryLine(summary: InviteSummary): SafeHtml {
  return html`<p>
    ${HELP_TYPE_LABELS[summary.helpType]} in ${summary.area}, needed by ${formatDateLong(summary.neededBy)}
    (reference ${summary.reference}).
  </p>`;
}

function respondPath(token: string): string {
  return `/respond/${encodeURIComponent(token)}`;
}

function requesterRows(details: AcceptedDetails) {
  const { requester } = details;
  return [
    { key: 'Name', value: requester.name },
    requester.askedBy !== undefined && {
      key: 'Asked by',
      value: `${requester.askedBy.name} (${requester.askedBy.relationship})`,
    },
    requester.phone !== undefined && {
      key: 'Phone',
      value: html`<a href="tel:${requester.phone.replace(/[^\d+]/g, '')}">${requester.phone}</a>`,
    },
    requester.email !== undefined && {
      key: 'Email',
      value: html`<a href="mailto:${requester.email}">${requester.email}</a>`,
    },
    {
      key: 'Address',
      value: lines([requester.addressLine1, requester.addressLine2, requester.town, requester.postcode]),
    },
  ];
}

/**
 * The open page's choice. Recurring help offers "every time" as well as "just this once"; both are
 * submit buttons in the one form, so it works without JavaScript and a scanner's GET does nothing.
 */
function respondButtons(summary: InviteSummary): SafeHtml {
  const decline = button({
    text: 'No, I cannot help this time',
    name: 'action',
    value: 'decline',
    variant: 'secondary',
  });
  if (!isRecurring(summary.frequency)) {
    return html`<div class="nhsuk-button-group">
      ${button({ text: 'Yes, I can help', name: 'action', value: 'accept' })} ${decline}
    </div>`;
  }
  const every = EVERY[summary.frequency];
  return html`<p>
      This help is needed ${every}. If you say yes ${every}, we will email you the details before each visit
      and ask nobody else. You can stop at any time.
    </p>
    <div class="nhsuk-button-group">
      ${button({ text: `Yes, I can help ${every}`, name: 'action', value: 'accept-series' })}
      ${button({ text: 'Yes, just this once', name: 'action', value: 'accept', variant: 'secondary' })}
      ${decline}
    </div>`;
}

/** After a yes to recurring help: whether the next visits are theirs too. */
function seriesLine(view: Extract<RespondView, { kind: 'accepted' }>): SafeHtml {
  const { frequency } = view.details;
  if (!isRecurring(frequency)) return html``;
  return view.committedToSeries
    ? html`<p>
        You have said you will help ${EVERY[frequency]}: we will email you the details before each visit.
      </p>`
    : html`<p>
        This help is needed ${EVERY[frequency]}. You said yes to this visit only, so we will ask volunteers
        again for the next one.
      </p>`;
}

function respondContent(
  view: RespondView,
  token: string,
  contact: SchemeContact,
): { title: string; content: SafeHtml } {
  const call = phoneLink(contact.schemePhone);
  switch (view.kind) {
    case 'open':
      return {
        title: 'Can you help?',
        content: html`<h1 class="nhsuk-heading-l">Can you help?</h1>
          <p>Hello ${view.volunteerFirstName}, someone near you has asked for help.</p>
          ${summaryList(summaryRows(view.summary))}
          ${insetText(html`<p>The person’s name, address and contact details are shown only after you say yes.</p>`)}
          <form method="post" action="${respondPath(token)}" novalidate>${respondButtons(view.summary)}</form>
          <p>If you have a question before you decide, call ${call}.</p>`,
      };
    case 'accepted':
      return {
        title: 'Thank you for saying yes',
        content: html`${panel('Thank you for saying yes', html`Reference<br /><strong>${view.details.reference}</strong>`)}
          <p>We have also emailed you these details.</p>
          ${seriesLine(view)}
          <h2 class="nhsuk-heading-m">Who needs help</h2>
          ${summaryList(requesterRows(view.details))}
          <h2 class="nhsuk-heading-m">What help is needed</h2>
          ${summaryList(summaryRows(view.details))}
          <h2 class="nhsuk-heading-m">What to do now</h2>
          <p>Please contact them soon, ideally today, to arrange the help.</p>
          ${warningCallout('If you can no longer help', html`<p>Call ${call} as soon as you can, so we can find someone else.</p>`)}`,
      };
    case 'already-accepted':
      return {
        title: 'You have already said yes',
        content: html`<h1 class="nhsuk-heading-l">You have already said yes</h1>
          <p>You have already said yes to this request. We emailed you the details.</p>
          ${summaryLine(view.summary)}
          <p>If you cannot find the email, or you can no longer help, call ${call}.</p>`,
      };
    case 'declined':
    case 'already-declined':
      return {
        title: 'Thank you for letting us know',
        content: html`<h1 class="nhsuk-heading-l">Thank you for letting us know</h1>
          <p>That is no problem. Thank you for telling us, so we can ask someone else.</p>
          ${summaryLine(view.summary)}
          <p>We will email you again when someone near you needs help.</p>`,
      };
    case 'taken':
      return {
        title: 'Someone has already said yes',
        content: html`<h1 class="nhsuk-heading-l">Someone has already said yes – thank you</h1>
          <p>Another volunteer has said yes to this request, so you do not need to do anything.</p>
          ${summaryLine(view.summary)}
          <p>Thank you for being ready to help.</p>`,
      };
    case 'closed':
      return {
        title: 'This request no longer needs a volunteer',
        content: html`<h1 class="nhsuk-heading-l">This request no longer needs a volunteer</h1>
          <p>You do not need to do anything. Thank you for being ready to help.</p>
          ${summaryLine(view.summary)}`,
      };
    case 'expired':
      return {
        title: 'This link has expired',
        content: html`<h1 class="nhsuk-heading-l">This link has expired</h1>
          <p>
            Links in our emails only work for a short time, so that people get help quickly. We may already
            have found someone else.
          </p>
          <p>If you would still like to help with this request, call ${call}.</p>`,
      };
    case 'invalid':
      return {
        title: 'This link is not valid',
        content: html`<h1 class="nhsuk-heading-l">This link is not valid</h1>
          <p>
            Check that you used the whole link from the email. If you copied it, make sure nothing is missing.
          </p>
          <p>If it still does not work, call ${call}.</p>`,
      };
  }
}

export function renderRespondPage(
  view: RespondView,
  input: { token: string; contact: SchemeContact },
): string {
  const { title, content } = respondContent(view, input.token, input.contact);
  return layout({ title, contact: input.contact, content, noIndex: true });
}

type ErrorStatus = 400 | 403 | 404 | 405 | 500;

export function renderErrorPage(input: {
  status: ErrorStatus;
  contact: SchemeContact;
  lang?: Language;
}): string {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const status = input.status;
  const title = t(lang, `error.${status}.title`);
  const call = phoneLink(input.contact.schemePhone);
  const body =
    status === 404
      ? html`<p>${t(lang, 'error.404.body')}</p>
          <p>${t(lang, 'error.404.pasted')}</p>
          <p>
            ${tHtml(lang, 'error.404.action', {
              link: html`<a href="${homePath(lang)}">${t(lang, 'error.404.link')}</a>`,
              phone: call,
            })}
          </p>`
      : html`<p>${t(lang, `error.${status}.body`)}</p>
          <p>${tHtml(lang, `error.${status}.action`, { phone: call })}</p>`;
  const content = html`<h1 class="nhsuk-heading-l">${title}</h1>
    ${body} ${emergencyInset(lang)}`;
  return layout({ title, contact: input.contact, content, lang });
}
