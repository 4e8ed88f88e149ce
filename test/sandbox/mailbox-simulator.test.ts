import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startMailboxSimulator,
  simulatedOutcome,
  type MailboxSimulator,
} from '../../sandbox/mailbox-simulator.js';
import { readOutbox, startOutboxServer, type Outbox } from '../../sandbox/services.js';
import type { SesEvent } from '../../shared/domain/email-events.js';
import { createSesMailer } from '../../shared/mail/ses.js';
import { freePort } from '../support/ports.js';

describe('which addresses the mailbox simulator answers for', () => {
  it.each([
    ['bounce@simulator.amazonses.com', 'bounce'],
    ['bounce+vol3@simulator.amazonses.com', 'bounce'],
    ['Complaint+x@Simulator.AmazonSES.com', 'complaint'],
    ['complaint@simulator.amazonses.com', 'complaint'],
    ['success@simulator.amazonses.com', undefined],
    ['bounce@example.org', undefined],
    ['bounce.simulator.amazonses.com', undefined],
  ])('%s → %s', (address, outcome) => {
    expect(simulatedOutcome(address)).toBe(outcome);
  });
});

describe('the mailbox simulator in front of the local outbox', () => {
  let outbox: Outbox;
  let simulator: MailboxSimulator;
  const delivered: SNSEvent[] = [];

  beforeAll(async () => {
    outbox = await startOutboxServer(await freePort());
    simulator = await startMailboxSimulator({
      target: outbox.url,
      delayMs: 200,
      deliver: async (event) => {
        delivered.push(event);
      },
    });
  });
  afterAll(async () => {
    await simulator.stop();
    await outbox.stop();
  });
  beforeEach(() => {
    delivered.splice(0);
  });

  const mailer = () =>
    createSesMailer({ sender: 'scheme@example.org', endpoint: simulator.url, region: 'eu-west-2' });
  const send = (to: string) =>
    mailer().send({ to, subject: 'Can you help?', text: 'Hello', html: '<p>Hello</p>' });
  const sesEvents = () =>
    delivered.map((event) => JSON.parse(event.Records[0]?.Sns.Message ?? '{}') as SesEvent);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  it('accepts the send, then delivers the permanent bounce SES publishes through SNS', async () => {
    await send('bounce+vol3@simulator.amazonses.com');
    expect(delivered).toEqual([]);
    const kept = (await readOutbox(outbox.url)).at(-1);
    expect(kept?.destination.to).toEqual(['bounce+vol3@simulator.amazonses.com']);

    await settle();

    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.Records[0]?.EventSource).toBe('aws:sns');
    expect(sesEvents()[0]).toMatchObject({
      eventType: 'Bounce',
      mail: { messageId: kept?.messageId },
      bounce: {
        bounceType: 'Permanent',
        bouncedRecipients: [{ emailAddress: 'bounce+vol3@simulator.amazonses.com' }],
      },
    });
  });

  it('delivers a complaint for the complaint address', async () => {
    await send('complaint@simulator.amazonses.com');
    await settle();

    expect(sesEvents()).toEqual([
      expect.objectContaining({
        eventType: 'Complaint',
        complaint: expect.objectContaining({
          complainedRecipients: [{ emailAddress: 'complaint@simulator.amazonses.com' }],
        }),
      }),
    ]);
  });

  it('delivers nothing for an ordinary address', async () => {
    await send('asha.patel@example.org');
    await settle();

    expect(delivered).toEqual([]);
    expect((await readOutbox(outbox.url)).at(-1)?.destination.to).toEqual(['asha.patel@example.org']);
  });
});
