import { LIMITS, type FieldError } from '../schema/request.js';
import type { Language } from './i18n.js';
import { REQUEST_WORDS, type RequestKey } from './request-i18n.js';

/**
 * The schema speaks English (its messages are also the JSON API's), so the form translates them
 * here: each message the schema can produce, word for word, names a message key and its values.
 * The English page text may be plainer than the API's (it comes from locales/request/en.json); a message
 * not listed here is shown as the schema wrote it. A unit test feeds the schema bad input of every
 * kind and checks that each message it produces is listed.
 */
type Entry = readonly [schemaText: string, key: RequestKey, params?: Record<string, string | number>];

const PHONE_EXAMPLES = { example1: '01632 960 001', example2: '07700 900 982' };

const tooLong = (label: string, key: RequestKey, max: number): Entry => [
  `${label} must be ${max} characters or fewer`,
  key,
  { max },
];

const ENTRIES: readonly Entry[] = [
  ['Enter the name of the person who needs help', 'validation.name.required'],
  tooLong('Name', 'validation.name.tooLong', LIMITS.name),
  tooLong('Name in English letters', 'validation.nameInEnglishLetters.tooLong', LIMITS.name),
  ['Write the name in English letters, like Fatima Hassan', 'validation.nameInEnglishLetters.format'],
  ['Select yes if you are asking for someone else', 'validation.onBehalf.required'],
  ['Enter your name', 'validation.requesterName.required'],
  tooLong('Your name', 'validation.requesterName.tooLong', LIMITS.name),
  [
    'Enter how you know the person who needs help, like daughter or neighbour',
    'validation.relationship.required',
  ],
  tooLong('Relationship', 'validation.relationship.tooLong', LIMITS.relationship),
  [
    'Enter a phone number or an email address so the volunteer can contact you',
    'validation.contact.required',
  ],
  tooLong('Phone number', 'validation.phone.tooLong', LIMITS.phone),
  [
    `Enter a UK phone number, like ${PHONE_EXAMPLES.example1} or ${PHONE_EXAMPLES.example2}`,
    'validation.phone.format',
    PHONE_EXAMPLES,
  ],
  tooLong('Email address', 'validation.email.tooLong', LIMITS.email),
  ['Enter an email address in the correct format, like name@example.com', 'validation.email.format'],
  ['Select how we should contact you: text, email or both', 'validation.contactBy.required'],
  [
    `Enter a UK mobile number so we can text you, like ${PHONE_EXAMPLES.example2}`,
    'validation.phone.mobile',
    { example: PHONE_EXAMPLES.example2 },
  ],
  ['Enter an email address so we can email you', 'validation.email.forEmails'],
  ['Enter the first line of the address', 'validation.addressLine1.required'],
  tooLong('Address line 1', 'validation.addressLine1.tooLong', LIMITS.addressLine),
  tooLong('Address line 2', 'validation.addressLine2.tooLong', LIMITS.addressLine),
  tooLong('Town', 'validation.town.tooLong', LIMITS.town),
  ['Enter a postcode', 'validation.postcode.required'],
  ['Enter a real postcode, like GL50 1AB', 'validation.postcode.format'],
  ['Select the kind of help needed', 'validation.helpType.required'],
  ['Select how often help is needed', 'validation.frequency.required'],
  ['Tell us what help is needed', 'validation.details.required'],
  tooLong('Details', 'validation.details.tooLong', LIMITS.details),
  ['Enter the date help is needed by', 'validation.neededBy.required'],
  [
    'Date help is needed by must be a real date, like 27 3 2027',
    'validation.neededBy.real',
    { example: '27 3 2027' },
  ],
  ['Date help is needed by must be today or in the future', 'validation.neededBy.past'],
  [
    `Date help is needed by must be within the next ${LIMITS.maxDaysAhead} days`,
    'validation.neededBy.tooFar',
    { days: LIMITS.maxDaysAhead },
  ],
  [
    'Select yes to agree that we can share these details with the volunteer who helps',
    'validation.consent.required',
  ],
];

const BY_SCHEMA_TEXT = new Map(ENTRIES.map(([text, key, params]) => [text, { key, params }]));

/** The schema messages this module knows, for the test. */
export const KNOWN_SCHEMA_MESSAGES: readonly string[] = ENTRIES.map(([text]) => text);

export function translateFieldError(language: Language, error: FieldError): FieldError {
  const entry = BY_SCHEMA_TEXT.get(error.message);
  return entry ? { field: error.field, message: REQUEST_WORDS.t(language, entry.key, entry.params) } : error;
}
