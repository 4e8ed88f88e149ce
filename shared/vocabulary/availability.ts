/**
 * The words of a weekly pattern of help: days, parts of the day in London time, the slots they make,
 * and the largest weekly limit. The forms' field rules and matching both speak them.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;
export type DayPart = (typeof DAY_PARTS)[number];

export type AvailabilitySlot = `${Weekday}-${DayPart}`;

/** Every slot of the week, Monday morning first: the form's order and the stored order. */
export const AVAILABILITY_SLOTS: readonly AvailabilitySlot[] = WEEKDAYS.flatMap((day) =>
  DAY_PARTS.map((part) => `${day}-${part}` as const),
);

/** London wall-clock hours each part of the day covers: [start, end). */
export const DAY_PART_HOURS: Readonly<Record<DayPart, readonly [number, number]>> = {
  morning: [8, 12],
  afternoon: [12, 17],
  evening: [17, 21],
};

/** The most jobs a week anyone may set: beyond it a limit means nothing a scheme could notice. */
export const MAX_WEEKLY_LIMIT = 14;

export function isAvailabilitySlot(value: unknown): value is AvailabilitySlot {
  return typeof value === 'string' && (AVAILABILITY_SLOTS as readonly string[]).includes(value);
}

/** Each slot once, in the week's order. */
export function normaliseAvailability(slots: readonly AvailabilitySlot[]): AvailabilitySlot[] {
  const chosen = new Set(slots);
  return AVAILABILITY_SLOTS.filter((slot) => chosen.has(slot));
}
