import { beforeEach, describe, expect, it } from 'vitest';
import { candidateFacts, rankCandidates } from '../../../shared/domain/admin/candidates.js';
import { assignByHand, loadRequest, rerunMatching } from '../../../shared/domain/admin/requests.js';
import { searchKindOf, referenceOf } from '../../../shared/domain/admin/search.js';
import {
  areasOutsideService,
  loadVolunteerHistory,
  rosterActivity,
} from '../../../shared/domain/admin/volunteers.js';
import { renderVolunteerForm } from '../../../shared/web/admin/volunteers.js';
import { renderRequestPage } from '../../../shared/web/admin/pages.js';
import { assignedMessage } from '../../../functions/admin-request-view.js';
import type { WorkflowStarter } from '../../../shared/workflow/starter.js';
import type { HelpRequest } from '../../../shared/domain/model.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';

const settings = testSettings();
const PRESCRIBER = { id: 'prescriber-sub-1' };
const NOW = new Date('2026-03-10T10:00:00.000Z');
let ports: TestPorts;
let started: string[];
const starter: WorkflowStarter = {
  async start(requestId) {
    started.push(requestId);
    return 'started';
  },
};

beforeEach(() => {
  ports = testPorts();
  started = [];
});

describe('the ranked list for arranging by hand', () => {
  const request = aRequest({ id: 'req-rank', helpType: 'friendly-chat', area: 'GL50' });

  it('puts good fits first, then fewest recent invites, then longest since the last one', () => {
    const base = { areas: ['GL50'], helpTypes: ['friendly-chat' as const], dbsChecked: true };
    const facts = [
      { id: 'busy', ...base, recentInvites: ['2026-03-01T00:00:00.000Z', '2026-03-05T00:00:00.000Z'] },
      { id: 'paused', ...base, recentInvites: [], pausedUntil: '2026-04-01T00:00:00.000Z' },
      { id: 'no-dbs', ...base, dbsChecked: false, recentInvites: [] },
      { id: 'asked-long-ago', ...base, recentInvites: ['2026-03-01T00:00:00.000Z'] },
      { id: 'asked-lately', ...base, recentInvites: ['2026-03-09T00:00:00.000Z'] },
      { id: 'never', ...base, recentInvites: [] },
    ].map((v) => candidateFacts(v, request, [], settings, NOW));
    const ranked = rankCandidates(facts);
    expect(ranked.map((f) => f.volunteerId)).toEqual([
      'never',
      'asked-long-ago',
      'asked-lately',
      'busy',
      // Poor fits last, each with why.
      'no-dbs',
      'paused',
    ]);
    expect(ranked.find((f) => f.volunteerId === 'paused')?.problems).toEqual(['paused']);
    expect(ranked.find((f) => f.volunteerId === 'no-dbs')?.problems).toEqual(['no-dbs']);
  });

  it('among good fits, puts the fewest jobs this week first, then the longest since they last helped', () => {
    const base = {
      areas: ['GL50'],
      helpTypes: ['friendly-chat' as const],
      dbsChecked: true,
      recentInvites: [],
    };
    const facts = [
      // Monday 9 March is this week's first day in London; 2 March was last week.
      {
        id: 'two-this-week',
        ...base,
        recentAccepts: ['2026-03-09T09:00:00.000Z', '2026-03-10T08:00:00.000Z'],
      },
      { id: 'one-this-week', ...base, recentAccepts: ['2026-03-09T09:00:00.000Z'] },
      { id: 'helped-last-week', ...base, recentAccepts: ['2026-03-03T09:00:00.000Z'] },
      { id: 'helped-a-month-ago', ...base, recentAccepts: ['2026-02-03T09:00:00.000Z'] },
      { id: 'never-helped', ...base },
      // Invited less, but busier this week: jobs come before invites.
      { id: 'busy-but-not-asked', ...base, recentAccepts: ['2026-03-10T07:00:00.000Z'] },
    ].map((v) => candidateFacts(v, request, [], settings, NOW));
    const ranked = rankCandidates(facts);
    expect(ranked.map((f) => f.volunteerId)).toEqual([
      'never-helped',
      'helped-a-month-ago',
      'helped-last-week',
      'one-this-week',
      'busy-but-not-asked',
      'two-this-week',
    ]);
    expect(ranked.find((f) => f.volunteerId === 'helped-last-week')).toMatchObject({
      acceptedThisWeek: 0,
      lastHelpedAt: '2026-03-03T09:00:00.000Z',
    });
  });

  it('shows at most ten from the offer index, with the facts that tell namesakes apart', async () => {
    const evans = Array.from({ length: 12 }, (_, i) =>
      aVolunteer({ id: `vol-evan-${i}`, name: 'Evan Wood', email: `evan${i}@example.org`, areas: ['GL50'] }),
    );
    await ports.store.putVolunteers([
      ...evans,
      aVolunteer({ id: 'vol-far', name: 'Far Away', areas: ['GL53'] }),
    ]);
    ports.store.seedRequest(
      aRequest({ id: 'req-ten', helpType: 'shopping', area: 'GL50', status: 'escalated' }),
    );
    const detail = await loadRequest('req-ten', settings, ports);
    expect(detail?.offering).toBe(12);
    expect(detail?.candidates).toHaveLength(10);
    expect(new Set(detail?.candidates.map((c) => c.volunteer.email)).size).toBe(10);
    expect(detail?.candidates.some((c) => c.volunteer.id === 'vol-far')).toBe(false);
    expect(ports.store.calls).not.toContain('listVolunteers');
    // Anyone else is found by their whole name, with why they do not fit.
    const searched = await loadRequest('req-ten', settings, ports, { who: 'far away' });
    expect(searched?.searched?.lines.map((l) => [l.volunteer.id, l.facts.problems])).toEqual([
      ['vol-far', ['not-offered']],
    ]);
  });
});

describe('a poor fit needs the prescriber to confirm', () => {
  it('changes nothing without confirming, says why, and assigns once confirmed', async () => {
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-paused', name: 'Pat Paused', pausedUntil: '2026-12-01T00:00:00.000Z' }),
    );
    ports.store.seedRequest(aRequest({ id: 'req-poor', status: 'escalated' }));
    const first = await assignByHand('req-poor', 'vol-paused', PRESCRIBER, settings, ports);
    expect(first).toMatchObject({ kind: 'poor-fit', facts: { problems: ['paused'] } });
    expect((await ports.store.getRequest('req-poor'))?.status).toBe('escalated');
    expect(ports.store.messages.size).toBe(0);
    const confirmed = await assignByHand('req-poor', 'vol-paused', PRESCRIBER, settings, ports, {
      poorFitConfirmed: true,
    });
    expect(confirmed.kind).toBe('done');
    expect((await ports.store.getRequest('req-poor'))?.assignedVolunteerId).toBe('vol-paused');
  });
});

describe('availability and the weekly limit when arranging by hand', () => {
  // Tuesday 10 March 2026, 10:00 in London.
  const now = new Date('2026-03-10T10:00:00.000Z');
  const base = { areas: ['GL50'], helpTypes: ['dog-walking' as const], dbsChecked: true, recentInvites: [] };
  const walk = { helpType: 'dog-walking' as const, area: 'GL50', neededBy: '2026-03-13' };

  it('marks a volunteer with no usual time before the need-by date, or a full week, as a poor fit', () => {
    const facts = (volunteer: Parameters<typeof candidateFacts>[0]) =>
      candidateFacts(volunteer, walk, [], settings, now);
    expect(facts({ id: 'wed', ...base, availability: ['wed-morning'] }).problems).toEqual([]);
    expect(facts({ id: 'sat', ...base, availability: ['sat-morning'] }).problems).toEqual(['not-available']);
    expect(facts({ id: 'any', ...base }).problems).toEqual([]);
    const full = facts({ id: 'full', ...base, weeklyLimit: 1, recentAccepts: ['2026-03-09T12:00:00.000Z'] });
    expect(full).toMatchObject({ problems: ['week-full'], weeklyLimit: 1, acceptedThisWeek: 1 });
    // Last week's job no longer counts.
    const lastWeek = facts({
      id: 'old',
      ...base,
      weeklyLimit: 1,
      recentAccepts: ['2026-03-06T12:00:00.000Z'],
    });
    expect(lastWeek).toMatchObject({ problems: [], weeklyLimit: 1, acceptedThisWeek: 0 });
  });

  it('counts a job arranged by hand toward the week, so the next one needs confirming', async () => {
    await ports.store.putVolunteer(
      aVolunteer({
        id: 'vol-one',
        areas: ['GL50'],
        helpTypes: ['dog-walking'],
        availability: ['wed-morning', 'thu-morning'],
        weeklyLimit: 1,
      }),
    );
    ports.store.seedRequest(
      aRequest({ id: 'req-walk-1', helpType: 'dog-walking', neededBy: '2026-03-13', status: 'escalated' }),
    );
    ports.store.seedRequest(
      aRequest({
        id: 'req-walk-2',
        reference: 'GCK-SEED2',
        helpType: 'dog-walking',
        neededBy: '2026-03-13',
        status: 'escalated',
      }),
    );
    expect((await assignByHand('req-walk-1', 'vol-one', PRESCRIBER, settings, ports)).kind).toBe('done');
    expect((await ports.store.getVolunteer('vol-one'))?.recentAccepts).toEqual([
      ports.clock.now().toISOString(),
    ]);
    expect(await assignByHand('req-walk-2', 'vol-one', PRESCRIBER, settings, ports)).toMatchObject({
      kind: 'poor-fit',
      facts: { problems: ['week-full'], weeklyLimit: 1, acceptedThisWeek: 1 },
    });
  });

  it('shows each candidate’s usual times and weekly limit on the request page', async () => {
    await ports.store.putVolunteer(
      aVolunteer({
        id: 'vol-shown',
        name: 'Shown Volunteer',
        areas: ['GL50'],
        helpTypes: ['dog-walking'],
        availability: ['tue-morning', 'wed-evening'],
        weeklyLimit: 2,
      }),
    );
    ports.store.seedRequest(
      aRequest({ id: 'req-shown', helpType: 'dog-walking', neededBy: '2026-03-13', status: 'escalated' }),
    );
    const detail = await loadRequest('req-shown', settings, ports);
    if (!detail) throw new Error('no request');
    const page = renderRequestPage(detail, {
      contact: { schemeName: settings.schemeName, schemePhone: settings.schemePhone },
      prescriberId: PRESCRIBER.id,
    });
    expect(page).toContain('Usually free Tue morning, Wed evening');
    expect(page).toContain('0 jobs this week of at most 2, no job recorded');
  });
});

describe('"Find a volunteer again" is honest', () => {
  it('with nobody new, changes nothing, starts nothing and writes no message', async () => {
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-asked', areas: ['GL50'] }));
    ports.store.seedRequest(aRequest({ id: 'req-none', status: 'escalated', area: 'GL50' }));
    await ports.store.createInvite({
      requestId: 'req-none',
      volunteerId: 'vol-asked',
      wave: 1,
      tokenHash: 'x'.repeat(64),
      status: 'sent',
      createdAt: '2026-03-09T10:00:00.000Z',
      expiresAt: 1,
    });
    const detail = await loadRequest('req-none', settings, ports);
    expect(detail?.newToAsk).toBe(0);
    const messagesBefore = ports.store.messages.size;
    expect(await rerunMatching('req-none', PRESCRIBER, settings, { ...ports, starter })).toEqual({
      kind: 'nobody-new',
    });
    expect(started).toEqual([]);
    expect((await ports.store.getRequest('req-none'))?.status).toBe('escalated');
    expect(ports.store.audit.some((e) => e.type === 'matching-rerun')).toBe(false);
    expect(ports.store.messages.size).toBe(messagesBefore);
  });

  it('counts a volunteer back from a pause who was not asked while paused as new', async () => {
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-back', areas: ['GL50'], pausedUntil: '2026-03-01T00:00:00.000Z' }),
    );
    ports.store.seedRequest(aRequest({ id: 'req-back', status: 'escalated', area: 'GL50' }));
    const detail = await loadRequest('req-back', settings, ports);
    expect(detail?.newToAsk).toBe(1);
    expect((await rerunMatching('req-back', PRESCRIBER, settings, { ...ports, starter })).kind).toBe('done');
    expect(started).toEqual(['req-back']);
  });
});

describe('after a hand assignment the page says who was told and how', () => {
  const detailWith = (requester: HelpRequest['requester']) => ({
    request: aRequest({ status: 'assigned', assignedVolunteerId: 'vol-1', requester }),
    assignedVolunteer: aVolunteer({
      id: 'vol-1',
      name: 'Val Volunteer',
      contactBy: 'both',
      phone: '07700 900 123',
    }),
    audit: [],
    invites: [],
    volunteerNames: {},
    candidates: [],
    offering: 0,
    newToAsk: 0,
    waves: [],
  });

  it('names each channel', () => {
    const message = assignedMessage(
      detailWith({ name: 'Mary', email: 'mary@example.com', addressLine1: '1 Road', postcode: 'GL50 1AB' }),
    );
    expect(message).toContain('Val Volunteer is being sent the person’s details by email and text message.');
    expect(message).toContain('Mary is being told by email that a volunteer will be in touch.');
  });

  it('says nobody told the person when they gave no email or mobile, and to phone them', () => {
    const message = assignedMessage(
      detailWith({ name: 'Mary', phone: '01632 960 001', addressLine1: '1 Road', postcode: 'GL50 1AB' }),
    );
    expect(message).toContain('Mary gave no email address or mobile number, so nobody has told them');
    expect(message).toContain('01632 960 001');
    expect(message).not.toContain('Mary is being told');
  });
});

describe('search and roster rules', () => {
  it('reads a reference however typed, and tells a phone, an email and a name apart', () => {
    expect(referenceOf('gck-7f3k2')).toBe('GCK-7F3K2');
    expect(referenceOf(' 7F3K2 ')).toBe('GCK-7F3K2');
    expect(referenceOf('GCK7F3K2')).toBe('GCK-7F3K2');
    expect(referenceOf('GCK-7F3K')).toBeUndefined();
    expect(searchKindOf('GCK-7F3K2')).toBe('reference');
    expect(searchKindOf('+44 7700 900123')).toBe('phone');
    expect(searchKindOf('a@b.org')).toBe('email');
    expect(searchKindOf('Evan Wood')).toBe('name');
  });

  it('refuses areas outside the service area', () => {
    expect(areasOutsideService(['GL50', 'GL99', 'GL51 2'], ['GL50', 'GL51'])).toEqual(['GL99']);
    expect(areasOutsideService(['SP8 4'], ['SP8'])).toEqual([]);
  });

  it('tags a lapsed DBS check, one that lapses within 30 days, and shows the last invite', () => {
    const at = (dbsCheckedOn: string) =>
      rosterActivity(aVolunteer({ id: 'v', dbsChecked: true, dbsCheckedOn }), '2026-03-10', 36).dbs;
    expect(at('2023-03-01')).toBe('lapsed');
    expect(at('2023-03-25')).toBe('lapses-soon');
    expect(at('2024-01-01')).toBe('valid');
    const activity = rosterActivity(
      aVolunteer({
        id: 'v',
        recentInvites: ['2026-03-01T10:00:00.000Z', '2026-03-08T10:00:00.000Z'],
        unansweredInvitesInARow: 2,
      }),
      '2026-03-10',
      36,
    );
    expect(activity).toMatchObject({
      lastInvitedAt: '2026-03-08T10:00:00.000Z',
      recentInvites: 2,
      unansweredInARow: 2,
    });
  });
});

describe('a volunteer’s page shows their history of invites and jobs', () => {
  it('lists their latest invites with the requests, and counts a job still theirs as current', async () => {
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-hist', name: 'Hattie History' }));
    ports.store.seedRequest(
      aRequest({
        id: 'req-job',
        reference: 'GCK-J0B01',
        status: 'assigned',
        assignedVolunteerId: 'vol-hist',
      }),
    );
    ports.store.seedRequest(aRequest({ id: 'req-no', reference: 'GCK-N0001', status: 'closed' }));
    for (const [requestId, status, createdAt] of [
      ['req-no', 'declined', '2026-03-01T10:00:00.000Z'],
      ['req-job', 'accepted', '2026-03-05T10:00:00.000Z'],
    ] as const)
      ports.store.seedInvite({
        requestId,
        volunteerId: 'vol-hist',
        wave: 1,
        tokenHash: `${requestId}`.padEnd(64, '0'),
        status,
        createdAt,
        respondedAt: createdAt,
        expiresAt: 1,
      });
    const history = await loadVolunteerHistory('vol-hist', ports);
    expect(history.map((line) => [line.invite.requestId, line.request?.reference])).toEqual([
      ['req-job', 'GCK-J0B01'],
      ['req-no', 'GCK-N0001'],
    ]);
    const volunteer = await ports.store.getVolunteer('vol-hist');
    const page = renderVolunteerForm({
      contact: { schemeName: settings.schemeName, schemePhone: settings.schemePhone },
      volunteer,
      history,
      now: NOW,
    });
    expect(page).toContain('1 current job from invites');
    expect(page).toContain('GCK-J0B01');
    expect(page).toContain('said yes: their job');
    expect(page).toContain('said no');
  });
});
