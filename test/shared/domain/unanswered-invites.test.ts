import { beforeEach, describe, expect, it } from 'vitest';
import { checkOutcome, escalateRequest, sendInvites } from '../../../shared/domain/matching.js';
import { respondToInvite } from '../../../shared/domain/respond.js';
import {
  settleUnansweredInvites,
  unansweredVolunteerIds,
} from '../../../shared/domain/unanswered-invites.js';
import type { Invite } from '../../../shared/domain/model.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings({ waveSize: 3 });
const REQUEST_ID = 'req-seeded';
let ports: TestPorts;

const count = (volunteerId: string) => ports.store.volunteers.get(volunteerId)?.unansweredInvitesInARow ?? 0;

function tokenFor(address: string): string {
  const text = ports.mailer.to(address)[0]?.text ?? '';
  const match = /\/respond\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no respond link for ${address}`);
  return match[1];
}

function anInvite(volunteerId: string, overrides: Partial<Invite> = {}): Invite {
  return {
    requestId: REQUEST_ID,
    volunteerId,
    wave: 1,
    tokenHash: `hash-${volunteerId}`,
    status: 'sent',
    createdAt: '2026-03-10T10:00:00.000Z',
    expiresAt: 2_000_000_000,
    ...overrides,
  };
}

beforeEach(async () => {
  ports = testPorts();
  await ports.store.putVolunteers(
    ['a', 'b', 'c'].map((id) => aVolunteer({ id, email: `${id}@example.org` })),
  );
});

describe('which invites ended unanswered (pure)', () => {
  const request = aRequest({ id: REQUEST_ID, status: 'assigned', assignedAt: '2026-03-10T13:00:00.000Z' });
  const now = new Date('2026-03-10T14:00:00.000Z');

  it('counts an unanswered invite whose two-hour window closed before someone said yes', () => {
    const invites = [anInvite('a'), anInvite('b', { status: 'taken' })];
    expect(unansweredVolunteerIds(request, invites, settings, now)).toEqual(['a', 'b']);
  });

  it('does not count a volunteer whose window was still open when someone else said yes', () => {
    const invites = [anInvite('a', { createdAt: '2026-03-10T12:00:00.000Z', status: 'taken' })];
    expect(unansweredVolunteerIds(request, invites, settings, now)).toEqual([]);
  });

  it('does not count answered or never-sent invites', () => {
    const invites = [
      anInvite('a', { status: 'accepted' }),
      anInvite('b', { status: 'declined' }),
      anInvite('c', { status: 'pending' }),
    ];
    expect(unansweredVolunteerIds(request, invites, settings, now)).toEqual([]);
  });

  it('uses the shorter window for an urgent request', () => {
    const urgent = { ...request, urgent: true };
    const invites = [anInvite('a', { createdAt: '2026-03-10T12:00:00.000Z' })];
    expect(unansweredVolunteerIds(urgent, invites, settings, now)).toEqual(['a']);
  });
});

describe('the count of unanswered invites in a row', () => {
  it('goes up by one for each volunteer when an escalated request ends, once however often the step runs', async () => {
    ports.store.seedRequest(aRequest({ id: REQUEST_ID, status: 'matching', wave: 1 }));
    await sendInvites({ requestId: REQUEST_ID, wave: 1, volunteerIds: ['a', 'b'] }, settings, ports);
    await deliverPending(ports);
    ports.clock.advanceSeconds(settings.responseWindowSeconds);

    const state = { requestId: REQUEST_ID, wave: 1, escalationReason: 'no-acceptance' as const };
    await escalateRequest(state, settings, ports);
    await deliverPending(ports);
    await escalateRequest(state, settings, ports);
    await deliverPending(ports);
    await settleUnansweredInvites(REQUEST_ID, settings, ports);

    expect([count('a'), count('b'), count('c')]).toEqual([1, 1, 0]);
  });

  it('counts the others when a volunteer says yes in a later wave, and resets the one who answered', async () => {
    await ports.store.putVolunteer({
      ...aVolunteer({ id: 'c', email: 'c@example.org' }),
      unansweredInvitesInARow: 2,
    });
    ports.store.seedRequest(aRequest({ id: REQUEST_ID, status: 'matching', wave: 1 }));
    await sendInvites({ requestId: REQUEST_ID, wave: 1, volunteerIds: ['a', 'b'] }, settings, ports);
    await deliverPending(ports);
    ports.clock.advanceSeconds(settings.responseWindowSeconds);
    await sendInvites({ requestId: REQUEST_ID, wave: 2, volunteerIds: ['c'] }, settings, ports);
    await deliverPending(ports);
    ports.clock.advanceSeconds(60);

    expect((await respondToInvite(tokenFor('c@example.org'), 'accept', settings, ports)).kind).toBe(
      'accepted',
    );
    await deliverPending(ports);
    expect(count('c')).toBe(0);
    await checkOutcome({ requestId: REQUEST_ID, wave: 2 }, settings, ports);
    await deliverPending(ports);

    expect([count('a'), count('b'), count('c')]).toEqual([1, 1, 0]);
  });

  it('starts again from nothing when the volunteer says no', async () => {
    await ports.store.putVolunteer({
      ...aVolunteer({ id: 'a', email: 'a@example.org' }),
      unansweredInvitesInARow: 3,
    });
    ports.store.seedRequest(aRequest({ id: REQUEST_ID, status: 'matching', wave: 1 }));
    await sendInvites({ requestId: REQUEST_ID, wave: 1, volunteerIds: ['a'] }, settings, ports);
    await deliverPending(ports);

    expect((await respondToInvite(tokenFor('a@example.org'), 'decline', settings, ports)).kind).toBe(
      'declined',
    );
    await deliverPending(ports);

    expect(count('a')).toBe(0);
  });

  it('never stops the workflow when counting fails', async () => {
    ports.store.seedRequest(aRequest({ id: REQUEST_ID, status: 'cancelled' }));
    ports.store.failNext('markInvitesSettled');

    const state = await checkOutcome({ requestId: REQUEST_ID, wave: 1 }, settings, ports);
    await deliverPending(ports);

    expect(state.next).toBe('done');
    expect(ports.log.at('error').map((e) => e.message)).toContain('could not count unanswered invites');
  });
});
