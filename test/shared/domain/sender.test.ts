import { beforeEach, describe, expect, it } from 'vitest';
import { takenNotice } from '../../../shared/domain/arranged.js';
import { PAUSED_UNTIL_FIXED } from '../../../shared/domain/email-events.js';
import { requesterChannels } from '../../../shared/domain/contact.js';
import {
  TO_PRESCRIBER,
  toRequester,
  toVolunteer,
  type MessageIntent,
} from '../../../shared/domain/messages.js';
import type { TextMessage, Texter } from '../../../shared/domain/ports.js';
import {
  channelsFor,
  classifySendError,
  deliverMessage,
  LEASE_SECONDS,
  MessageBusyError,
  type SenderPorts,
} from '../../../shared/domain/sender.js';
import { submitHelpRequest } from '../../../shared/domain/submit.js';
import { emailRenderers } from '../../../shared/mail/render.js';
import { viewInvite } from '../../../shared/domain/respond.js';
import { newInviteToken } from '../../../shared/util/ids.js';
import { textRenderer } from '../../../shared/sms/render.js';
import {
  aRequest,
  aValidPayload,
  aVolunteer,
  DEFAULT_NOW,
  testPorts,
  testSettings,
  type TestPorts,
} from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
let ports: TestPorts;
let sender: SenderPorts;

beforeEach(async () => {
  ports = testPorts();
  sender = { ...ports, renderers: emailRenderers };
  ports.store.seedRequest(aRequest({ id: 'req-1', status: 'escalated' }));
  await ports.store.putVolunteer(aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }));
});

async function write(intent: MessageIntent): Promise<string> {
  await ports.store.putMessages([intent]);
  const id = [...ports.store.messages.keys()].at(-1);
  if (!id) throw new Error('no message written');
  return id;
}

/** An invite for vol-a to a matching request, stored and waiting to go, and its outbox message. */
async function pendingInvite(): Promise<string> {
  ports.store.seedRequest(aRequest({ id: 'req-2', status: 'matching', wave: 1 }));
  await ports.store.createInvite({
    requestId: 'req-2',
    volunteerId: 'vol-a',
    wave: 1,
    tokenHash: 'placeholder-hash',
    status: 'pending',
    createdAt: DEFAULT_NOW,
    expiresAt: 4_000_000_000,
  });
  return write({ kind: 'volunteer-invite', to: toVolunteer('vol-a'), requestId: 'req-2' });
}

const escalation = (): MessageIntent => ({
  kind: 'prescriber-escalation',
  to: TO_PRESCRIBER,
  requestId: 'req-1',
  facts: { reason: 'no-candidates', waves: 1, invited: 0 },
});

describe('sending a message once', () => {
  it('renders, sends and marks the channel sent, and a second delivery of the same record sends nothing', async () => {
    const id = await write(escalation());

    expect(await deliverMessage(id, settings, sender)).toBe('sent');
    expect(await deliverMessage(id, settings, sender)).toBe('already-done');

    expect(ports.mailer.sent.map((m) => m.to)).toEqual([settings.prescriberEmail]);
    expect(ports.mailer.sent[0]?.subject).toContain('GCK-SEED1');
    expect(ports.store.messages.get(id)).toMatchObject({
      sentEmailAt: expect.any(String) as unknown,
      doneAt: expect.any(String) as unknown,
    });
    expect(ports.store.messages.get(id)).not.toHaveProperty('leaseUntil');
  });

  it('takes two writes for a one-channel message: the claim, then the mark that also ends it', async () => {
    const id = await write(escalation());
    ports.store.calls.length = 0;

    await deliverMessage(id, settings, sender);

    const bookkeeping = ['claimMessage', 'markMessageSent', 'finishMessage', 'releaseMessage'];
    expect(ports.store.calls.filter((call) => bookkeeping.includes(call))).toEqual([
      'claimMessage',
      'markMessageSent',
    ]);
    expect(ports.store.messages.get(id)).toMatchObject({ doneAt: expect.any(String) as unknown });
  });

  it('marks an invite sent before it ends the invite message, so an interrupted delivery is retried', async () => {
    const id = await pendingInvite();
    ports.store.calls.length = 0;

    expect(await deliverMessage(id, settings, sender)).toBe('sent');

    const calls = ports.store.calls;
    expect(calls.indexOf('markInviteSent')).toBeGreaterThan(calls.indexOf('markMessageSent'));
    expect(calls.indexOf('finishMessage')).toBeGreaterThan(calls.indexOf('markInviteSent'));
    expect((await ports.store.listInvites('req-2'))[0]?.status).toBe('sent');
  });

  it('tells a volunteer whose invite was spent by another accept while it went out, once', async () => {
    const id = await pendingInvite();
    // Another volunteer's accept spends the invite between the send and its mark: it read it pending.
    const send = ports.mailer.send.bind(ports.mailer);
    ports.mailer.send = async (email) => {
      await send(email);
      await ports.store.markInvitesTaken('req-2', ['vol-a'], (volunteerId) =>
        takenNotice('req-2', volunteerId),
      );
    };

    expect(await deliverMessage(id, settings, sender)).toBe('sent');

    expect((await ports.store.listInvites('req-2'))[0]?.status).toBe('taken');
    const notices = [...ports.store.messages.values()].filter((m) => m.kind === 'volunteer-taken');
    expect(notices).toEqual([expect.objectContaining({ to: toVolunteer('vol-a'), requestId: 'req-2' })]);
  });

  it('sends once when two deliveries of the same message run at the same time', async () => {
    const id = await write(escalation());

    const outcomes = await Promise.allSettled([
      deliverMessage(id, settings, sender),
      deliverMessage(id, settings, sender),
    ]);

    expect(ports.mailer.attempts).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual(['sent']);
    const [busy] = outcomes.filter((o) => o.status === 'rejected');
    expect(busy?.reason).toBeInstanceOf(MessageBusyError);
    // The busy one is retried by the stream, and then finds the message done.
    expect(await deliverMessage(id, settings, sender)).toBe('already-done');
  });

  it('lets a retry take over once a crashed delivery’s lease has lapsed', async () => {
    const id = await write(escalation());
    const now = ports.clock.now();
    const until = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString();
    expect((await ports.store.claimMessage(id, until, now.toISOString())).kind).toBe('claimed');

    await expect(deliverMessage(id, settings, sender)).rejects.toBeInstanceOf(MessageBusyError);
    ports.clock.advanceSeconds(LEASE_SECONDS + 1);
    expect(await deliverMessage(id, settings, sender)).toBe('sent');
    expect(ports.mailer.sent).toHaveLength(1);
  });

  it('rethrows a throttle for the stream to retry, frees the message at once, and the retry sends it once', async () => {
    const id = await write(escalation());
    ports.mailer.failNext(1);

    await expect(deliverMessage(id, settings, sender)).rejects.toMatchObject({ name: 'Throttling' });
    expect(ports.store.messages.get(id)).not.toHaveProperty('doneAt');
    expect(ports.store.messages.get(id)).not.toHaveProperty('leaseUntil');

    expect(await deliverMessage(id, settings, sender)).toBe('sent');
    expect(ports.mailer.attempts).toHaveLength(2);
    expect(ports.mailer.sent).toHaveLength(1);
  });

  it('records a refused address for good, pauses the volunteer and tells the prescriber who it was', async () => {
    ports.mailer.failFor('alice@example.org');
    const id = await write({ kind: 'volunteer-taken', to: toVolunteer('vol-a'), requestId: 'req-1' });

    expect(await deliverMessage(id, settings, sender)).toBe('failed');
    expect(await deliverMessage(id, settings, sender)).toBe('already-done');

    expect(ports.store.messages.get(id)).toMatchObject({ failedReason: 'email:MessageRejected' });
    expect(ports.store.volunteers.get('vol-a')?.pausedUntil).toBe(PAUSED_UNTIL_FIXED);
    await deliverPending(ports);
    const [notice] = ports.mailer.to(settings.prescriberEmail);
    expect(notice?.subject).toBe('Volunteer paused: emails to Alice Able are refused');
    expect(notice?.text).toContain('alice@example.org');
    expect(ports.mailer.attempts.filter((m) => m.to === 'alice@example.org')).toHaveLength(1);
    // Ids only in the logs.
    expect(ports.log.text()).not.toMatch(/alice@|Alice/);
  });

  it('does not pause anyone when a requester’s address is refused', async () => {
    ports.mailer.failFor('mary@example.com');
    const id = await write({ kind: 'requester-released', to: toRequester('req-1'), requestId: 'req-1' });

    expect(await deliverMessage(id, settings, sender)).toBe('failed');
    expect(ports.store.messages.get(id)).toMatchObject({ failedReason: 'email:MessageRejected' });
    expect(ports.store.messages.size).toBe(1);
  });

  it('sends nothing about a request erased since, and nothing for an invite no longer waiting to go', async () => {
    const erased = await write({
      kind: 'requester-released',
      to: toRequester('req-gone'),
      requestId: 'req-gone',
    });
    ports.store.seedRequest(aRequest({ id: 'req-2', reference: 'GCK-SEED2', status: 'assigned' }));
    ports.store.seedInvite({
      requestId: 'req-2',
      volunteerId: 'vol-a',
      wave: 1,
      tokenHash: 'x'.repeat(64),
      status: 'taken',
      createdAt: '2026-03-10T09:00:00.000Z',
      expiresAt: 1_900_000_000,
    });
    const invite = await write({ kind: 'volunteer-invite', to: toVolunteer('vol-a'), requestId: 'req-2' });

    expect(await deliverMessage(erased, settings, sender)).toBe('skipped');
    expect(await deliverMessage(invite, settings, sender)).toBe('skipped');

    expect(ports.mailer.attempts).toEqual([]);
    expect(ports.store.messages.get(erased)?.skippedReason).toBe('request-gone');
    expect(ports.store.messages.get(invite)?.skippedReason).toBe('invite-not-pending');
  });

  it('stores no personal data with a message: ids, a kind and facts only', async () => {
    const outcome = await submitHelpRequest(aValidPayload(), { enteredBy: 'public-form' }, settings, ports);
    expect(outcome.kind).toBe('created');
    const messages = JSON.stringify([...ports.store.messages.values()]);
    expect(messages).toContain('requester-confirmation');
    for (const secret of ['Mary', 'Testperson', 'Acacia', 'GL50 1AB', '07700', 'mary@example.com'])
      expect(messages).not.toContain(secret);
  });
});

describe('channels', () => {
  const MOBILE = '+447700900001';
  const person = { email: 'a@example.org', phone: MOBILE };

  it('uses email by default, a text when there is no email, and both when asked', () => {
    expect(channelsFor(requesterChannels(person), person, true)).toEqual(['email']);
    expect(channelsFor(requesterChannels({ phone: MOBILE }), { phone: MOBILE }, true)).toEqual(['text']);
    const both = { ...person, contactBy: 'both' } as const;
    expect(channelsFor(requesterChannels(both), both, true)).toEqual(['email', 'text']);
    const text = { ...person, contactBy: 'text' } as const;
    expect(channelsFor(requesterChannels(text), text, true)).toEqual(['text']);
  });

  it('falls back to a channel it can use, and to none when it can use none', () => {
    const text = { ...person, contactBy: 'text' } as const;
    expect(channelsFor(requesterChannels(text), text, false)).toEqual(['email']);
    expect(channelsFor(requesterChannels({ phone: MOBILE }), { phone: MOBILE }, false)).toEqual([]);
    expect(channelsFor([], {}, true)).toEqual([]);
    // A landline is never texted, whatever was chosen.
    expect(channelsFor(['text'], { phone: '01747 859202' }, true)).toEqual([]);
  });

  it('sends each channel once: a throttled text after the email went retries the text alone', async () => {
    const texts: TextMessage[] = [];
    let failText = 1;
    const texter: Texter = {
      async send(message) {
        if (failText-- > 0) throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
        texts.push(message);
      },
    };
    const both = {
      ...sender,
      texter,
      renderers: {
        ...emailRenderers,
        sms: { renders: () => true, render: (kind: string) => `Community Kindness: ${kind}` },
      },
    };
    ports.store.seedRequest(
      aRequest({
        id: 'req-3',
        reference: 'GCK-SEED3',
        requester: { ...aRequest().requester, contactBy: 'both' } as ReturnType<typeof aRequest>['requester'],
      }),
    );
    const id = await write({ kind: 'requester-released', to: toRequester('req-3'), requestId: 'req-3' });

    await expect(deliverMessage(id, settings, both)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(await deliverMessage(id, settings, both)).toBe('sent');

    expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
    expect(texts).toEqual([{ to: '+447700900982', body: 'Community Kindness: requester-released' }]);
    expect(ports.store.messages.get(id)).toMatchObject({
      sentEmailAt: expect.any(String) as unknown,
      sentTextAt: expect.any(String) as unknown,
    });
  });
});

describe('the details of a task, to a volunteer who reads texts', () => {
  it('go by email, with a text that links to them for this volunteer and holds none of them', async () => {
    const texts: TextMessage[] = [];
    const withTexts: SenderPorts = {
      ...sender,
      texter: { send: async (message) => void texts.push(message) },
      renderers: { ...emailRenderers, sms: textRenderer },
    };
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-t', name: 'Tom Texter', phone: '07700 900555', contactBy: 'text' }),
    );
    ports.store.seedRequest(
      aRequest({ id: 'req-t', reference: 'GCK-TXT01', status: 'assigned', assignedVolunteerId: 'vol-t' }),
    );
    const id = await write({
      kind: 'volunteer-details',
      to: toVolunteer('vol-t'),
      requestId: 'req-t',
      facts: { how: 'accepted' },
    });

    expect(await deliverMessage(id, settings, withTexts)).toBe('sent');

    const request = aRequest();
    expect(ports.mailer.sent.map((m) => m.subject)).toEqual([expect.stringContaining('GCK-TXT01')]);
    expect(ports.mailer.sent[0]?.text).toContain(request.requester.addressLine1);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ to: '+447700900555' });
    expect(texts[0]?.body).toContain('GCK-TXT01');
    expect(texts[0]?.body).toMatch(/https:\/\/help\.example\.org\/details\/[A-Za-z0-9_-]{43}/);
    for (const secret of [request.requester.name, request.requester.addressLine1, request.requester.postcode])
      expect(texts[0]?.body).not.toContain(secret);
  });

  it('say the date or details changed when sent again after a merge, by email and text', async () => {
    const texts: TextMessage[] = [];
    const withTexts: SenderPorts = {
      ...sender,
      texter: { send: async (message) => void texts.push(message) },
      renderers: { ...emailRenderers, sms: textRenderer },
    };
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-t', name: 'Tom Texter', phone: '07700 900555', contactBy: 'text' }),
    );
    ports.store.seedRequest(
      aRequest({ id: 'req-t', reference: 'GCK-TXT01', status: 'assigned', assignedVolunteerId: 'vol-t' }),
    );
    const id = await write({
      kind: 'volunteer-details',
      to: toVolunteer('vol-t'),
      requestId: 'req-t',
      facts: { changed: true },
      dedupeKey: 'details-changed:req-t:req-held',
    });

    expect(await deliverMessage(id, settings, withTexts)).toBe('sent');

    expect(ports.mailer.sent.map((m) => m.subject)).toEqual(['The date or details have changed – GCK-TXT01']);
    expect(ports.mailer.sent[0]?.text).toContain(aRequest().requester.addressLine1);
    expect(texts.map((t) => t.body)).toEqual([
      expect.stringMatching(
        /^Community Kindness: Tom, the date or details of GCK-TXT01 have changed\. See https:\/\/help\.example\.org\/details\/[A-Za-z0-9_-]{43}$/,
      ),
    ]);
  });
});

describe('an invite to a volunteer who wants both emails and texts', () => {
  it('keeps the link already emailed working when the text goes only on a retry', async () => {
    let refuseTexts = 1;
    const texts: TextMessage[] = [];
    const tokens = [newInviteToken(), newInviteToken()];
    const issued = [...tokens];
    const both: SenderPorts = {
      ...sender,
      ids: { inviteToken: () => issued.shift() ?? newInviteToken() },
      texter: {
        async send(message) {
          if (refuseTexts-- > 0) throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
          texts.push(message);
        },
      },
      renderers: { ...emailRenderers, sms: textRenderer },
    };
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-both', email: 'bea@example.org', phone: '07700 900556', contactBy: 'both' }),
    );
    ports.store.seedRequest(aRequest({ id: 'req-b', status: 'matching', wave: 1 }));
    await ports.store.createInvite({
      requestId: 'req-b',
      volunteerId: 'vol-both',
      wave: 1,
      tokenHash: 'placeholder',
      status: 'pending',
      createdAt: DEFAULT_NOW,
      expiresAt: 4_000_000_000,
    });
    const id = await write({
      kind: 'volunteer-invite',
      to: toVolunteer('vol-both'),
      requestId: 'req-b',
      facts: { wave: 1 },
    });

    await expect(deliverMessage(id, settings, both)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(await deliverMessage(id, settings, both)).toBe('sent');

    const [emailed, texted] = tokens as [string, string];
    expect(ports.mailer.to('bea@example.org')[0]?.text).toContain(emailed);
    expect(texts.map((t) => t.body).join()).not.toContain(emailed);
    for (const token of [emailed, texted]) expect((await viewInvite(token, ports)).kind, token).toBe('open');
    // The placeholder that was never sent is gone.
    expect(await ports.store.findInviteByTokenHash('placeholder')).toBeUndefined();
  });
});

describe('classifying send errors', () => {
  const error = (name: string, httpStatusCode?: number) =>
    Object.assign(new Error(name), { name, ...(httpStatusCode ? { $metadata: { httpStatusCode } } : {}) });

  it('retries throttling, server errors, timeouts and anything unknown', () => {
    for (const name of [
      'Throttling',
      'ThrottlingException',
      'TooManyRequestsException',
      'TimeoutError',
      'Whatever',
    ])
      expect(classifySendError(error(name))).toBe('transient');
    expect(classifySendError(error('MessageRejected', 503))).toBe('transient');
    expect(classifySendError('not an error')).toBe('transient');
  });

  it('records refused addresses and opted-out numbers for good', () => {
    for (const name of [
      'MessageRejected',
      'InvalidParameterValue',
      'ValidationException',
      'ConflictException',
    ])
      expect(classifySendError(error(name, 400))).toBe('permanent');
  });
});

describe('what the views tell the requester', () => {
  it('tells a held request it has reached the team, and a later visit its first reference', async () => {
    ports.store.seedRequest(
      aRequest({ id: 'req-held', reference: 'GCK-HELD1', status: 'on-hold', possibleDuplicateOf: 'req-1' }),
    );
    ports.store.seedRequest(aRequest({ id: 'req-first', reference: 'GCK-FIRST', status: 'assigned' }));
    ports.store.seedRequest(
      aRequest({
        id: 'req-next',
        reference: 'GCK-NEXT2',
        status: 'matching',
        seriesId: 'req-first',
        occurrence: 2,
      }),
    );
    ports.store.series.set('req-first', {
      id: 'req-first',
      frequency: 'weekly',
      helpType: 'shopping',
      area: 'GL50',
      status: 'active',
      requestIds: ['req-first', 'req-next'],
      createdAt: new Date().toISOString(),
    });
    for (const requestId of ['req-held', 'req-next']) {
      await deliverMessage(
        await write({ kind: 'requester-confirmation', to: toRequester(requestId), requestId }),
        settings,
        sender,
      );
    }
    const [held, next] = ports.mailer.sent.slice(-2);
    expect(held?.subject).toContain('Your request has reached our team');
    expect(held?.text).not.toContain('We are contacting volunteers');
    expect(next?.text).toContain('GCK-NEXT2 (part of GCK-FIRST)');
  });
});
