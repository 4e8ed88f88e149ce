import { HELP_TYPES, HELP_TYPE_LABELS } from '../domain/help-types.js';
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
import { layout, phoneLink } from './layout.js';

export { combineDateParts } from './form.js';

/** Where the public form lives; the header's home link points here too. */
export const FORM_PATH = '/';
export const SUBMIT_PATH = '/requests';
const DEFAULT_RETENTION_DAYS = 90;

/** Form order: the error summary lists problems in the order people meet them on the page. */
const FORM_FIELDS = [
  'name',
  'onBehalf',
  'requesterName',
  'relationship',
  'phone',
  'email',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'helpType',
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

function emergencyInset(): SafeHtml {
  return insetText(
    html`<p>
      This is not an emergency service. In an emergency, call 999. For urgent medical help, call NHS 111.
    </p>`,
  );
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
}

export function renderRequestForm(input: RequestFormInput): string {
  const values = input.values ?? {};
  const errors = orderedErrors(input.errors ?? []);
  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  const value = (field: string) => values[field] ?? '';
  const retentionDays = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const exampleDate = formatDateNumeric(addDays(input.today, 7));

  const content = html`${errorSummary(errors.map((error) => ({ message: error.message, href: errorTarget(error.field) })))}
    <h1 class="nhsuk-heading-l">Ask for help from a volunteer</h1>
    <p class="nhsuk-body-l">
      Local volunteers can help with things like collecting a prescription, shopping, a friendly chat or a
      lift to an appointment.
    </p>

    <h2 class="nhsuk-heading-m">What happens next</h2>
    <ol class="nhsuk-list nhsuk-list--number">
      <li>We email or text local volunteers who offer the help you need.</li>
      <li>The first volunteer who says yes gets in touch with you, usually within a day.</li>
      <li>If no one can help, our social prescriber will call you to talk about other support.</li>
    </ol>

    <h2 class="nhsuk-heading-m">How we use your details</h2>
    <p>We keep the details you give us only to arrange help.</p>
    <ul class="nhsuk-list nhsuk-list--bullet">
      <li>
        The volunteers we ask only see the kind of help, the area (the first part of the postcode, like GL50),
        the date and what you write about the help needed.
      </li>
      <li>
        Only the volunteer who says yes and our social prescriber see the name, address and contact details.
      </li>
      <li>We delete your details ${retentionDays} days after the date you need help by.</li>
    </ul>
    ${emergencyInset()}

    <form method="post" action="${SUBMIT_PATH}" enctype="application/x-www-form-urlencoded" novalidate>
      <input type="hidden" name="idempotencyKey" value="${input.idempotencyKey}" />

      <h2 class="nhsuk-heading-m">Who needs help</h2>
      ${textInput({
        name: 'name',
        label: 'Full name of the person who needs help',
        hint: 'If the help is for you, enter your own name.',
        error: errorFor('name'),
        value: value('name'),
        autocomplete: 'name',
        spellcheck: false,
        maxlength: LIMITS.name,
      })}
      ${radios({
        name: 'onBehalf',
        legend: 'Are you asking for help for someone else?',
        legendSize: 's',
        error: errorFor('onBehalf'),
        value: value('onBehalf'),
        inline: true,
        items: [
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
        ],
      })}
      <div class="nhsuk-form-group">
        <fieldset class="nhsuk-fieldset" aria-describedby="onBehalfDetails-hint">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
            If you are asking for someone else
          </legend>
          <div class="nhsuk-hint" id="onBehalfDetails-hint">Leave these blank if the help is for you.</div>
          ${textInput({
            name: 'requesterName',
            label: 'Your name',
            error: errorFor('requesterName'),
            value: value('requesterName'),
            spellcheck: false,
            maxlength: LIMITS.name,
          })}
          ${textInput({
            name: 'relationship',
            label: 'How do you know them?',
            hint: 'For example, daughter, neighbour or carer',
            error: errorFor('relationship'),
            value: value('relationship'),
            maxlength: LIMITS.relationship,
            widthClass: 'nhsuk-u-width-two-thirds',
          })}
        </fieldset>
      </div>

      <div class="nhsuk-form-group">
        <fieldset class="nhsuk-fieldset" aria-describedby="contact-hint">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            How can the volunteer contact you?
          </legend>
          <div class="nhsuk-hint" id="contact-hint">
            Give a phone number, an email address or both. If you give an email address, we will send you a
            confirmation.
          </div>
          ${textInput({
            name: 'phone',
            label: 'Phone number',
            hint: 'For example, 01632 960 001 or 07700 900 982',
            error: errorFor('phone'),
            value: value('phone'),
            type: 'tel',
            autocomplete: 'tel',
            maxlength: LIMITS.phone,
            width: 20,
          })}
          ${textInput({
            name: 'email',
            label: 'Email address',
            error: errorFor('email'),
            value: value('email'),
            type: 'email',
            autocomplete: 'email',
            spellcheck: false,
            maxlength: LIMITS.email,
            widthClass: 'nhsuk-u-width-two-thirds',
          })}
        </fieldset>
      </div>

      <div class="nhsuk-form-group">
        <fieldset class="nhsuk-fieldset" aria-describedby="address-hint">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Where is the help needed?</legend>
          <div class="nhsuk-hint" id="address-hint">
            Volunteers only see the first part of the postcode until one of them says yes.
          </div>
          ${textInput({
            name: 'addressLine1',
            label: 'Address line 1',
            error: errorFor('addressLine1'),
            value: value('addressLine1'),
            autocomplete: 'address-line1',
            maxlength: LIMITS.addressLine,
          })}
          ${textInput({
            name: 'addressLine2',
            label: 'Address line 2 (optional)',
            error: errorFor('addressLine2'),
            value: value('addressLine2'),
            autocomplete: 'address-line2',
            maxlength: LIMITS.addressLine,
          })}
          ${textInput({
            name: 'town',
            label: 'Town or city (optional)',
            error: errorFor('town'),
            value: value('town'),
            autocomplete: 'address-level2',
            maxlength: LIMITS.town,
            widthClass: 'nhsuk-u-width-two-thirds',
          })}
          ${textInput({
            name: 'postcode',
            label: 'Postcode',
            error: errorFor('postcode'),
            value: value('postcode'),
            autocomplete: 'postal-code',
            width: 10,
            maxlength: LIMITS.postcode,
          })}
        </fieldset>
      </div>

      ${radios({
        name: 'helpType',
        legend: 'What kind of help is needed?',
        legendSize: 'm',
        error: errorFor('helpType'),
        value: value('helpType'),
        items: HELP_TYPES.map((helpType) => ({ value: helpType, text: HELP_TYPE_LABELS[helpType] })),
      })}
      ${textarea({
        name: 'details',
        label: 'Tell us more about the help needed',
        labelSize: 'm',
        hint: html`<p>
            For example, what you need from the shops or the time of your appointment. You must fill this in
            if you chose ‘${HELP_TYPE_LABELS.other}’. You can enter up to ${LIMITS.details} characters.
          </p>
          <p>
            Do not include names, addresses or phone numbers here. We only share those with the volunteer who
            says yes.
          </p>`,
        error: errorFor('details'),
        value: value('details'),
        maxlength: LIMITS.details,
      })}
      ${dateInput({
        name: 'neededBy',
        legend: 'When is the help needed by?',
        legendSize: 'm',
        hint: `For example, ${exampleDate}`,
        error: errorFor('neededBy'),
        value: splitDateParts(values),
      })}
      ${checkboxes({
        name: 'consent',
        legend: 'Sharing your details',
        legendSize: 'm',
        error: errorFor('consent'),
        value: value('consent'),
        items: [
          {
            value: 'yes',
            text: 'I agree that my details can be shared with the volunteer who takes this request',
          },
        ],
      })}

      <div class="nhsuk-u-visually-hidden" aria-hidden="true">
        <label for="website">Leave this field blank</label>
        <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
      </div>

      ${button({ text: 'Send request' })}
    </form>`;

  return layout({ title: 'Ask for help', contact: input.contact, content, hasErrors: errors.length > 0 });
}

export function renderRequestReceived(input: { reference: string; contact: SchemeContact }): string {
  const { contact } = input;
  const content = html`${panel('Request received', html`Your reference number is<br /><strong>${input.reference}</strong>`)}
    <h2 class="nhsuk-heading-m">What happens next</h2>
    <p>We are contacting volunteers near you.</p>
    <p>The first volunteer who says yes will contact you, usually within a day.</p>
    <p>If nobody can help, our social prescriber will call you.</p>
    <p>If you gave us an email address, we have sent you a confirmation email.</p>
    <p>
      If it is urgent or you are worried, call ${phoneLink(contact.schemePhone)} and give your reference
      number.
    </p>
    ${emergencyInset()}`;
  return layout({ title: 'Request received', contact, content });
}

export function renderOutsideArea(input: { contact: SchemeContact }): string {
  const { contact } = input;
  const content = html`<h1 class="nhsuk-heading-l">Sorry, our volunteers do not cover your area</h1>
    <p>Our volunteers only help people who live in certain areas near the practice.</p>
    <p>Call ${phoneLink(contact.schemePhone)} and we will try to find help near you.</p>
    <p>
      If you think the postcode you gave was wrong, you can <a href="${FORM_PATH}">ask for help again</a>.
    </p>
    ${emergencyInset()}`;
  return layout({ title: 'Sorry, our volunteers do not cover your area', contact, content });
}

function summaryRows(summary: InviteSummary) {
  return [
    { key: 'Help needed', value: HELP_TYPE_LABELS[summary.helpType] },
    { key: 'Area', value: summary.area },
    {
      key: 'Needed by',
      value: html`${formatDateLong(summary.neededBy)}${summary.urgent && html` ${tag('Urgent', 'red')}`}`,
    },
    summary.details !== undefined && { key: 'Details', value: lines(summary.details.split(/\r?\n/)) },
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
          <form method="post" action="${respondPath(token)}" novalidate>
            <div class="nhsuk-button-group">
              ${button({ text: 'Yes, I can help', name: 'action', value: 'accept' })}
              ${button({ text: 'No, I cannot help this time', name: 'action', value: 'decline', variant: 'secondary' })}
            </div>
          </form>
          <p>If you have a question before you decide, call ${call}.</p>`,
      };
    case 'accepted':
      return {
        title: 'Thank you for saying yes',
        content: html`${panel('Thank you for saying yes', html`Reference<br /><strong>${view.details.reference}</strong>`)}
          <p>We have also emailed you these details.</p>
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

const ERROR_PAGES: Record<400 | 403 | 404 | 500, { title: string; body: (call: SafeHtml) => SafeHtml }> = {
  400: {
    title: 'Sorry, we could not understand that',
    body: (call) =>
      html`<p>Something was missing or not in the format we expected.</p>
        <p>Go back and try again. If it keeps happening, call ${call}.</p>`,
  },
  403: {
    title: 'Sorry, we could not accept that',
    body: (call) =>
      html`<p>For your safety, we only accept answers sent from our own pages.</p>
        <p>Go back to the link in your email and try again. If it keeps happening, call ${call}.</p>`,
  },
  404: {
    title: 'Page not found',
    body: (call) =>
      html`<p>If you typed the web address, check it is correct.</p>
        <p>If you pasted the web address, check you copied the entire address.</p>
        <p>You can <a href="${FORM_PATH}">ask for help from a volunteer</a>, or call ${call}.</p>`,
  },
  500: {
    title: 'Sorry, there is a problem with the service',
    body: (call) =>
      html`<p>Try again later.</p>
        <p>If you need help now, call ${call}.</p>`,
  },
};

export function renderErrorPage(input: { status: 400 | 403 | 404 | 500; contact: SchemeContact }): string {
  const page = ERROR_PAGES[input.status];
  const content = html`<h1 class="nhsuk-heading-l">${page.title}</h1>
    ${page.body(phoneLink(input.contact.schemePhone))} ${emergencyInset()}`;
  return layout({ title: page.title, contact: input.contact, content });
}
