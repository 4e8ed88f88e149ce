import { describe, expect, it } from 'vitest';
import {
  acceptedThisWeek,
  availableBefore,
  firstSlotBetween,
  londonWeekStart,
  underWeeklyLimit,
  withAcceptance,
} from '../../../shared/domain/availability.js';
import { AVAILABILITY_SLOTS } from '../../../shared/vocabulary/availability.js';
import { findCandidates, selectCandidates, sendInvites } from '../../../shared/domain/matching.js';
import type { MatchCandidate } from '../../../shared/domain/ports.js';
import { aRequest, aVolunteer, testPorts, testSettings } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

// 2026-12-01 is a Tuesday; in December London keeps UTC. 2026-07-01 is a Wednesday, in summer time.
const TUESDAY_9AM = new Date('2026-12-01T09:00:00Z');

describe('availability: a slot between now and the need-by date', () => {
  it('lists 21 slots, Monday morning first and Sunday evening last', () => {
    expect(AVAILABILITY_SLOTS).toHaveLength(21);
    expect(AVAILABILITY_SLOTS[0]).toBe('mon-morning');
    expect(AVAILABILITY_SLOTS.at(-1)).toBe('sun-evening');
  });

  it('finds a Wednesday morning for a request needed by Wednesday, but not for one needed by Monday before it', () => {
    const tuesdayAndWednesdayMornings = ['tue-morning', 'wed-morning'] as const;
    const monday = new Date('2026-11-30T13:00:00Z');
    expect(firstSlotBetween(tuesdayAndWednesdayMornings, monday, '2026-12-02')).toEqual({
      date: '2026-12-01',
      slot: 'tue-morning',
    });
    expect(firstSlotBetween(['wed-morning'], monday, '2026-12-02')).toEqual({
      date: '2026-12-02',
      slot: 'wed-morning',
    });
    expect(firstSlotBetween(tuesdayAndWednesdayMornings, monday, '2026-11-30')).toBeUndefined();
  });

  it('skips a slot of today that has already ended', () => {
    const tuesdayAfternoon = new Date('2026-12-01T13:00:00Z');
    expect(firstSlotBetween(['tue-morning'], tuesdayAfternoon, '2026-12-01')).toBeUndefined();
    // A slot still under way counts: the volunteer could go now.
    expect(firstSlotBetween(['tue-afternoon'], tuesdayAfternoon, '2026-12-01')).toEqual({
      date: '2026-12-01',
      slot: 'tue-afternoon',
    });
  });

  it('finds this evening for a request needed by today, asked for in the afternoon', () => {
    const tuesdayAt4pm = new Date('2026-12-01T16:00:00Z');
    expect(availableBefore({ availability: ['tue-evening'] }, tuesdayAt4pm, '2026-12-01')).toBe(true);
    expect(availableBefore({ availability: ['wed-evening'] }, tuesdayAt4pm, '2026-12-01')).toBe(false);
  });

  it('reads the slots in London time: in summer 20:30 UTC is already past the evening', () => {
    // 20:30 UTC is 21:30 in London (BST): the evening slot (17:00 to 21:00) has ended.
    const wednesdayLate = new Date('2026-07-01T20:30:00Z');
    expect(availableBefore({ availability: ['wed-evening'] }, wednesdayLate, '2026-07-01')).toBe(false);
    // 19:30 UTC is 20:30 in London: still in the evening slot.
    const wednesdayEvening = new Date('2026-07-01T19:30:00Z');
    expect(availableBefore({ availability: ['wed-evening'] }, wednesdayEvening, '2026-07-01')).toBe(true);
  });

  it('takes London’s date, not UTC’s, for today: 23:30 UTC in summer is already Thursday in London', () => {
    const lateWednesdayUtc = new Date('2026-07-01T23:30:00Z');
    expect(availableBefore({ availability: ['thu-morning'] }, lateWednesdayUtc, '2026-07-02')).toBe(true);
    expect(availableBefore({ availability: ['wed-evening'] }, lateWednesdayUtc, '2026-07-02')).toBe(false);
  });

  it('finds every weekday within a week, and a need-by far away changes nothing', () => {
    expect(firstSlotBetween(['mon-morning'], TUESDAY_9AM, '2027-06-01')).toEqual({
      date: '2026-12-07',
      slot: 'mon-morning',
    });
  });

  it('treats a volunteer who never said when they can help as always available', () => {
    expect(availableBefore({}, TUESDAY_9AM, '2026-12-01')).toBe(true);
    expect(availableBefore({ availability: [] }, TUESDAY_9AM, '2026-12-01')).toBe(true);
  });

  it('still looks at the rest of today for a request already past its need-by date', () => {
    expect(availableBefore({ availability: ['tue-afternoon'] }, TUESDAY_9AM, '2026-11-20')).toBe(true);
    expect(availableBefore({ availability: ['wed-afternoon'] }, TUESDAY_9AM, '2026-11-20')).toBe(false);
  });
});

describe('weekly limit: accepted jobs in a London week, Monday to Sunday', () => {
  it('starts the week on Monday, London time', () => {
    expect(londonWeekStart(TUESDAY_9AM)).toBe('2026-11-30');
    expect(londonWeekStart(new Date('2026-12-06T23:59:00Z'))).toBe('2026-11-30');
    expect(londonWeekStart(new Date('2026-12-07T00:00:00Z'))).toBe('2026-12-07');
    // Sunday 23:30 UTC in summer is Monday 00:30 in London: a new week.
    expect(londonWeekStart(new Date('2026-07-05T23:30:00Z'))).toBe('2026-07-06');
  });

  it('counts only this week’s acceptances', () => {
    const accepts = ['2026-11-29T10:00:00.000Z', '2026-11-30T10:00:00.000Z', '2026-12-01T08:00:00.000Z'];
    expect(acceptedThisWeek(accepts, TUESDAY_9AM)).toBe(2);
  });

  it('stops at the limit and starts again next week; no limit means no limit', () => {
    const oneThisWeek = { weeklyLimit: 1, recentAccepts: ['2026-11-30T10:00:00.000Z'] };
    expect(underWeeklyLimit(oneThisWeek, TUESDAY_9AM)).toBe(false);
    expect(underWeeklyLimit(oneThisWeek, new Date('2026-12-07T09:00:00Z'))).toBe(true);
    expect(underWeeklyLimit({ weeklyLimit: 2, recentAccepts: oneThisWeek.recentAccepts }, TUESDAY_9AM)).toBe(
      true,
    );
    expect(underWeeklyLimit({ recentAccepts: ['2026-11-30T10:00:00.000Z'] }, TUESDAY_9AM)).toBe(true);
  });

  it('keeps only this week’s acceptance times when one is added', () => {
    expect(withAcceptance(['2026-11-20T10:00:00.000Z', '2026-11-30T10:00:00.000Z'], TUESDAY_9AM)).toEqual([
      '2026-11-30T10:00:00.000Z',
      TUESDAY_9AM.toISOString(),
    ]);
  });
});

describe('matching asks only volunteers who are available in time and under their limit', () => {
  const settings = testSettings({ waveSize: 10 });
  const candidate = (id: string, extra: Partial<MatchCandidate> = {}): MatchCandidate => ({
    id,
    areas: ['GL50'],
    helpTypes: ['dog-walking'],
    dbsChecked: false,
    recentInvites: [],
    ...extra,
  });
  const monday = new Date('2026-11-30T09:00:00Z');
  const roster = [
    candidate('always'),
    candidate('tue-wed-mornings', { availability: ['tue-morning', 'wed-morning'], weeklyLimit: 1 }),
    candidate('fridays', { availability: ['fri-afternoon'] }),
    candidate('full-week', { weeklyLimit: 1, recentAccepts: ['2026-11-30T08:30:00.000Z'] }),
  ];
  const chosen = (neededBy: string, now = monday) =>
    selectCandidates(
      roster,
      { helpType: 'dog-walking', area: 'GL50', neededBy },
      new Set(),
      settings,
      now,
    ).map((v) => v.id);

  it('asks the Tuesday and Wednesday volunteer for a walk needed by Wednesday, not for one needed by Monday', () => {
    expect(chosen('2026-12-02')).toEqual(['always', 'tue-wed-mornings']);
    expect(chosen('2026-11-30')).toEqual(['always']);
  });

  it('asks the Friday volunteer once the need-by date reaches Friday', () => {
    expect(chosen('2026-12-04')).toEqual(['always', 'fridays', 'tue-wed-mornings']);
  });

  it('does not ask a volunteer who has reached their weekly limit, and asks them again next week', () => {
    expect(chosen('2026-12-04')).not.toContain('full-week');
    expect(chosen('2026-12-08', new Date('2026-12-07T09:00:00Z'))).toContain('full-week');
  });

  it('without a need-by date (the dashboard’s list), availability is not a filter', () => {
    const ids = selectCandidates(
      roster,
      { helpType: 'dog-walking', area: 'GL50' },
      new Set(),
      settings,
      monday,
    ).map((v) => v.id);
    expect(ids).toEqual(['always', 'fridays', 'tue-wed-mornings']);
  });
});

describe('the invite says which of their usual times it fits', () => {
  it('names the day and part of the day, and the date it falls on', async () => {
    const ports = testPorts();
    // Tuesday 10 March 2026, 10:00: the walk is needed by Thursday; they help on Wednesday mornings.
    ports.store.seedRequest(aRequest({ id: 'walk', helpType: 'dog-walking', neededBy: '2026-03-12' }));
    await ports.store.putVolunteers([
      aVolunteer({ id: 'wed', name: 'Wen Day', helpTypes: ['dog-walking'], availability: ['wed-morning'] }),
      aVolunteer({ id: 'any', name: 'Ann Ytime', helpTypes: ['dog-walking'] }),
    ]);
    const found = await findCandidates({ requestId: 'walk', wave: 0 }, testSettings(), ports);
    await sendInvites(found, testSettings(), ports);
    await deliverPending(ports);
    const [toWen] = ports.mailer.to('wed@volunteers.example.org');
    expect(toWen?.text).toContain(
      'We are asking you because you said you can usually help on Wednesday mornings: Wednesday 11 March 2026 is before it is needed.',
    );
    // Someone who never said when they can help is asked as before, with no such line.
    const [toAnn] = ports.mailer.to('any@volunteers.example.org');
    expect(toAnn?.text).toContain('Can you help?');
    expect(toAnn?.text).not.toContain('you said you can usually help');
  });
});
