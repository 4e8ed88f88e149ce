import * as z from 'zod/mini';
import { HELP_TYPES } from '../vocabulary/help-types.js';
import { CONTACT_BY, FREQUENCIES } from '../vocabulary/choices.js';
import { normalisePostcode } from '../vocabulary/postcode.js';
import { addDaysToDate } from '../vocabulary/time.js';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../vocabulary/language.js';
import { cleanText, compactPhone, isEmail, normaliseText, UK_MOBILE, UK_PHONE } from './fields.js';

/**
 * The one schema for a help request: the public form, the JSON API and the prescriber's
 * assisted entry all parse through it, and the form reads its limits from LIMITS.
 * Messages follow the NHS.UK style: say what to do to fix it.
 */
export const LIMITS = {
  name: 100,
  relationship: 60,
  phone: 20,
  email: 254,
  addressLine: 100,
  town: 60,
  postcode: 10,
  details: 500,
  idempotencyKey: 100,
  maxDaysAhead: 90,
} as const;

/** The field's name as its messages start, e.g. "Address line 1" from "Address line 1 must be …". */
const labelOf = (tooLongMessage: string) => tooLongMessage.split(' must ')[0] ?? 'This';

/** Text is stored normalised (NFC, trimmed) and refused if it hides control or direction characters. */
const trimmed = (
  max: number,
  requiredMessage: string,
  tooLongMessage: string,
  options: { multiline?: boolean } = {},
) =>
  z.pipe(
    z.string(requiredMessage),
    z.pipe(
      z.transform((value: string) => normaliseText(value)),
      z
        .string()
        .check(
          z.minLength(1, requiredMessage),
          z.maxLength(max, tooLongMessage),
          cleanText(labelOf(tooLongMessage), options),
        ),
    ),
  );

const optionalTrimmed = (max: number, tooLongMessage: string, options: { multiline?: boolean } = {}) =>
  z
    .pipe(
      z.optional(z.string(`${labelOf(tooLongMessage)} must be text`)),
      z.transform((value: string | undefined) => {
        const t = value === undefined ? undefined : normaliseText(value);
        return t ? t : undefined;
      }),
    )
    .check(
      z.refine((value) => value === undefined || value.length <= max, { message: tooLongMessage }),
      cleanText(labelOf(tooLongMessage), options),
    );

/**
 * Letters of the Latin script (accented too), spaces, hyphens, apostrophes and full stops: what a
 * volunteer who reads only English can say aloud on the doorstep.
 */
const IN_ENGLISH_LETTERS = /^[\p{Script=Latin}\p{M} .'’-]+$/u;

const nameInEnglishLetters = optionalTrimmed(
  LIMITS.name,
  `Name in English letters must be ${LIMITS.name} characters or fewer`,
).check(
  z.refine((value) => value === undefined || IN_ENGLISH_LETTERS.test(value), {
    message: 'Write the name in English letters, like Fatima Hassan',
  }),
);

const yesNo = (message: string) => z.enum(['yes', 'no'], message);

const phone = z
  .pipe(
    optionalTrimmed(LIMITS.phone, `Phone number must be ${LIMITS.phone} characters or fewer`),
    z.transform((value: string | undefined) => (value === undefined ? undefined : compactPhone(value))),
  )
  .check(
    z.refine((value) => value === undefined || UK_PHONE.test(value), {
      message: 'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
    }),
  );

const email = optionalTrimmed(
  LIMITS.email,
  `Email address must be ${LIMITS.email} characters or fewer`,
).check(
  z.refine((value) => value === undefined || isEmail(value), {
    message: 'Enter an email address in the correct format, like name@example.com',
  }),
);

const postcode = z.pipe(
  trimmed(LIMITS.postcode, 'Enter a postcode', 'Enter a real postcode, like GL50 1AB'),
  z.transform((value: string, ctx) => {
    const normalised = normalisePostcode(value);
    if (!normalised) {
      ctx.issues.push({ code: 'custom', input: value, message: 'Enter a real postcode, like GL50 1AB' });
      return z.NEVER;
    }
    return normalised;
  }),
);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * @param today the current date (YYYY-MM-DD, UK time) from the clock port, so "in the past" is testable.
 */
export function requestSchema(today: string) {
  const latest = addDaysToDate(today, LIMITS.maxDaysAhead);
  return z
    .strictObject({
      name: trimmed(
        LIMITS.name,
        'Enter the name of the person who needs help',
        `Name must be ${LIMITS.name} characters or fewer`,
      ),
      /**
       * Optional, offered by forms in languages not written in English letters: the same name as a
       * volunteer who does not read that script can say it. Personal data, kept and erased with the name.
       */
      nameInEnglishLetters,
      onBehalf: yesNo('Select yes if you are asking for someone else'),
      requesterName: optionalTrimmed(LIMITS.name, `Your name must be ${LIMITS.name} characters or fewer`),
      relationship: optionalTrimmed(
        LIMITS.relationship,
        `Relationship must be ${LIMITS.relationship} characters or fewer`,
      ),
      phone,
      email,
      /** How they want our messages. Left out (the API, an unanswered form): email if given, else texts to a mobile. */
      contactBy: z.optional(z.enum(CONTACT_BY, 'Select how we should contact you: text, email or both')),
      addressLine1: trimmed(
        LIMITS.addressLine,
        'Enter the first line of the address',
        `Address line 1 must be ${LIMITS.addressLine} characters or fewer`,
      ),
      addressLine2: optionalTrimmed(
        LIMITS.addressLine,
        `Address line 2 must be ${LIMITS.addressLine} characters or fewer`,
      ),
      town: optionalTrimmed(LIMITS.town, `Town must be ${LIMITS.town} characters or fewer`),
      postcode,
      helpType: z.enum(HELP_TYPES, 'Select the kind of help needed'),
      /** Ongoing help makes one request per occurrence, each matched or kept by one volunteer. */
      frequency: z._default(z.enum(FREQUENCIES, 'Select how often help is needed'), 'once'),
      details: optionalTrimmed(LIMITS.details, `Details must be ${LIMITS.details} characters or fewer`, {
        multiline: true,
      }),
      neededBy: z.string('Enter the date help is needed by').check(
        z.refine(isRealDate, { message: 'Date help is needed by must be a real date, like 27 3 2027' }),
        z.refine((value) => !isRealDate(value) || value >= today, {
          message: 'Date help is needed by must be today or in the future',
        }),
        z.refine((value) => !isRealDate(value) || value <= latest, {
          message: `Date help is needed by must be within the next ${LIMITS.maxDaysAhead} days`,
        }),
      ),
      consent: z.literal(
        'yes',
        'Select yes to agree that we can share these details with the volunteer who helps',
      ),
      idempotencyKey: optionalTrimmed(LIMITS.idempotencyKey, 'Idempotency key is too long'),
      /** Honeypot: hidden from people, filled by bots. Checked by the domain, not here, so bots get a quiet success. */
      website: z.optional(z.string()),
      /** The language the requester reads: pages and their emails use it, volunteers are told. */
      language: z._default(z.enum(LANGUAGES, 'Select a language from the list'), DEFAULT_LANGUAGE),
    })
    .check(
      z.superRefine(
        (value, ctx) => {
          if (value.phone === undefined && value.email === undefined) {
            ctx.issues.push({
              code: 'custom',
              input: value,
              path: ['phone'],
              message: 'Enter a phone number or an email address so the volunteer can contact you',
            });
          }
          // The channel chosen needs its detail: a mobile for texts, an address for emails.
          const wantsTexts = value.contactBy === 'text' || value.contactBy === 'both';
          const wantsEmails = value.contactBy === 'email' || value.contactBy === 'both';
          if (
            wantsTexts &&
            (value.phone === undefined || UK_PHONE.test(value.phone)) &&
            !UK_MOBILE.test(value.phone ?? '')
          ) {
            ctx.issues.push({
              code: 'custom',
              input: value,
              path: ['phone'],
              message: 'Enter a UK mobile number so we can text you, like 07700 900 982',
            });
          }
          if (wantsEmails && value.email === undefined) {
            ctx.issues.push({
              code: 'custom',
              input: value,
              path: ['email'],
              message: 'Enter an email address so we can email you',
            });
          }
          if (value.onBehalf === 'yes' && value.requesterName === undefined) {
            ctx.issues.push({
              code: 'custom',
              input: value,
              path: ['requesterName'],
              message: 'Enter your name',
            });
          }
          if (value.onBehalf === 'yes' && value.relationship === undefined) {
            ctx.issues.push({
              code: 'custom',
              input: value,
              path: ['relationship'],
              message: 'Enter how you know the person who needs help, like daughter or neighbour',
            });
          }
          if (value.helpType === 'other' && value.details === undefined) {
            ctx.issues.push({
              code: 'custom',
              input: value,
              path: ['details'],
              message: 'Tell us what help is needed',
            });
          }
        },
        { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
      ),
      // Runs even when other fields have failed, so the person sees every problem on the first submit.
    );
}

export type HelpRequestInput = z.output<ReturnType<typeof requestSchema>>;
export type RequestField = keyof HelpRequestInput;

export interface FieldError {
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Maps zod issues to one message per field, in form order, for the error summary and the 400 body. */
export function toFieldErrors(error: z.core.$ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    if (seen.has(field)) continue;
    seen.add(field);
    const message =
      field === 'form' && issue.code === 'invalid_type'
        ? 'Send the request as a form or as a JSON object'
        : issue.code === 'unrecognized_keys'
          ? `Unexpected field: ${issue.keys.join(', ').slice(0, 100)}`
          : issue.message;
    errors.push({ field: issue.code === 'unrecognized_keys' ? 'form' : field, message });
  }
  return errors;
}

/** The schema of the current day, built once rather than per request (building it cost more than parsing). */
let schemaOfDay: { today: string; schema: ReturnType<typeof requestSchema> } | undefined;

export function parseHelpRequest(input: unknown, today: string): ParseResult<HelpRequestInput> {
  if (schemaOfDay?.today !== today) schemaOfDay = { today, schema: requestSchema(today) };
  const result = schemaOfDay.schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: toFieldErrors(result.error) };
}
