import { HELP_TYPES } from '../vocabulary/help-types.js';
import { isRecurring } from '../domain/model.js';
import { FREQUENCIES, type ContactBy } from '../vocabulary/choices.js';
import type { AcceptedDetails, InviteSummary, RespondView, SchemeContact } from '../domain/views.js';
import { LIMITS, type FieldError } from '../schema/request.js';
import { formatUkPhone } from '../util/phone.js';
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
import { addDays, formatDateLongIn, formatDateNumeric } from './format.js';
import { orderedRequestErrors, requestErrorTarget, splitDateParts } from './form.js';
import { html, type SafeHtml } from './html.js';
import { translateFieldError } from './field-errors.js';
import {
  DEFAULT_LANGUAGE,
  englishName,
  LANGUAGES,
  EVERY_PAGE_WORDS,
  nativeName,
  t,
  tHtml,
  type Language,
  type MessageKey,
} from './i18n.js';
import { homePath, layout, phoneLink } from './layout.js';
import { formAction, linkPageAlternates, ltrValue } from './link-pages.js';
import { REQUEST_WORDS, type RequestKey } from './request-i18n.js';
import { RESPOND_WORDS, type RespondKey } from './respond-i18n.js';
import { bothBooks } from './word-book.js';

export { combineDateParts, normaliseDigits } from './form.js';

/** Where the public form lives; the header's home link points here too. */
export const FORM_PATH = '/';
export const SUBMIT_PATH = '/requests';
export const RECEIVED_PATH = '/requests/received';
/** Texts first: the people most likely to have no email are the ones the scheme is most for. */
const CONTACT_BY_CHOICES: readonly ContactBy[] = ['text', 'email', 'both'];
const DEFAULT_RETENTION_DAYS = 90;

/**
 * The request pages' words and the respond page's, each in its own book beside the words every page
 * shares. Only a function that renders those pages reads (and bundles) them: pure, so esbuild drops
 * the one a function never calls.
 */
const REQUEST_PAGE_WORDS = /* @__PURE__ */ bothBooks(REQUEST_WORDS, EVERY_PAGE_WORDS);
type RequestPageKey = RequestKey | MessageKey;
const RESPOND_PAGE_WORDS = /* @__PURE__ */ bothBooks(RESPOND_WORDS, EVERY_PAGE_WORDS);
type RespondPageKey = RespondKey | MessageKey;

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

/**
 * Forms in a language not written in English letters also ask for the name in English letters, so a
 * volunteer who cannot read the script can still say the name on the doorstep.
 */
const ASKS_FOR_NAME_IN_ENGLISH_LETTERS: readonly Language[] = ['ar'];

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
  const errors = orderedRequestErrors(input.errors ?? []).map((error) => translateFieldError(lang, error));
  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  const value = (field: string) => values[field] ?? '';
  const retentionDays = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const exampleDate = formatDateNumeric(addDays(input.today, 7));
  const m = (key: RequestPageKey, params?: Record<string, string | number>) =>
    REQUEST_PAGE_WORDS.t(lang, key, params);

  const content = html`${errorSummary(
      errors.map((error) => ({ message: error.message, href: requestErrorTarget(error.field) })),
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
      ${
        ASKS_FOR_NAME_IN_ENGLISH_LETTERS.includes(lang)
          ? textInput({
              name: 'nameInEnglishLetters',
              label: m('form.nameInEnglishLetters.label'),
              hint: REQUEST_PAGE_WORDS.tHtml(lang, 'form.nameInEnglishLetters.hint', {
                example: ltr('Fatima Hassan'),
              }),
              error: errorFor('nameInEnglishLetters'),
              value: value('nameInEnglishLetters'),
              spellcheck: false,
              maxlength: LIMITS.name,
              dir: 'ltr',
              lang,
            })
          : ''
      }
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
            hint: REQUEST_PAGE_WORDS.tHtml(lang, 'form.phone.hint', {
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
  const m = (key: RequestPageKey) => REQUEST_PAGE_WORDS.t(lang, key);
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

export function renderOutsideArea(input: {
  contact: SchemeContact;
  lang?: Language;
  /** What was posted: kept in the page, so correcting the postcode sends everything again. */
  values?: Record<string, string | undefined>;
}): string {
  const { contact } = input;
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: RequestPageKey) => REQUEST_PAGE_WORDS.t(lang, key);
  const values = input.values;
  const kept = Object.entries(values ?? {}).filter(
    (entry): entry is [string, string] => entry[0] !== 'postcode' && typeof entry[1] === 'string',
  );
  const correct =
    values &&
    html`<form method="post" action="${SUBMIT_PATH}" enctype="application/x-www-form-urlencoded" novalidate>
      ${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      <h2 class="nhsuk-heading-m">${m('outside.correct.heading')}</h2>
      ${textInput({
        name: 'postcode',
        label: m('form.postcode.label'),
        hint: m('outside.correct.hint'),
        value: values.postcode ?? '',
        autocomplete: 'postal-code',
        width: 10,
        maxlength: LIMITS.postcode,
        lang,
      })}
      ${button({ text: m('outside.correct.button') })}
    </form>`;
  const content = html`<h1 class="nhsuk-heading-l">${m('outside.title')}</h1>
    <p>${m('outside.body')}</p>
    <p>${REQUEST_PAGE_WORDS.tHtml(lang, 'outside.call', { phone: phoneLink(contact.schemePhone) })}</p>
    ${
      correct ||
      html`<p>
        ${REQUEST_PAGE_WORDS.tHtml(lang, 'outside.again', {
          link: html`<a href="${homePath(lang)}">${m('outside.againLink')}</a>`,
        })}
      </p>`
    }
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

function summaryRows(lang: Language, summary: InviteSummary) {
  const m = (key: RespondPageKey, params?: Record<string, string>) => RESPOND_PAGE_WORDS.t(lang, key, params);
  return [
    { key: m('respond.row.help'), value: m(`helpType.${summary.helpType}`) },
    { key: m('respond.row.area'), value: ltrValue(summary.area) },
    {
      key: m('respond.row.neededBy'),
      value: html`${formatDateLongIn(lang, summary.neededBy)}${
        summary.urgent && html` ${tag(m('respond.row.urgent'), 'red')}`
      }`,
    },
    isRecurring(summary.frequency) && {
      key: m('respond.row.howOften'),
      value: m(`howOften.${summary.frequency}`),
    },
    summary.details !== undefined && {
      key: m('respond.row.details'),
      value: lines(summary.details.split(/\r?\n/)),
    },
    summary.language !== undefined &&
      summary.language !== DEFAULT_LANGUAGE && {
        key: m('respond.row.language'),
        value: m('respond.row.languageValue', {
          language: lang === DEFAULT_LANGUAGE ? englishName(summary.language) : nativeName(summary.language),
        }),
      },
    { key: m('respond.row.reference'), value: ltrValue(summary.reference) },
  ];
}

/** One line that says which request a page is about, without anything that identifies the person. */
function summaryLine(lang: Language, summary: InviteSummary): SafeHtml {
  return html`<p>
    ${RESPOND_PAGE_WORDS.tHtml(lang, 'respond.summaryLine', {
      helpType: t(lang, `helpType.${summary.helpType}`),
      area: ltrValue(summary.area),
      date: formatDateLongIn(lang, summary.neededBy),
      reference: ltrValue(summary.reference),
    })}
  </p>`;
}

function respondPath(token: string): string {
  return `/respond/${encodeURIComponent(token)}`;
}

function requesterRows(lang: Language, details: AcceptedDetails) {
  const { requester } = details;
  const m = (key: RespondPageKey, params?: Record<string, string>) => RESPOND_PAGE_WORDS.t(lang, key, params);
  return [
    { key: m('respond.row.name'), value: requester.name },
    requester.nameInEnglishLetters !== undefined && {
      key: m('respond.row.nameInEnglishLetters'),
      value: html`<span dir="ltr">${requester.nameInEnglishLetters}</span>`,
    },
    requester.askedBy !== undefined && {
      key: m('respond.row.askedBy'),
      value: m('respond.row.askedByValue', {
        name: requester.askedBy.name,
        relationship: requester.askedBy.relationship,
      }),
    },
    requester.phone !== undefined && {
      key: m('respond.row.phone'),
      // Spaced as people say it, a tap to call, kept left to right inside right-to-left text.
      value: phoneLink(formatUkPhone(requester.phone)),
    },
    requester.email !== undefined && {
      key: m('respond.row.email'),
      value: html`<a href="mailto:${requester.email}">${requester.email}</a>`,
    },
    {
      key: m('respond.row.address'),
      value: lines([requester.addressLine1, requester.addressLine2, requester.town, requester.postcode]),
    },
  ];
}

/**
 * Who needs help and what the job is, with what to do now: the accepted page's body, also shown on a
 * texted volunteer's details page. Only ever rendered for the volunteer who has the task.
 */
export function acceptedDetailsBlock(lang: Language, details: AcceptedDetails, phone: string): SafeHtml {
  const m = (key: RespondPageKey) => RESPOND_PAGE_WORDS.t(lang, key);
  return html`<h2 class="nhsuk-heading-m">${m('respond.accepted.who')}</h2>
    ${summaryList(requesterRows(lang, details))}
    <h2 class="nhsuk-heading-m">${m('respond.accepted.what')}</h2>
    ${summaryList(summaryRows(lang, details))}
    <h2 class="nhsuk-heading-m">${m('respond.accepted.next')}</h2>
    <p>${m('respond.accepted.contact')}</p>
    ${warningCallout(m('respond.accepted.cannotTitle'), html`<p>${RESPOND_PAGE_WORDS.tHtml(lang, 'respond.accepted.cannotBody', { phone: phoneLink(phone) })}</p>`)}`;
}

/**
 * The open page's choice. Recurring help offers "every time" as well as "just this once"; both are
 * submit buttons in the one form, so it works without JavaScript and a scanner's GET does nothing.
 */
function respondButtons(lang: Language, summary: InviteSummary): SafeHtml {
  const m = (key: RespondPageKey, params?: Record<string, string>) => RESPOND_PAGE_WORDS.t(lang, key, params);
  const decline = button({
    text: m('respond.decline'),
    name: 'action',
    value: 'decline',
    variant: 'secondary',
  });
  if (!isRecurring(summary.frequency)) {
    return html`<div class="nhsuk-button-group">
      ${button({ text: m('respond.accept'), name: 'action', value: 'accept' })} ${decline}
    </div>`;
  }
  const every = m(`every.${summary.frequency}`);
  return html`<p>${m('respond.recurring', { every })}</p>
    <div class="nhsuk-button-group">
      ${button({ text: m('respond.acceptSeries', { every }), name: 'action', value: 'accept-series' })}
      ${button({ text: m('respond.acceptOnce'), name: 'action', value: 'accept', variant: 'secondary' })}
      ${decline}
    </div>`;
}

/** After a yes to recurring help: whether the next visits are theirs too. */
function seriesLine(lang: Language, view: Extract<RespondView, { kind: 'accepted' }>): SafeHtml {
  const { frequency } = view.details;
  if (!isRecurring(frequency)) return html``;
  const every = t(lang, `every.${frequency}`);
  return html`<p>
    ${RESPOND_PAGE_WORDS.t(lang, view.committedToSeries ? 'respond.committed' : 'respond.onceOnly', { every })}
  </p>`;
}

function respondContent(
  view: RespondView,
  token: string,
  contact: SchemeContact,
  lang: Language,
): { title: string; content: SafeHtml } {
  const m = (key: RespondPageKey, params?: Record<string, string>) => RESPOND_PAGE_WORDS.t(lang, key, params);
  const withPhone = (key: RespondPageKey) =>
    RESPOND_PAGE_WORDS.tHtml(lang, key, { phone: phoneLink(contact.schemePhone) });
  switch (view.kind) {
    case 'open':
      return {
        title: m('respond.open.title'),
        content: html`<h1 class="nhsuk-heading-l">${m('respond.open.title')}</h1>
          <p>${m('respond.open.hello', { name: view.volunteerFirstName })}</p>
          ${summaryList(summaryRows(lang, view.summary))}
          ${insetText(html`<p>${m('respond.open.private')}</p>`, lang)}
          <form method="post" action="${formAction(respondPath(token), lang)}" novalidate>
            ${respondButtons(lang, view.summary)}
          </form>
          <p>${withPhone('respond.open.question')}</p>`,
      };
    case 'accepted':
      return {
        title: m('respond.accepted.title'),
        content: html`${panel(m('respond.accepted.title'), html`${m('link.reference')}<br /><strong dir="ltr">${view.details.reference}</strong>`)}
          <p>${m('respond.accepted.emailed')}</p>
          ${seriesLine(lang, view)}
          <h2 class="nhsuk-heading-m">${m('respond.accepted.who')}</h2>
          ${summaryList(requesterRows(lang, view.details))}
          <h2 class="nhsuk-heading-m">${m('respond.accepted.what')}</h2>
          ${summaryList(summaryRows(lang, view.details))}
          <h2 class="nhsuk-heading-m">${m('respond.accepted.next')}</h2>
          <p>${m('respond.accepted.contact')}</p>
          ${warningCallout(m('respond.accepted.cannotTitle'), html`<p>${withPhone('respond.accepted.cannotBody')}</p>`)}`,
      };
    case 'already-accepted':
      return {
        title: m('respond.alreadyAccepted.title'),
        content: html`<h1 class="nhsuk-heading-l">${m('respond.alreadyAccepted.title')}</h1>
          <p>${m('respond.alreadyAccepted.body')}</p>
          ${
            view.details
              ? html`<h2 class="nhsuk-heading-m">${m('respond.accepted.who')}</h2>
                  ${summaryList(requesterRows(lang, view.details))}
                  <h2 class="nhsuk-heading-m">${m('respond.accepted.what')}</h2>
                  ${summaryList(summaryRows(lang, view.details))}`
              : summaryLine(lang, view.summary)
          }
          <p>${withPhone('respond.alreadyAccepted.call')}</p>`,
      };
    case 'declined':
    case 'already-declined':
      return {
        title: m('respond.declined.title'),
        content: html`<h1 class="nhsuk-heading-l">${m('respond.declined.title')}</h1>
          <p>${m('respond.declined.body')}</p>
          ${summaryLine(lang, view.summary)}
          <p>${m('respond.declined.later')}</p>`,
      };
    case 'taken':
      return {
        title: m('respond.taken.title'),
        content: html`<h1 class="nhsuk-heading-l">${m('respond.taken.heading')}</h1>
          <p>${m('respond.taken.body')}</p>
          ${summaryLine(lang, view.summary)}
          <p>${m('respond.taken.thanks')}</p>`,
      };
    case 'closed':
      return {
        title: m('respond.closed.title'),
        content: html`<h1 class="nhsuk-heading-l">${m('respond.closed.title')}</h1>
          <p>${m('respond.closed.body')}</p>
          ${summaryLine(lang, view.summary)}`,
      };
    case 'expired':
      return {
        title: m('respond.expired.title'),
        content: html`<h1 class="nhsuk-heading-l">${m('respond.expired.title')}</h1>
          <p>${m('respond.expired.body')}</p>
          <p>${withPhone('respond.expired.call')}</p>`,
      };
    case 'invalid':
      return {
        title: m('link.invalid.title'),
        content: html`<h1 class="nhsuk-heading-l">${m('link.invalid.title')}</h1>
          <p>${m('respond.invalid.body')}</p>
          <p>${withPhone('respond.invalid.call')}</p>`,
      };
  }
}

export function renderRespondPage(
  view: RespondView,
  input: { token: string; contact: SchemeContact; lang?: Language },
): string {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const { title, content } = respondContent(view, input.token, input.contact, lang);
  return layout({
    title,
    contact: input.contact,
    content,
    noIndex: true,
    lang,
    // The short text link (/r/…) shows the same page; its language links lead to the long address.
    alternates: linkPageAlternates(lang, respondPath(input.token)),
  });
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
