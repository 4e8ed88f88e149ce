import { westernDigits } from './i18n.js';

export { combineDateParts, DATE_PART_SUFFIXES } from '../schema/date-parts.js';

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
