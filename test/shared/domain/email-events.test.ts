import { describe, expect, it } from 'vitest';
import { handleEmailEvent, PAUSED_UNTIL_FIXED } from '../../../shared/domain/email-events.js';
import { aVolunteer, testPorts, testSettings } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

/** Promise 14: an address that bounces or complains stops getting invites, and the prescriber hears. */
const settings = testSettings();

describe('bounces and complaints', () => {
  it('pauses a volunteer whose address bounces for good, and tells the prescriber', async () => {
    const ports = testPorts();
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-1', name: 'Asha Patel', email: 'asha@example.org' }),
    );
    const outcome = await handleEmailEvent(
      {
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Asha@Example.org' }] },
      },
      settings,
      ports,
    );
    await deliverPending(ports);
    expect(outcome.pausedVolunteerIds).toEqual(['vol-1']);
    expect((await ports.store.getVolunteer('vol-1'))?.pausedUntil).toBe(PAUSED_UNTIL_FIXED);
    const [email] = ports.mailer.to(settings.prescriberEmail);
    expect(email?.subject).toContain('Asha Patel');
    expect(email?.text).toContain('bounced');
  });

  it('pauses on a complaint too', async () => {
    const ports = testPorts();
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-2', email: 'bob@example.org' }));
    await handleEmailEvent(
      { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'bob@example.org' }] } },
      settings,
      ports,
    );
    await deliverPending(ports);
    expect((await ports.store.getVolunteer('vol-2'))?.pausedUntil).toBe(PAUSED_UNTIL_FIXED);
  });

  it('leaves volunteers alone on a temporary bounce, and never logs an address', async () => {
    const ports = testPorts();
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-3', email: 'cara@example.org' }));
    const outcome = await handleEmailEvent(
      {
        eventType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'cara@example.org' }] },
      },
      settings,
      ports,
    );
    await deliverPending(ports);
    expect(outcome.pausedVolunteerIds).toEqual([]);
    expect((await ports.store.getVolunteer('vol-3'))?.pausedUntil).toBeUndefined();
    expect(ports.mailer.sent).toEqual([]);
    expect(ports.log.text()).not.toContain('cara@example.org');
  });

  it('counts a bounced requester address without pausing anyone', async () => {
    const ports = testPorts();
    const outcome = await handleEmailEvent(
      {
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'someone@example.net' }] },
      },
      settings,
      ports,
    );
    await deliverPending(ports);
    expect(outcome).toEqual({ pausedVolunteerIds: [], otherRecipients: 1 });
    expect(ports.log.text()).not.toContain('someone@example.net');
  });
});
