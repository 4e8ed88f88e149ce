import * as z from 'zod/mini';
import { isCalendarDate } from '../vocabulary/time.js';
import { HELP_TYPES, isHelpType, type HelpType } from '../vocabulary/help-types.js';
import { isContactBy, type ContactBy } from '../vocabulary/choices.js';
import { normaliseArea } from '../vocabulary/postcode.js';
import {
  compactPhone,
  isEmail,
  isVolunteerArea,
  normaliseText,
  textProblem,
  UK_MOBILE,
  UK_PHONE,
  type TextProblem,
} from './fields.js';

/**
 * The one set of rules for a volunteer, whoever enters them: the dashboard form and the roster import
 * both parse through `parseVolunteer`, and only say it in their own words (a person at a form; a line of
 * a spreadsheet). The fields, in the roster's column order.
 */
export const VOLUNTEER_FIELDS = [
  'name',
  'email',
  'phone',
  'areas',
  'helpTypes',
  'dbsChecked',
  'dbsCheckedOn',
  'contactBy',
] as const;

export type VolunteerField = (typeof VOLUNTEER_FIELDS)[number];

export const VOLUNTEER_LIMITS = { name: 100, email: 254 } as const;

/** What a value got wrong, so each front end can say it in its own words. */
export type VolunteerProblem =
  | 'missing'
  | 'not-text'
  | 'too-long'
  | TextProblem
  | 'not-email'
  | 'not-phone'
  | 'not-area'
  | 'not-help-type'
  | 'not-yes-no'
  | 'not-date'
  | 'future-date'
  | 'date-without-check'
  | 'not-contact-by'
  | 'mobile-needed'
  | 'unknown-field';

export interface VolunteerIssue {
  /** The field the problem is about; 'form' for a field the schema does not know. */
  field: VolunteerField | 'form';
  problem: VolunteerProblem;
  /** The value (or list item) as it was given, for messages that quote it. */
  given?: string;
  /** For 'too-long': the length in characters. */
  length?: number;
}

/** A volunteer as the schema returns it: normalised, checked, ready to store. */
export interface VolunteerInput {
  name: string;
  /** Lower-cased: the key that matches a roster row to an existing volunteer. */
  email: string;
  /** Digits with 0 or +44 in front, no spaces. */
  phone?: string;
  /** Districts or sectors, upper-cased with one space, each once, in the order given. */
  areas: string[];
  /** Each once, in the form's order. */
  helpTypes: HelpType[];
  dbsChecked: boolean;
  /** YYYY-MM-DD: when the DBS check was done (only with dbsChecked). */
  dbsCheckedOn?: string;
  /** As given; absent when not given (email). */
  contactBy?: ContactBy;
}

/** Words a spreadsheet (or the form's radios) uses for yes and no; empty is no. */
const YES_WORDS = new Set(['yes', 'y', 'true', '1']);
const NO_WORDS = new Set(['no', 'n', 'false', '0', '']);
/** How people write "text" in a spreadsheet. */
const TEXT_WORDS = new Set(['sms', 'texts', 'text message']);

type Ctx = z.core.ParsePayload<unknown>;

function report(ctx: Ctx, problem: VolunteerProblem, given?: string, extra: { length?: number } = {}) {
  ctx.issues.push({
    code: 'custom',
    input: given,
    message: problem,
    params: { problem, given, ...extra },
  });
}

/** Text in, normalised text out, the problem reported by `check` (which returns the value or z.NEVER). */
const text = <T>(check: (value: string, ctx: Ctx) => T) =>
  z.pipe(
    z.optional(z.string('not-text')),
    z.transform((value: string | undefined, ctx) => check(normaliseText(value ?? ''), ctx as Ctx)),
  );

const list = <T>(check: (items: string[], ctx: Ctx) => T) =>
  z.pipe(
    z.optional(z.array(z.string('not-text'), 'not-text')),
    z.transform((items: string[] | undefined, ctx) =>
      check(
        (items ?? []).map((item) => normaliseText(item)).filter((item) => item !== ''),
        ctx as Ctx,
      ),
    ),
  );

/** A name: no hidden or direction-changing characters, something visible, one line (spaces collapsed). */
const name = text((value, ctx) => {
  // A spreadsheet cell may carry a line break or a tab: judged as spaces, stored as one line.
  const problem = textProblem(value, { multiline: true });
  const oneLine = value.replace(/\s+/g, ' ');
  const length = [...oneLine].length;
  if (value === '') report(ctx, 'missing');
  else if (problem) report(ctx, problem, value);
  else if (length > VOLUNTEER_LIMITS.name) report(ctx, 'too-long', value, { length });
  else return oneLine;
  return z.NEVER;
});

/** The address as a volunteer is found by (lower-cased), or undefined when it is not a valid one. */
export function emailKeyOf(value: string): string | undefined {
  const lower = normaliseText(value).toLowerCase();
  return isEmail(lower) ? lower : undefined;
}

const email = text((value, ctx) => {
  const key = emailKeyOf(value);
  if (value === '') report(ctx, 'missing');
  else if (key === undefined) report(ctx, 'not-email', value);
  else return key;
  return z.NEVER;
});

const phone = text((value, ctx) => {
  const digits = compactPhone(value);
  if (digits === '') return undefined;
  if (UK_PHONE.test(digits)) return digits;
  report(ctx, 'not-phone', value);
  return z.NEVER;
});

const areas = list((items, ctx) => {
  if (items.length === 0) report(ctx, 'missing');
  const valid: string[] = [];
  for (const item of items) {
    const area = normaliseArea(item);
    if (!isVolunteerArea(area)) report(ctx, 'not-area', item);
    else if (!valid.includes(area)) valid.push(area);
  }
  return ctx.issues.length > 0 ? z.NEVER : valid;
});

const helpTypes = list((items, ctx) => {
  if (items.length === 0) report(ctx, 'missing');
  const chosen = new Set<HelpType>();
  for (const item of items) {
    const id = item.toLowerCase();
    if (isHelpType(id)) chosen.add(id);
    else report(ctx, 'not-help-type', item);
  }
  return ctx.issues.length > 0 ? z.NEVER : HELP_TYPES.filter((t) => chosen.has(t));
});

const dbsChecked = text((value, ctx) => {
  const word = value.toLowerCase();
  if (YES_WORDS.has(word)) return true;
  if (NO_WORDS.has(word)) return false;
  report(ctx, 'not-yes-no', value);
  return z.NEVER;
});

/** 2024-03-15 or, as UK spreadsheets show it, 15/03/2024. */
function isoDateOf(value: string): string {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return uk ? `${uk[3]}-${uk[2]?.padStart(2, '0')}-${uk[1]?.padStart(2, '0')}` : value;
}

const dbsCheckedOn = (today: string | undefined) =>
  text((value, ctx) => {
    if (value === '') return undefined;
    const date = isoDateOf(value);
    if (!isCalendarDate(date)) report(ctx, 'not-date', value);
    else if (today !== undefined && date > today) report(ctx, 'future-date', value);
    else return date;
    return z.NEVER;
  });

const contactBy = text((value, ctx) => {
  const word = value.toLowerCase();
  if (word === '') return undefined;
  if (TEXT_WORDS.has(word)) return 'text' as const;
  if (isContactBy(word)) return word;
  report(ctx, 'not-contact-by', value);
  return z.NEVER;
});

/** `today` (a London date, YYYY-MM-DD) refuses a DBS check dated in the future. */
export function volunteerSchema(today?: string) {
  const shape = {
    name,
    email,
    phone,
    areas,
    helpTypes,
    dbsChecked,
    dbsCheckedOn: dbsCheckedOn(today),
    contactBy,
  } satisfies Record<VolunteerField, z.ZodMiniType>;
  return z.strictObject(shape, 'not-text').check(
    // Runs even when a field has failed, so every problem is found in one pass.
    z.superRefine(
      (value, ctx) => {
        if (typeof value.dbsCheckedOn === 'string' && value.dbsChecked === false)
          ctx.issues.push({
            code: 'custom',
            input: value.dbsCheckedOn,
            path: ['dbsCheckedOn'],
            message: 'date-without-check',
            params: { problem: 'date-without-check' },
          });
        const wantsTexts = value.contactBy === 'text' || value.contactBy === 'both';
        if (wantsTexts && !(typeof value.phone === 'string' && UK_MOBILE.test(value.phone)))
          ctx.issues.push({
            code: 'custom',
            input: value.contactBy,
            path: ['contactBy'],
            message: 'mobile-needed',
            params: { problem: 'mobile-needed', given: value.contactBy },
          });
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  );
}

export type VolunteerParse = { ok: true; value: VolunteerInput } | { ok: false; issues: VolunteerIssue[] };

const isField = (key: unknown): key is VolunteerField =>
  typeof key === 'string' && (VOLUNTEER_FIELDS as readonly string[]).includes(key);

/** Every problem, in field order (the roster's columns); a field may have several (one per bad item). */
function issuesOf(error: z.core.$ZodError): VolunteerIssue[] {
  const issues: VolunteerIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ field: 'form', problem: 'unknown-field', given: key });
      continue;
    }
    const field = issue.path[0];
    const params = (issue.code === 'custom' ? issue.params : undefined) as
      { problem: VolunteerProblem; given?: string; length?: number } | undefined;
    issues.push({
      field: isField(field) ? field : 'form',
      problem: params?.problem ?? 'not-text',
      ...(params?.given !== undefined ? { given: params.given } : {}),
      ...(params?.length !== undefined ? { length: params.length } : {}),
    });
  }
  const order = (field: VolunteerField | 'form') => (field === 'form' ? -1 : VOLUNTEER_FIELDS.indexOf(field));
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => order(a.issue.field) - order(b.issue.field) || a.index - b.index)
    .map(({ issue }) => issue);
}

/**
 * Checks and normalises one volunteer. Input: each field as text (areas and help types as lists of
 * items), as the form or the spreadsheet gave it; unknown fields are refused whatever their name.
 */
export function parseVolunteer(input: unknown, today?: string): VolunteerParse {
  const result = volunteerSchema(today).safeParse(input);
  if (!result.success) return { ok: false, issues: issuesOf(result.error) };
  const { phone: number, dbsCheckedOn: checkedOn, contactBy: by, ...rest } = result.data;
  return {
    ok: true,
    value: {
      ...rest,
      ...(number ? { phone: number } : {}),
      ...(checkedOn ? { dbsCheckedOn: checkedOn } : {}),
      ...(by ? { contactBy: by } : {}),
    },
  };
}
