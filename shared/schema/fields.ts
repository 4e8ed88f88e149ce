import * as z from 'zod/mini';

/**
 * Field rules shared by every schema that takes text from outside: the public form, the phone-entry
 * form, the volunteer forms and the roster import. Each pattern is written once, here.
 */

/** Digits with an optional leading +44; a UK number has 10 or 11 digits once spaces are gone. */
export const UK_PHONE = /^(?:\+44|0)\d{9,10}$/;

/** A UK mobile, the only kind of number a text reaches. */
export const UK_MOBILE = /^(?:\+44|0)7\d{9}$/;

/** A postcode district, such as SP8 or BA12. */
export const DISTRICT = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** A postcode sector: a district, one space and the inward code's digit, such as SP8 4 or BA12 6. */
export const SECTOR = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]$/;

/** A phone number as typed (07700 900 982, (01632) 960-001), in the digits-only form the rules judge. */
export function compactPhone(value: string): string {
  return value.replace(/[\s()-]/g, '');
}

/**
 * An area a volunteer (or the scheme) covers, upper-cased with one space: a postcode district (SP8) or
 * sector (SP8 4). The volunteer form, the roster import, the roster filter and the settings all ask
 * this one question.
 */
export function isVolunteerArea(value: string): boolean {
  return DISTRICT.test(value) || SECTOR.test(value);
}

/**
 * An address a mail server would accept: a dot-atom local part (no leading, trailing or doubled dot)
 * and a domain of letter-digit-hyphen labels that neither start nor end with a hyphen.
 */
export const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

// C0 and C1 control characters and DEL; tab, line feed and carriage return are judged separately.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_BREAK_OR_TAB = /[\t\n\r]/u;
/** Embeddings, overrides and isolates reorder what a reader sees (the "Trojan Source" trick). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** Characters that take no ink: spaces, format characters and the blank letters some scripts have. */
const INVISIBLE = /[\p{Z}\p{Cf}\s\u115F\u1160\u2800\u3164\uFFA0]/gu;

export const TEXT_PROBLEMS = ['control', 'bidi', 'line-break', 'invisible'] as const;
export type TextProblem = (typeof TEXT_PROBLEMS)[number];

export function isTextProblem(value: string): value is TextProblem {
  return (TEXT_PROBLEMS as readonly string[]).includes(value);
}

/**
 * Unicode NFC, trimmed, line ends as LF: what is stored, so the same words always compare equal and
 * a carriage return can never split a line in an email or a CSV.
 */
export function normaliseText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** Why a normalised value may not be stored, or undefined when it may. */
export function textProblem(value: string, options: { multiline?: boolean } = {}): TextProblem | undefined {
  if (CONTROL.test(value)) return 'control';
  if (BIDI_CONTROL.test(value)) return 'bidi';
  if (!options.multiline && LINE_BREAK_OR_TAB.test(value)) return 'line-break';
  if (value.length > 0 && value.replace(INVISIBLE, '').length === 0) return 'invisible';
  return undefined;
}

const PROBLEM_MESSAGES: Record<TextProblem, (label: string) => string> = {
  control: (label) => `${label} must not contain hidden control characters`,
  bidi: (label) => `${label} must not contain characters that change the direction of text`,
  'line-break': (label) => `${label} must be on one line`,
  invisible: (label) => `${label} must contain letters or numbers`,
};

export function textProblemMessage(problem: TextProblem, label: string): string {
  return PROBLEM_MESSAGES[problem](label);
}

/** A zod check that refuses control, direction-changing and (for one-line fields) line-break characters. */
export function cleanText(label: string, options: { multiline?: boolean } = {}) {
  return z.superRefine((value: string | undefined, ctx) => {
    if (value === undefined) return;
    const problem = textProblem(value, options);
    if (problem)
      ctx.issues.push({ code: 'custom', input: value, message: textProblemMessage(problem, label) });
  });
}

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
