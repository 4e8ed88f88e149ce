import * as z from 'zod/mini';
import {
  AVAILABILITY_SLOTS,
  DAY_PARTS,
  MAX_WEEKLY_LIMIT,
  normaliseAvailability,
  WEEKDAYS,
  type AvailabilitySlot,
} from '../vocabulary/availability.js';
import { LANGUAGES, DEFAULT_LANGUAGE, type Language } from '../vocabulary/language.js';
import { normalisePostcode, splitAreas } from '../vocabulary/postcode.js';
import { parseVolunteer, type VolunteerInput, type VolunteerProblem } from './volunteer.js';

/**
 * "Join the team": what a person offers when they apply. The volunteer's own fields go through the
 * volunteer schema (the dashboard form and the roster import use the same rules); the rest (home
 * postcode, when they can help, a weekly limit, consent) are checked here.
 */
export const APPLICANT_FIELDS = [
  'name',
  'email',
  'phone',
  'contactBy',
  'postcode',
  'areas',
  'helpTypes',
  'availability',
  'weeklyLimit',
  'dbsChecked',
  'dbsCheckedOn',
  'consent',
] as const;

export type ApplicantField = (typeof APPLICANT_FIELDS)[number];

export type ApplicantProblem =
  VolunteerProblem | 'not-postcode' | 'not-slot' | 'not-limit' | 'no-consent' | 'too-long';

export interface ApplicantIssue {
  field: ApplicantField;
  problem: ApplicantProblem;
}

export interface ApplicantInput extends VolunteerInput {
  postcode: string;
  availability: AvailabilitySlot[];
  weeklyLimit?: number;
  language: Language;
  idempotencyKey?: string;
  /** The honeypot: a person never sees it; a bot that fills it is answered as if it had applied. */
  website?: string;
}

/** The form as posted: checkboxes repeat their field, so they arrive as lists. */
export interface ApplicantForm {
  fields: Record<string, string | undefined>;
  helpTypes: readonly string[];
  availability: readonly string[];
}

const IDEMPOTENCY_KEY_MAX = 100;

/**
 * The weekly pattern of day-part checkboxes: at least one, each a known slot. Shared with the
 * volunteer's own details page, so both forms hold the same rule.
 */
export const availabilityRule = z.pipe(
  z.array(z.string()),
  z.transform((items, ctx) => {
    const slots = items.filter((item): item is AvailabilitySlot =>
      (AVAILABILITY_SLOTS as readonly string[]).includes(item),
    );
    if (slots.length === 0 || slots.length !== items.length) {
      ctx.issues.push({ code: 'custom', input: items, message: 'not-slot' });
      return z.NEVER;
    }
    return normaliseAvailability(slots);
  }),
);

/** "At most N jobs a week": blank for no limit, otherwise 1 to MAX_WEEKLY_LIMIT. Shared as above. */
export const weeklyLimitRule = z.pipe(
  z.optional(z.string()),
  z.transform((value, ctx) => {
    const typed = (value ?? '').trim();
    if (typed === '') return undefined;
    const limit = /^\d{1,2}$/.test(typed) ? Number(typed) : NaN;
    if (limit >= 1 && limit <= MAX_WEEKLY_LIMIT) return limit;
    ctx.issues.push({ code: 'custom', input: value, message: 'not-limit' });
    return z.NEVER;
  }),
);

const extras = z.object({
  postcode: z.pipe(
    z.optional(z.string()),
    z.transform((value, ctx) => {
      const postcode = normalisePostcode(value ?? '');
      if (postcode) return postcode;
      ctx.issues.push({ code: 'custom', input: value, message: 'not-postcode' });
      return z.NEVER;
    }),
  ),
  availability: availabilityRule,
  weeklyLimit: weeklyLimitRule,
  consent: z.literal('yes', 'no-consent'),
  idempotencyKey: z.optional(z.string().check(z.maxLength(IDEMPOTENCY_KEY_MAX, 'too-long'))),
  website: z.optional(z.string()),
  language: z.catch(z._default(z.enum(LANGUAGES), DEFAULT_LANGUAGE), DEFAULT_LANGUAGE),
});

/** The day boxes of the form: one group of checkboxes per day, named availability-mon and so on. */
export function availabilityFromDayGroups(fields: URLSearchParams): string[] {
  return WEEKDAYS.flatMap((day) =>
    fields
      .getAll(`availability-${day}`)
      .map((part) => ((DAY_PARTS as readonly string[]).includes(part) ? `${day}-${part}` : part)),
  );
}

export type ApplicantParse = { ok: true; value: ApplicantInput } | { ok: false; issues: ApplicantIssue[] };

const isApplicantField = (value: unknown): value is ApplicantField =>
  typeof value === 'string' && (APPLICANT_FIELDS as readonly string[]).includes(value);

/**
 * Checks and normalises an application; every problem is found in one pass, in the form's order, one
 * per field (the first is the one to fix first).
 */
export function parseApplicant(form: ApplicantForm, today: string): ApplicantParse {
  const { fields } = form;
  // The date boxes only count with "Yes": a date left behind after choosing "No" is not a check.
  const dbsCheckedOn = fields.dbsChecked === 'yes' ? fields.dbsCheckedOn : undefined;
  const volunteer = parseVolunteer(
    {
      name: fields.name ?? '',
      email: fields.email ?? '',
      phone: fields.phone ?? '',
      areas: splitAreas(fields.areas ?? ''),
      helpTypes: [...form.helpTypes],
      // Unanswered is not "no" here: a person is asked to say.
      dbsChecked: fields.dbsChecked === undefined ? 'unanswered' : fields.dbsChecked,
      ...(dbsCheckedOn ? { dbsCheckedOn } : {}),
      contactBy: fields.contactBy ?? '',
    },
    today,
  );
  const rest = extras.safeParse({
    postcode: fields.postcode,
    availability: [...form.availability],
    weeklyLimit: fields.weeklyLimit,
    consent: fields.consent,
    idempotencyKey: fields.idempotencyKey || undefined,
    website: fields.website,
    language: fields.language,
  });
  const issues: ApplicantIssue[] = [];
  if (!volunteer.ok) {
    for (const issue of volunteer.issues) {
      // A wish for texts without a mobile is fixed in the phone box.
      const field = issue.problem === 'mobile-needed' ? 'phone' : issue.field;
      if (isApplicantField(field)) issues.push({ field, problem: issue.problem });
    }
  }
  if (!rest.success) {
    for (const issue of rest.error.issues) {
      const field = issue.path[0];
      if (isApplicantField(field))
        issues.push({ field, problem: (issue.message || 'not-text') as ApplicantProblem });
    }
  }
  if (issues.length > 0 || !volunteer.ok || !rest.success) {
    const first = new Map<ApplicantField, ApplicantIssue>();
    for (const issue of issues) if (!first.has(issue.field)) first.set(issue.field, issue);
    return { ok: false, issues: APPLICANT_FIELDS.flatMap((field) => first.get(field) ?? []) };
  }
  const { weeklyLimit, idempotencyKey, website, postcode, availability, language } = rest.data;
  return {
    ok: true,
    value: {
      ...volunteer.value,
      postcode,
      availability,
      language,
      ...(weeklyLimit !== undefined ? { weeklyLimit } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(website ? { website } : {}),
    },
  };
}
