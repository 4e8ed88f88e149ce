/** The day of the month of a month's last Sunday (month from 0). */
function lastSunday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return lastDay.getUTCDate() - lastDay.getUTCDay();
}

/**
 * London's offset from UTC in hours: British Summer Time runs from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October (the Summer Time Order 2002; tested against
 * Intl's Europe/London for every hour from 1996 to 2040). Worked out here rather than with an
 * Intl.DateTimeFormat: the first one a process builds loads ICU's time-zone data, about 7 ms of every
 * function's cold start (`npm run bench`, section 2), and nearly every invocation asks for today.
 */
export function londonOffsetHours(at: Date): 0 | 1 {
  const year = at.getUTCFullYear();
  const t = at.getTime();
  const start = Date.UTC(year, 2, lastSunday(year, 2), 1);
  const end = Date.UTC(year, 9, lastSunday(year, 9), 1);
  return t >= start && t < end ? 1 : 0;
}

/** The scheme runs in England: "today" and "needed by" are London dates, whatever the server's zone. */
export function londonDate(at: Date): string {
  return new Date(at.getTime() + londonOffsetHours(at) * 3_600_000).toISOString().slice(0, 10);
}

/**
 * 'today' when `at` falls on the same London day as `from`, 'tomorrow' on the next, else undefined:
 * how a deadline reads to someone looking at the message it was written in.
 */
export function londonDayFrom(at: Date, from: Date): 'today' | 'tomorrow' | undefined {
  if (Number.isNaN(at.getTime()) || Number.isNaN(from.getTime())) return undefined;
  const day = londonDate(at);
  const today = londonDate(from);
  if (day === today) return 'today';
  return day === addDaysToDate(today, 1) ? 'tomorrow' : undefined;
}

export function addDaysToDate(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

export const DAY_SECONDS = 86_400;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD form (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
