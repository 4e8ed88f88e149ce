import { describe, expect, it } from 'vitest';
import { addDays, formatDateLong, formatDateNumeric, formatDateShort } from '../../../shared/web/format.js';

describe('date formatting', () => {
  it('writes a date the NHS.UK way, without a comma after the weekday', () => {
    expect(formatDateLong('2026-11-26')).toBe('Thursday 26 November 2026');
  });

  it('keeps the calendar day on the days the clocks change', () => {
    expect(formatDateLong('2026-03-29')).toBe('Sunday 29 March 2026');
    expect(formatDateLong('2026-10-25')).toBe('Sunday 25 October 2026');
  });

  it('writes a short date for email subjects', () => {
    expect(formatDateShort('2026-11-26')).toBe('Thu 26 Nov');
  });

  it('reads a timestamp in UK time, not UTC', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(formatDateLong('2026-06-30T23:30:00Z')).toBe('Wednesday 1 July 2026');
  });

  it('shows a value that is not a date as it is, rather than "Invalid Date"', () => {
    expect(formatDateLong('soon')).toBe('soon');
  });

  it('writes the form’s own example format', () => {
    expect(formatDateNumeric('2027-03-07')).toBe('7 3 2027');
    expect(addDays('2026-12-29', 7)).toBe('2027-01-05');
  });
});
