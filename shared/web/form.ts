import type { FieldError, RequestField } from '../schema/request.js';
import { westernDigits } from './i18n.js';

export { combineDateParts, DATE_PART_SUFFIXES } from '../schema/date-parts.js';
/**
 * A help request's fields in page order, for the public form and the phone-entry form alike (only the
 * latter shows the language choice, and only forms in a language not written in English letters show
 * `nameInEnglishLetters`), so each error summary lists problems in the order people meet them.
 */
export const REQUEST_FORM_FIELDS = [
  'name',
  'nameInEnglishLetters',
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
