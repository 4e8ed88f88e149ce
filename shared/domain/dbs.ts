import type { Volunteer } from './model.js';

/**
 * DBS checks lapse: a scheme asks volunteers to renew every few years (`dbsValidForMonths`, 36 by
 * default). The check counts up to the day before its expiry date; on that date it no longer does.
 *
 * Volunteers stored before dates were recorded have `dbsChecked: true` and no `dbsCheckedOn`. They keep
 * counting as checked: dropping them from matching on deployment would leave people without help with
 * no warning. The digest counts them so the prescriber can add the dates.
 */

/** The date a check made on `checkedOn` stops counting; the 31st rolls back to the month's last day. */
export function dbsExpiresOn(checkedOn: string, validForMonths: number): string {
  const [year, month, day] = checkedOn.split('-').map(Number) as [number, number, number];
  const monthIndex = month - 1 + validForMonths;
  const lastDayOfTargetMonth = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, monthIndex, Math.min(day, lastDayOfTargetMonth))).toISOString().slice(0, 10);
}

export type DbsStatus =
  | { kind: 'none' }
  | { kind: 'undated' }
  | { kind: 'valid'; expiresOn: string }
  | { kind: 'expired'; expiresOn: string };

/** Where a volunteer's check stands on `today` (a London date, YYYY-MM-DD). */
export function dbsStatus(
  volunteer: Pick<Volunteer, 'dbsChecked' | 'dbsCheckedOn'>,
  today: string,
  validForMonths: number,
): DbsStatus {
  if (!volunteer.dbsChecked) return { kind: 'none' };
  if (!volunteer.dbsCheckedOn) return { kind: 'undated' };
  const expiresOn = dbsExpiresOn(volunteer.dbsCheckedOn, validForMonths);
  return expiresOn <= today ? { kind: 'expired', expiresOn } : { kind: 'valid', expiresOn };
}

/** What matching asks: may this volunteer be offered help that needs a DBS check today? */
export function hasCurrentDbsCheck(
  volunteer: Pick<Volunteer, 'dbsChecked' | 'dbsCheckedOn'>,
  today: string,
  validForMonths: number,
): boolean {
  const status = dbsStatus(volunteer, today, validForMonths).kind;
  return status === 'valid' || status === 'undated';
}
