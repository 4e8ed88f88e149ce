import { addDaysToDate, londonDate, londonOffsetHours } from '../vocabulary/time.js';
import {
  DAY_PART_HOURS,
  DAY_PARTS,
  type AvailabilitySlot,
  type Weekday,
} from '../vocabulary/availability.js';

/**
 * When a volunteer can usually help: a weekly pattern of days and parts of the day, in London time,
 * and how many jobs a week they are willing to take on. Matching asks only volunteers with a slot
 * between now and the need-by date, and stops asking once a volunteer's week is full.
 */
/** Date.getUTCDay() numbers Sunday 0; the week here starts on Monday. */
const BY_DAY_NUMBER: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function weekdayOf(isoDate: string): Weekday {
  return BY_DAY_NUMBER[new Date(`${isoDate}T00:00:00Z`).getUTCDay()] ?? 'mon';
}

/** London wall-clock time as a Date whose UTC fields read as London's: the hour and date to compare. */
function londonWallClock(at: Date): Date {
  return new Date(at.getTime() + londonOffsetHours(at) * 3_600_000);
}

export interface SlotOnDate {
  date: string;
  slot: AvailabilitySlot;
}

/**
 * The first of the volunteer's slots that has not yet ended, from now to the end of the need-by date
 * (London). A request already past its need-by date is still wanted as soon as possible, so the
 * window then runs to the end of today. Undefined when no slot falls in the window.
 */
export function firstSlotBetween(
  availability: readonly AvailabilitySlot[],
  now: Date,
  neededBy: string,
): SlotOnDate | undefined {
  if (availability.length === 0) return undefined;
  const wanted = new Set(availability);
  const today = londonDate(now);
  const hourNow = londonWallClock(now).getUTCHours() + londonWallClock(now).getUTCMinutes() / 60;
  const last = neededBy > today ? neededBy : today;
  // Eight days are enough: after a full week every slot has come round once more.
  for (
    let offset = 0, date = today;
    date <= last && offset < 8;
    offset++, date = addDaysToDate(today, offset)
  ) {
    const day = weekdayOf(date);
    for (const part of DAY_PARTS) {
      const slot: AvailabilitySlot = `${day}-${part}`;
      if (!wanted.has(slot)) continue;
      if (offset === 0 && DAY_PART_HOURS[part][1] <= hourNow) continue;
      return { date, slot };
    }
  }
  return undefined;
}

/**
 * Whether the volunteer could help in time. A volunteer who never said when they can help (everyone on
 * the roster before availability was asked) is treated as always available.
 */
export function availableBefore(
  volunteer: { availability?: readonly AvailabilitySlot[] },
  now: Date,
  neededBy: string,
): boolean {
  if (volunteer.availability === undefined || volunteer.availability.length === 0) return true;
  return firstSlotBetween(volunteer.availability, now, neededBy) !== undefined;
}

/** The London date of this week's Monday: a weekly limit counts from there (Monday to Sunday). */
export function londonWeekStart(now: Date): string {
  const today = londonDate(now);
  const sinceMonday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDaysToDate(today, -sinceMonday);
}

/** Jobs accepted this London week, from the ISO instants the volunteer accepted at. */
export function acceptedThisWeek(recentAccepts: readonly string[] | undefined, now: Date): number {
  const monday = londonWeekStart(now);
  return (recentAccepts ?? []).filter((at) => londonDate(new Date(at)) >= monday).length;
}

/** Whether the volunteer may be asked for another job this week; no limit set means no limit. */
export function underWeeklyLimit(
  volunteer: { weeklyLimit?: number; recentAccepts?: readonly string[] },
  now: Date,
): boolean {
  if (volunteer.weeklyLimit === undefined) return true;
  return acceptedThisWeek(volunteer.recentAccepts, now) < volunteer.weeklyLimit;
}

/**
 * The acceptance times worth keeping: this week's, plus the new one. Older ones no longer count
 * against any limit, so the list never grows past a week's jobs.
 */
export function withAcceptance(recentAccepts: readonly string[] | undefined, at: Date): string[] {
  const monday = londonWeekStart(at);
  return [...(recentAccepts ?? []).filter((t) => londonDate(new Date(t)) >= monday), at.toISOString()];
}
