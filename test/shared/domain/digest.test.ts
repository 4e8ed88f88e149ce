import { beforeEach, describe, expect, it } from 'vitest';
import { composeDigest, runDailyDigest } from '../../../shared/domain/digest.js';
import { dailyDigestEmail } from '../../../shared/mail/digest-templates.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

// The fake clock's today is Tuesday 10 March 2026 (10:00 UTC).
const settings = testSettings();
const PRESCRIBER = settings.prescriberEmail;
let ports: TestPorts;

const digestEmail = () => {
  const sent = ports.mailer.to(PRESCRIBER);
  expect(sent).toHaveLength(1);
  return sent[0] ?? { subject: '', text: '' };
};

/** A day in the life of the scheme: something in every section, and near misses next to each. */
async function seedState(): Promise<void> {
  await ports.store.putVolunteers([
    aVolunteer({ id: 'v-asha', name: 'Asha Patel', email: 'asha@example.org', unansweredInvitesInARow: 3 }),
    aVolunteer({ id: 'v-ben', name: 'Ben Cole', email: 'ben@example.org', unansweredInvitesInARow: 2 }),
    // DBS: lapses today (expired), tomorrow, in 30 days (both expiring), in 31 days (not yet listed).
    aVolunteer({
      id: 'v-cara',
      name: 'Cara Dunn',
      helpTypes: ['lift'],
      dbsChecked: true,
      dbsCheckedOn: '2023-03-10',
    }),
    aVolunteer({
      id: 'v-dev',
      name: 'Dev Shah',
      helpTypes: ['lift'],
      dbsChecked: true,
      dbsCheckedOn: '2023-03-11',
    }),
    aVolunteer({ id: 'v-eve', name: 'Eve Ford', dbsChecked: true, dbsCheckedOn: '2023-04-09' }),
    aVolunteer({ id: 'v-fay', name: 'Fay Gill', dbsChecked: true, dbsCheckedOn: '2023-04-10' }),
    // Lapsed long ago but offers no help that needs a check: nothing to do.
    aVolunteer({
      id: 'v-gus',
      name: 'Gus Hale',
      helpTypes: ['shopping'],
      dbsChecked: true,
      dbsCheckedOn: '2020-01-01',
    }),
    aVolunteer({ id: 'v-hal', name: 'Hal Iqbal', dbsChecked: true }),
  ]);
  ports.store.seedRequest(
    aRequest({
      id: 'r-escalated',
      reference: 'GCK-ESC01',
      status: 'escalated',
      escalationReason: 'no-acceptance',
      escalatedAt: '2026-03-09T12:00:00.000Z',
    }),
  );
  ports.store.seedRequest(
    aRequest({
      id: 'r-overdue',
      reference: 'GCK-OVR01',
      status: 'assigned',
      helpType: 'prescription',
      neededBy: '2026-03-09',
      assignedVolunteerId: 'v-ben',
      assignedAt: '2026-03-08T09:00:00.000Z',
    }),
  );
  // Needed by today: not late yet.
  ports.store.seedRequest(
    aRequest({
      id: 'r-due-today',
      reference: 'GCK-DUE01',
      status: 'assigned',
      neededBy: '2026-03-10',
      assignedVolunteerId: 'v-asha',
    }),
  );
  ports.store.seedRequest(
    aRequest({ id: 'r-closed', reference: 'GCK-CLS01', status: 'closed', neededBy: '2026-03-01' }),
  );
}

beforeEach(() => {
  ports = testPorts();
});

describe('the daily digest', () => {
  it('lists what needs the prescriber, and nothing that does not', async () => {
    await seedState();

    const result = await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    await deliverPending(ports);

    const { subject, text } = digestEmail();
    expect(subject).toBe('Daily digest for Tue 10 Mar: 6 things need you');
    expect(text).toContain(
      'Still waiting for you (1)\n\nPassed to you because no volunteer was found, and not arranged yet:\n\n- GCK-ESC01: Shopping in GL50, needed by Sat 14 Mar (nobody said yes)',
    );
    expect(text).toContain('Not marked done after the date (1)');
    expect(text).toContain(
      '- GCK-OVR01: Collecting a prescription in GL50, needed by Mon 9 Mar, volunteer Ben Cole, reminded Tue 10 Mar',
    );
    expect(text).toContain('Volunteers not answering (1)');
    expect(text).toContain('- Asha Patel: 3 invites');
    expect(text).toContain(
      'DBS checks that have lapsed (1)\n\nThese volunteers are no longer asked for help that needs a DBS check until a new date is recorded:\n\n- Cara Dunn: lapsed Tuesday 10 March 2026',
    );
    expect(text).toContain(
      'DBS checks lapsing in the next 30 days (2)\n\n- Dev Shah: lapses Wednesday 11 March 2026\n- Eve Ford: lapses Thursday 9 April 2026\n',
    );
    expect(text).toContain('1 volunteer is marked DBS checked with no date.');
    expect(text).toContain('https://help.example.org/admin');
    for (const absent of [
      'GCK-DUE01',
      'GCK-CLS01',
      'Ben Cole: 2',
      'Fay Gill',
      'Gus Hale',
      'Mary',
      'Acacia',
      'GL50 1AB',
    ])
      expect(text).not.toContain(absent);
    expect(result).toEqual({ items: 6, remindersSent: 1, seriesMovedOn: 0 });
  });

  it('still goes when nothing needs the prescriber, and says so', async () => {
    await ports.store.putVolunteer(aVolunteer({ id: 'v1', dbsChecked: true, dbsCheckedOn: '2025-01-01' }));

    await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    await deliverPending(ports);

    const { subject, text } = digestEmail();
    expect(subject).toBe('Daily digest for Tue 10 Mar: nothing needs you');
    expect(text).toContain('Nothing needs you today');
  });

  it('uses the London date: just after midnight in summer time is already the next day', () => {
    const digest = composeDigest(
      { escalated: [], assigned: [aRequest({ status: 'assigned', neededBy: '2026-06-30' })], volunteers: [] },
      settings,
      '2026-07-01',
    );
    expect(digest.overdue.map((r) => r.reference)).toEqual(['GCK-SEED1']);
  });
});

describe('the friendly reminder', () => {
  it('goes once to the volunteer who said yes, the day after the need-by date, and is audited', async () => {
    await seedState();

    await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    await deliverPending(ports);
    // GCK-DUE01 was needed by today: its volunteer hears nothing until tomorrow.
    expect(ports.mailer.to('asha@example.org')).toEqual([]);
    ports.clock.advanceSeconds(86_400);
    await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    await deliverPending(ports);
    expect(ports.mailer.to('asha@example.org')).toHaveLength(1);

    const reminders = ports.mailer.to('ben@example.org');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.subject).toBe(
      'Have you been able to help? – Collecting a prescription in GL50 (GCK-OVR01)',
    );
    expect(reminders[0]?.text).toMatch(
      /I have helped:\nhttps:\/\/help\.example\.org\/done\/[A-Za-z0-9_-]{43}\n/,
    );
    expect(reminders[0]?.text).not.toContain('Acacia');
    const audit = await ports.store.listAudit('r-overdue');
    expect(audit.filter((e) => e.type === 'reminder-sent')).toEqual([
      {
        requestId: 'r-overdue',
        at: '2026-03-10T10:00:00.000Z',
        type: 'reminder-sent',
        actor: 'system',
        data: { volunteerId: 'v-ben' },
      },
    ]);
    expect(ports.store.requests.get('r-overdue')?.reminderSentAt).toBe('2026-03-10T10:00:00.000Z');
  });

  it('is not sent again when the send fails after the mark, and the digest still lists the request', async () => {
    await seedState();
    ports.mailer.failFor('ben@example.org');

    await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    await deliverPending(ports);
    ports.mailer.recoverFor('ben@example.org');
    await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    await deliverPending(ports);

    expect(ports.mailer.to('ben@example.org')).toEqual([]);
    // Refused for good: recorded once on its message (and Ben paused), never retried by the next run.
    expect([...ports.store.messages.values()].filter((m) => m.kind === 'volunteer-reminder')).toEqual([
      expect.objectContaining({ failedReason: 'email:MessageRejected' }),
    ]);
    expect(ports.log.at('warn').map((e) => e.message)).toEqual([
      'message refused for good',
      'volunteer paused: their address is refused',
    ]);
    expect(ports.mailer.to(PRESCRIBER).at(-1)?.text).toContain('GCK-OVR01');
  });

  it('keeps personal data out of the logs', async () => {
    await seedState();

    await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    await deliverPending(ports);

    for (const secret of ['Asha', 'Ben', 'ben@example.org', 'Mary', 'GCK-'])
      expect(ports.log.text()).not.toContain(secret);
  });
});
