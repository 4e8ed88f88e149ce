import { HELP_TYPES, HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import { FREQUENCIES, type ContactBy, type Frequency } from '../../vocabulary/choices.js';
import type { SchemeContact } from '../../domain/views.js';
import { LIMITS, type FieldError } from '../../schema/request.js';
import { button, checkboxes, dateInput, errorSummary, radios, textarea, textInput } from '../components.js';
import { orderedRequestErrors, requestErrorTarget, splitDateParts } from '../form.js';
import { formatDateNumeric, addDays } from '../format.js';
import { html } from '../html.js';
import { englishName, LANGUAGES } from '../i18n.js';
import { adminLayout } from './layout.js';

const FREQUENCY_LABELS: Record<Frequency, string> = {
  once: 'Just once',
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
};

/** Texts first: someone phoning in is often someone without email. */
const CONTACT_BY_CHOICES: readonly ContactBy[] = ['text', 'email', 'both'];
const CONTACT_BY_LABELS: Record<ContactBy, string> = {
  text: 'By text message',
  email: 'By email',
  both: 'By text message and email',
};

export const NEW_REQUEST_PATH = '/admin/requests/new';
export const CREATE_REQUEST_PATH = '/admin/requests';

export interface NewRequestInput {
  contact: SchemeContact;
  idempotencyKey: string;
  today: string;
  values?: Record<string, string | undefined>;
  errors?: FieldError[];
  /** The postcode is outside the scheme's districts and sectors. */
  outsideArea?: boolean;
}

/**
 * A request taken by phone, for someone without the internet: the same fields, names and schema as the
 * public form, so the same rules apply and the same workflow picks it up from the stream.
 */
export function renderNewRequest(input: NewRequestInput): string {
  const values = input.values ?? {};
  const errors = orderedRequestErrors(input.errors ?? []);
  if (input.outsideArea)
    errors.unshift({ field: 'postcode', message: 'This postcode is outside the areas our volunteers cover' });
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const value = (field: string) => values[field] ?? '';
  const content = html`${errorSummary(errors.map((e) => ({ message: e.message, href: requestErrorTarget(e.field) })))}
    <h1 class="nhsuk-heading-l">Enter a request taken by phone</h1>
    <p>
      Use this for someone who cannot use the online form. It goes to volunteers in the same way, and the
      record shows you entered it.
    </p>
    <form method="post" action="${CREATE_REQUEST_PATH}" novalidate>
      <input type="hidden" name="idempotencyKey" value="${input.idempotencyKey}" />
      ${textInput({
        name: 'name',
        label: 'Full name of the person who needs help',
        error: errorFor('name'),
        value: value('name'),
        spellcheck: false,
        maxlength: LIMITS.name,
      })}
      ${radios({
        name: 'onBehalf',
        legend: 'Is someone asking on their behalf?',
        legendSize: 's',
        error: errorFor('onBehalf'),
        value: value('onBehalf') || 'no',
        inline: true,
        items: [
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
        ],
      })}
      ${textInput({
        name: 'requesterName',
        label: 'Name of the person asking (if not them)',
        error: errorFor('requesterName'),
        value: value('requesterName'),
        spellcheck: false,
        maxlength: LIMITS.name,
      })}
      ${textInput({
        name: 'relationship',
        label: 'How they know them (if asking for someone)',
        error: errorFor('relationship'),
        value: value('relationship'),
        maxlength: LIMITS.relationship,
      })}
      ${textInput({
        name: 'phone',
        label: 'Phone number',
        hint: 'A phone number, an email address or both',
        error: errorFor('phone'),
        value: value('phone'),
        type: 'tel',
        maxlength: LIMITS.phone,
        width: 20,
      })}
      ${textInput({
        name: 'email',
        label: 'Email address (optional)',
        error: errorFor('email'),
        value: value('email'),
        type: 'email',
        spellcheck: false,
        maxlength: LIMITS.email,
      })}
      ${radios({
        name: 'contactBy',
        legend: 'How should we send them updates?',
        legendSize: 's',
        hint: 'Their reference, and when a volunteer says yes. Texts need a mobile number.',
        error: errorFor('contactBy'),
        value: value('contactBy'),
        items: CONTACT_BY_CHOICES.map((choice) => ({ value: choice, text: CONTACT_BY_LABELS[choice] })),
      })}
      ${textInput({
        name: 'addressLine1',
        label: 'Address line 1',
        error: errorFor('addressLine1'),
        value: value('addressLine1'),
        maxlength: LIMITS.addressLine,
      })}
      ${textInput({
        name: 'addressLine2',
        label: 'Address line 2 (optional)',
        error: errorFor('addressLine2'),
        value: value('addressLine2'),
        maxlength: LIMITS.addressLine,
      })}
      ${textInput({
        name: 'town',
        label: 'Town or city (optional)',
        error: errorFor('town'),
        value: value('town'),
        maxlength: LIMITS.town,
      })}
      ${textInput({
        name: 'postcode',
        label: 'Postcode',
        error: errorFor('postcode'),
        value: value('postcode'),
        width: 10,
        maxlength: LIMITS.postcode,
      })}
      ${radios({
        name: 'helpType',
        legend: 'What kind of help is needed?',
        legendSize: 's',
        error: errorFor('helpType'),
        value: value('helpType'),
        items: HELP_TYPES.map((helpType) => ({ value: helpType, text: HELP_TYPE_LABELS[helpType] })),
      })}
      ${radios({
        name: 'frequency',
        legend: 'How often is this help needed?',
        legendSize: 's',
        hint: 'For regular help, the same volunteer may help every time. It can be stopped at any time.',
        error: errorFor('frequency'),
        value: value('frequency') || 'once',
        items: FREQUENCIES.map((frequency) => ({ value: frequency, text: FREQUENCY_LABELS[frequency] })),
      })}
      ${textarea({
        name: 'details',
        label: 'About the help needed',
        hint: 'Volunteers see this before they say yes: no names, addresses or phone numbers here.',
        error: errorFor('details'),
        value: value('details'),
        maxlength: LIMITS.details,
        rows: 4,
      })}
      ${dateInput({
        name: 'neededBy',
        legend: 'Needed by',
        legendSize: 's',
        hint: `For example, ${formatDateNumeric(addDays(input.today, 7))}`,
        error: errorFor('neededBy'),
        value: splitDateParts(values),
      })}
      <div class="nhsuk-form-group${errorFor('language') ? ' nhsuk-form-group--error' : ''}">
        <label class="nhsuk-label" for="language">Language they prefer</label>
        <select class="nhsuk-select" id="language" name="language">
          ${LANGUAGES.map(
            (language) =>
              html`<option value="${language}" ${value('language') === language && html`selected`}>
                ${englishName(language)}
              </option>`,
          )}
        </select>
      </div>
      ${checkboxes({
        name: 'consent',
        legend: 'Sharing their details',
        legendSize: 's',
        error: errorFor('consent'),
        value: value('consent'),
        items: [
          {
            value: 'yes',
            text: 'They agreed that their details can be shared with the volunteer who takes this request',
          },
        ],
      })}
      ${button({ text: 'Send to volunteers' })}
    </form>`;
  return adminLayout({
    title: 'Enter a request taken by phone',
    contact: input.contact,
    content,
    section: 'new-request',
    signedIn: true,
    hasErrors: errors.length > 0,
  });
}
