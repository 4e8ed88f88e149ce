import { describe, expect, it } from 'vitest';
import { londonDate, londonOffsetHours } from '../../../shared/vocabulary/time.js';

const intlLondonDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

describe('London dates without Intl', () => {
  it('agree with Europe/London for every hour from 1996 to 2040', () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(1996, 0, 1); t < Date.UTC(2041, 0, 1); t += 3_600_000) {
      const at = new Date(t);
      if (londonDate(at) !== intlLondonDate.format(at)) mismatches.push(at.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('change the clocks at 01:00 UTC on the last Sundays of March and October', () => {
    expect(londonOffsetHours(new Date('2026-03-29T00:59:59.999Z'))).toBe(0);
    expect(londonOffsetHours(new Date('2026-03-29T01:00:00.000Z'))).toBe(1);
    expect(londonOffsetHours(new Date('2026-10-25T00:59:59.999Z'))).toBe(1);
    expect(londonOffsetHours(new Date('2026-10-25T01:00:00.000Z'))).toBe(0);
  });

  it('turn the day at midnight London time, in summer an hour before UTC', () => {
    expect(londonDate(new Date('2026-07-01T22:59:59.999Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-07-01T23:00:00.000Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
    expect(londonDate(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01');
  });
});
