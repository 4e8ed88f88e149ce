/**
 * Dates as people in the UK read them, shared by pages and emails so both say the same thing.
 * Request dates are calendar days (YYYY-MM-DD); reading them at midday UTC keeps the day the same
 * in Europe/London whatever the offset.
 */

// Built on first use: the first formatter loads ICU's time-zone data (several ms), which a function
// that never shows a date should not pay for at its cold start.
let long: Intl.DateTimeFormat | undefined;
const LONG = () =>
  (long ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }));

let short: Intl.DateTimeFormat | undefined;
const SHORT = () =>
  (short ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'Europe/London',
  }));

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: string): Date | undefined {
  const date = new Date(ISO_DATE.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// ICU puts a comma after the weekday in en-GB ("Thursday, 26 November 2026"); NHS style has none.
function withoutCommas(format: Intl.DateTimeFormat, date: Date): string {
  return format
    .formatToParts(date)
    .filter((part) => part.type !== 'literal')
    .map((part) => part.value)
    .join(' ');
}

/** "Thursday 26 November 2026". Anything that is not a date is shown as given rather than lost. */
export function formatDateLong(value: string): string {
  const date = toDate(value);
  return date ? withoutCommas(LONG(), date) : value;
}

/** "Thu 26 Nov", for email subjects read on a phone. */
export function formatDateShort(value: string): string {
  const date = toDate(value);
  return date ? withoutCommas(SHORT(), date) : value;
}

/** "27 3 2027": the form's own way of writing a date, for hints. */
export function formatDateNumeric(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map((part) => Number(part));
  return `${day} ${month} ${year}`;
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const longIn = new Map<string, Intl.DateTimeFormat>();

/**
 * A long date in a page's language: "Thursday 26 November 2026" in English, as its own language writes
 * it otherwise (the same words the requester's emails use).
 */
export function formatDateLongIn(language: string, value: string): string {
  if (language === 'en') return formatDateLong(value);
  const date = toDate(value);
  if (!date) return value;
  let format = longIn.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    });
    longIn.set(language, format);
  }
  return format.format(date);
}
