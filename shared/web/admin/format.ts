/** Date-times as the prescriber reads them: London time, short, with the day. */
// Built on first use, not at import (the first formatter loads ICU's time-zone data).
let dateTime: Intl.DateTimeFormat | undefined;
const DATE_TIME = () =>
  (dateTime ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Europe/London',
  }));

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    DATE_TIME()
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday ?? ''} ${parts.day ?? ''} ${parts.month ?? ''}, ${parts.hour ?? ''}:${parts.minute ?? ''}`;
}

/** "3 hours", "2 days": how long something has waited. */
export function formatAge(fromIso: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(fromIso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const days = Math.round(hours / 24);
  return `${days} days`;
}
