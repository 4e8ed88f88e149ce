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
