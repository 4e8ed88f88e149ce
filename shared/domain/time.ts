/** The scheme runs in England: "today" and "needed by" are London dates, whatever the server's zone. */
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function londonDate(at: Date): string {
  return LONDON_DATE.format(at);
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
