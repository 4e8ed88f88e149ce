import { beforeEach, describe, expect, it } from 'vitest';
import { arrangedMessages, spendOtherInvites, type ArrangedHow } from '../../../shared/domain/arranged.js';
import type { InviteStatus } from '../../../shared/domain/model.js';
import { hashToken } from '../../../shared/util/ids.js';
import { aRequest, aVolunteer, testPorts, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

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
  ports.store.seedRequest(
    aRequest({ id: REQUEST_ID, reference: 'GCK-ARR01', status: 'assigned', assignedVolunteerId: 'vol-a' }),
  );
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

/** What an accept or a hand assignment does: its messages (in its transaction), then the other invites spent. */
async function arrange(how: ArrangedHow): Promise<void> {
  const invites = await ports.store.listInvites(REQUEST_ID);
  await ports.store.putMessages(arrangedMessages(REQUEST_ID, 'vol-a', how));
  await spendOtherInvites(REQUEST_ID, 'vol-a', invites, ports);
}

describe('after a request has its volunteer (one path for an accept and a hand assignment)', () => {
  it.each(['accepted', 'by-hand'] as const)(
    '%s: spends every other open invite (sent and pending), tells only those emailed, leaves answers alone',
    async (how) => {
      await arrange(how);
      await deliverPending(ports);
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
    await arrange('accepted');
    await deliverPending(ports);
    const details = ports.mailer.to('alice@volunteers.example.org')[0];
    expect(details?.subject).toMatch(/^Thank you for saying yes – .* \(GCK-ARR01\)$/);
    expect(details?.text).toContain('Thank you for saying yes. Here are the details.');
  });

  it('tells a volunteer arranged by hand that they have been asked, without thanking them for a yes', async () => {
    await arrange('by-hand');
    await deliverPending(ports);
    const details = ports.mailer.to('alice@volunteers.example.org')[0];
    expect(details?.subject).toMatch(/^You have been asked to help – .* \(GCK-ARR01\)$/);
    expect(details?.subject).not.toContain('Thank you for saying yes');
    expect(details?.text).toContain('team has arranged for you to help');
    expect(details?.text).toContain('Mary Testperson');
  });
});
