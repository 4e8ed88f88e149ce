import { beforeEach, describe, expect, it } from 'vitest';
import { notifyArranged } from '../../../shared/domain/arranged.js';
import type { InviteStatus } from '../../../shared/domain/model.js';
import { hashToken } from '../../../shared/util/ids.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';

const settings = testSettings();
const REQUEST_ID = 'req-arranged';
let ports: TestPorts;

async function invite(volunteerId: string, status: InviteStatus): Promise<void> {
  ports.store.seedInvite({
    requestId: REQUEST_ID,
    volunteerId,
    wave: 1,
    tokenHash: hashToken(volunteerId.padEnd(43, 'x')),
    status,
    createdAt: '2026-03-10T08:00:00.000Z',
    expiresAt: 1_900_000_000,
  });
}

beforeEach(async () => {
  ports = testPorts();
  ports.store.seedRequest(aRequest({ id: REQUEST_ID, reference: 'GCK-ARR01', status: 'assigned' }));
  await ports.store.putVolunteers([
    aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@volunteers.example.org' }),
    aVolunteer({ id: 'vol-b', name: 'Bob Baker', email: 'bob@volunteers.example.org' }),
    aVolunteer({ id: 'vol-c', name: 'Cara Cole', email: 'cara@volunteers.example.org' }),
    aVolunteer({ id: 'vol-d', name: 'Dan Dale', email: 'dan@volunteers.example.org' }),
  ]);
  await invite('vol-b', 'sent');
  await invite('vol-c', 'pending');
  await invite('vol-d', 'declined');
});

describe('after a request has its volunteer (one path for an accept and a hand assignment)', () => {
  it.each(['accepted', 'by-hand'] as const)(
    '%s: spends every other open invite (sent and pending), tells only those emailed, leaves answers alone',
    async (how) => {
      const request = await ports.store.getRequest(REQUEST_ID);
      if (!request) throw new Error('no request');
      await notifyArranged(request, 'vol-a', how, settings, ports);
      const statuses = Object.fromEntries(
        (await ports.store.listInvites(REQUEST_ID)).map((i) => [i.volunteerId, i.status]),
      );
      expect(statuses).toEqual({ 'vol-b': 'taken', 'vol-c': 'taken', 'vol-d': 'declined' });
      expect(ports.mailer.to('bob@volunteers.example.org')[0]?.subject).toMatch(/someone else has said yes/i);
      expect(ports.mailer.to('cara@volunteers.example.org')).toHaveLength(0);
      expect(ports.mailer.to('dan@volunteers.example.org')).toHaveLength(0);
      expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
      // The assigned volunteer's links, and nobody else's: "I have helped" and "I can no longer go".
      expect([...ports.store.actionTokens.values()]).toEqual([
        expect.objectContaining({ kind: 'done', volunteerId: 'vol-a' }),
        expect.objectContaining({ kind: 'release', volunteerId: 'vol-a' }),
      ]);
    },
  );

  it('thanks a volunteer who said yes', async () => {
    const request = await ports.store.getRequest(REQUEST_ID);
    if (!request) throw new Error('no request');
    await notifyArranged(request, 'vol-a', 'accepted', settings, ports);
    const details = ports.mailer.to('alice@volunteers.example.org')[0];
    expect(details?.subject).toMatch(/^Thank you for saying yes – .* \(GCK-ARR01\)$/);
    expect(details?.text).toContain('Thank you for saying yes. Here are the details.');
  });

  it('tells a volunteer arranged by hand that they have been asked, without thanking them for a yes', async () => {
    const request = await ports.store.getRequest(REQUEST_ID);
    if (!request) throw new Error('no request');
    await notifyArranged(request, 'vol-a', 'by-hand', settings, ports);
    const details = ports.mailer.to('alice@volunteers.example.org')[0];
    expect(details?.subject).toMatch(/^You have been asked to help – .* \(GCK-ARR01\)$/);
    expect(details?.subject).not.toContain('Thank you for saying yes');
    expect(details?.text).toContain('team has arranged for you to help');
    expect(details?.text).toContain('Mary Testperson');
  });
});
