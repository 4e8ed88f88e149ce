import { beforeAll, describe, expect, it } from 'vitest';
import { runDailyDigest } from '../../shared/domain/digest.js';
import type { HelpRequest } from '../../shared/domain/model.js';
import type { Store } from '../../shared/domain/ports.js';
import { aRequest, aVolunteer } from '../support/builders.js';
import { dailyDigestEmail } from '../../shared/mail/digest-templates.js';
import { freshTable } from '../support/local-table.js';
import { deliverPending, tablePending } from '../support/outbox.js';
import { FakeClock, FakeMailer, RecordingLog, testSettings } from '../support/memory-store.js';

/** The digest and its conditional writes against the table as the stack declares it (DynamoDB Local). */
let store: Store;
const settings = testSettings();
// 1 December 2026, 07:00 London (GMT): the builders' requests are needed by 1 December.
const clock = new FakeClock('2026-12-02T07:00:00.000Z');

beforeAll(async () => {
  store = (await freshTable('digest')).store;
});

describe('chase-up writes in DynamoDB Local', () => {
  it('marks a reminder sent once, and only on an assigned request', async () => {
    const assigned = await storedIn(store, { status: 'assigned' });
    const escalated = await storedIn(store, { status: 'escalated' });

    expect(await store.markReminderSent(assigned.id, '2026-12-02T07:00:00.000Z')).toBe(true);
    expect(await store.markReminderSent(assigned.id, '2026-12-03T07:00:00.000Z')).toBe(false);
    expect(await store.markReminderSent(escalated.id, '2026-12-02T07:00:00.000Z')).toBe(false);
    expect(await store.markReminderSent('no-such-request', '2026-12-02T07:00:00.000Z')).toBe(false);
    expect((await store.getRequest(assigned.id))?.reminderSentAt).toBe('2026-12-02T07:00:00.000Z');
  });

  it('settles a request’s invites once', async () => {
    const request = await storedIn(store, { status: 'assigned' });
    expect(await store.markInvitesSettled(request.id, '2026-12-02T07:00:00.000Z')).toBe(true);
    expect(await store.markInvitesSettled(request.id, '2026-12-02T07:00:01.000Z')).toBe(false);
  });

  it('counts unanswered invites per volunteer, resets on an answer, and never recreates a removed volunteer', async () => {
    const volunteer = aVolunteer();
    await store.putVolunteer(volunteer);
    await store.recordUnansweredInvites([volunteer.id, 'removed-volunteer']);
    await store.recordUnansweredInvites([volunteer.id]);
    expect((await store.getVolunteer(volunteer.id))?.unansweredInvitesInARow).toBe(2);
    expect(await store.getVolunteer('removed-volunteer')).toBeUndefined();

    await store.resetUnansweredInvites(volunteer.id);
    await store.resetUnansweredInvites(volunteer.id);
    await store.resetUnansweredInvites('removed-volunteer');
    expect((await store.getVolunteer(volunteer.id))?.unansweredInvitesInARow).toBe(0);
    expect(await store.getVolunteer('removed-volunteer')).toBeUndefined();
  });
});

describe('the daily digest against DynamoDB Local', () => {
  it('reads escalated and overdue requests and the roster from the indexes, and reminds once', async () => {
    const { store: own, tableName, endpoint } = await freshTable('digest-run');
    const mailer = new FakeMailer();
    const log = new RecordingLog();
    const ports = { store: own, mailer, clock, log, renderDigest: dailyDigestEmail };
    const drain = () => deliverPending(ports, { settings, pending: tablePending(tableName, endpoint) });
    const helper = aVolunteer({ name: 'Asha Patel', email: 'asha@example.org' });
    const quiet = aVolunteer({ name: 'Quinn Rowe', email: 'quinn@example.org' });
    const lapsing = aVolunteer({
      name: 'Lee Moss',
      email: 'lee@example.org',
      dbsChecked: true,
      dbsCheckedOn: '2023-12-20',
    });
    await own.putVolunteers([helper, quiet, lapsing]);
    await own.recordUnansweredInvites([quiet.id]);
    await own.recordUnansweredInvites([quiet.id]);
    await own.recordUnansweredInvites([quiet.id]);
    const escalated = await storedIn(own, {
      status: 'escalated',
      escalationReason: 'no-candidates',
      escalatedAt: '2026-11-30T10:00:00.000Z',
    });
    const overdue = await storedIn(own, {
      status: 'assigned',
      assignedVolunteerId: helper.id,
      neededBy: '2026-12-01',
    });
    const onTime = await storedIn(own, {
      status: 'assigned',
      assignedVolunteerId: helper.id,
      neededBy: '2026-12-02',
    });

    await runDailyDigest(settings, ports);
    await drain();
    await runDailyDigest(settings, ports);
    await drain();

    const digests = mailer.to(settings.prescriberEmail);
    expect(digests).toHaveLength(2);
    const text = digests[0]?.text ?? '';
    expect(text).toContain(
      `- ${escalated.reference}: Shopping in GL50, needed by Tue 1 Dec (no volunteer offers this help here)`,
    );
    expect(text).toContain(
      `- ${overdue.reference}: Shopping in GL50, needed by Tue 1 Dec, volunteer Asha Patel, reminded Wed 2 Dec`,
    );
    expect(text).not.toContain(onTime.reference);
    expect(text).toContain('- Quinn Rowe: 3 invites');
    expect(text).toContain('- Lee Moss: lapses Sunday 20 December 2026');
    expect(mailer.to('asha@example.org')).toHaveLength(1);
    expect((await own.listAudit(overdue.id)).map((e) => e.type)).toEqual(['received', 'reminder-sent']);
    expect((await own.getRequest(overdue.id))?.reminderSentAt).toBe('2026-12-02T07:00:00.000Z');
  });
});

async function storedIn(target: Store, overrides: Partial<HelpRequest>): Promise<HelpRequest> {
  const request = aRequest(overrides);
  await target.createRequest(request, {
    requestId: request.id,
    at: request.createdAt,
    type: 'received',
    actor: 'public-form',
  });
  return request;
}
