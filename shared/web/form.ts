import type { FieldError, RequestField } from '../schema/request.js';
import { westernDigits } from './i18n.js';

/**
 * A help request's fields in page order, for the public form and the phone-entry form alike (only the
 * latter shows the language choice), so each error summary lists problems in the order people meet them.
 */
export const REQUEST_FORM_FIELDS = [
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
  'language',
  'consent',
] as const satisfies readonly RequestField[];

/** The element a request form's error links to: the first input of a group, the day box of the date. */
export function requestErrorTarget(field: string): string | undefined {
  if (field === 'neededBy') return '#neededBy-day';
  return (REQUEST_FORM_FIELDS as readonly string[]).includes(field) ? `#${field}` : undefined;
}

/** In page order; errors not tied to a visible field (e.g. "form") go first: they explain the rest. */
export function orderedRequestErrors<E extends FieldError>(errors: readonly E[]): E[] {
  const rank = (field: string) => (REQUEST_FORM_FIELDS as readonly string[]).indexOf(field);
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}

/** The date input posts three boxes; the schema wants one YYYY-MM-DD field. */
export const DATE_PART_SUFFIXES = ['day', 'month', 'year'] as const;

const DIGITS = /^\d+$/;

/**
 * Turns `neededBy-day`, `neededBy-month` and `neededBy-year` into `neededBy` (YYYY-MM-DD, zero-padded)
 * and drops the three part keys. All empty means no date (the schema then asks for one). Anything
 * not numeric is passed on as the raw parts joined with '-', which can never look like a real date,
 * so the schema's own message explains the problem.
 *
 * A form that sends none of the part keys (a JSON client sending `neededBy` itself) is left alone.
 */
export function combineDateParts(
  form: Record<string, string | undefined>,
  field = 'neededBy',
): Record<string, string | undefined> {
  const keys = DATE_PART_SUFFIXES.map((suffix) => `${field}-${suffix}`);
  if (!keys.some((key) => key in form)) return { ...form };

  const rest: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(form)) {
    if (!keys.includes(key)) rest[key] = value;
  }

  const [day, month, year] = keys.map((key) => (form[key] ?? '').trim()) as [string, string, string];
  if (day === '' && month === '' && year === '') {
    rest[field] = undefined;
  } else if (DIGITS.test(day) && DIGITS.test(month) && DIGITS.test(year)) {
    const pad = (digits: string, width: number) => String(Number(digits)).padStart(width, '0');
    rest[field] = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  } else {
    rest[field] = `${year}-${month}-${day}`;
  }
  return rest;
}

/**
 * The reverse, for re-filling the three boxes: prefers what the person typed, falling back to a
 * combined YYYY-MM-DD value (for example one re-rendered from a stored draft).
 */
export function splitDateParts(
  values: Record<string, string | undefined>,
  field = 'neededBy',
): { day: string; month: string; year: string } {
  const typed = {
    day: values[`${field}-day`],
    month: values[`${field}-month`],
    year: values[`${field}-year`],
  };
  if (typed.day !== undefined || typed.month !== undefined || typed.year !== undefined) {
    return { day: typed.day ?? '', month: typed.month ?? '', year: typed.year ?? '' };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values[field] ?? '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}

/**
 * Arabic and Persian keyboards type ٠-٩ / ۰-۹. The schema, the volunteers and the phone all need
 * 0-9, so every posted value has its digits made Western before validation: "٠٧٧٠٠" is a phone
 * number, "١٢" a house number a volunteer can read.
 */
export function normaliseDigits(
  form: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(form).map(([key, value]) => [key, value === undefined ? value : westernDigits(value)]),
  );
}
