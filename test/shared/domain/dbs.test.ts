import { describe, expect, it } from 'vitest';
import { dbsExpiresOn, dbsStatus, hasCurrentDbsCheck } from '../../../shared/domain/dbs.js';
import { isCalendarDate } from '../../../shared/vocabulary/time.js';

const TODAY = '2026-03-10';

describe('DBS check expiry', () => {
  it('lapses the given number of months after the check date', () => {
    expect(dbsExpiresOn('2023-03-10', 36)).toBe('2026-03-10');
    expect(dbsExpiresOn('2025-11-30', 3)).toBe('2026-02-28');
    expect(dbsExpiresOn('2024-02-29', 12)).toBe('2025-02-28');
    expect(dbsExpiresOn('2024-01-31', 1)).toBe('2024-02-29');
  });

  it('no longer counts on the day it expires', () => {
    const checked = { dbsChecked: true, dbsCheckedOn: '2023-03-10' };
    expect(dbsStatus(checked, TODAY, 36)).toEqual({ kind: 'expired', expiresOn: '2026-03-10' });
    expect(hasCurrentDbsCheck(checked, TODAY, 36)).toBe(false);
  });

  it('still counts on the day before it expires', () => {
    const checked = { dbsChecked: true, dbsCheckedOn: '2023-03-11' };
    expect(dbsStatus(checked, TODAY, 36)).toEqual({ kind: 'valid', expiresOn: '2026-03-11' });
    expect(hasCurrentDbsCheck(checked, TODAY, 36)).toBe(true);
  });

  it('counts a check recorded without a date, as volunteers stored before dates were', () => {
    expect(dbsStatus({ dbsChecked: true }, TODAY, 36)).toEqual({ kind: 'undated' });
    expect(hasCurrentDbsCheck({ dbsChecked: true }, TODAY, 36)).toBe(true);
  });

  it('never counts a volunteer with no check, whatever date is stored', () => {
    expect(hasCurrentDbsCheck({ dbsChecked: false, dbsCheckedOn: '2026-01-01' }, TODAY, 36)).toBe(false);
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('10/03/2026')).toBe(false);
  });
});
