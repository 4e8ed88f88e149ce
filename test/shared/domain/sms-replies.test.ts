import { beforeEach, describe, expect, it } from 'vitest';
import type { HelpRequest, Invite } from '../../../shared/domain/model.js';
import { respondToInvite } from '../../../shared/domain/respond.js';
import { handleTextReply, parseReply, type ReplyAction } from '../../../shared/domain/sms-replies.js';
import { hashToken, newInviteToken } from '../../../shared/util/ids.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';

const settings = testSettings();
const ASHA_PHONE = '07700 900101';
const ASHA_E164 = '+447700900101';

let ports: TestPorts;

beforeEach(async () => {
  ports = testPorts();
  await ports.store.putVolunteers([
    aVolunteer({ id: 'vol-asha', name: 'Asha Patel', phone: ASHA_PHONE, contactBy: 'text' }),
    aVolunteer({ id: 'vol-bob', name: 'Bob Baker', phone: '07700 900102' }),
  ]);
});

/** A request in matching with an invite (sent) to each volunteer named; returns the link tokens. */
async function invited(
  request: Partial<HelpRequest> & Pick<HelpRequest, 'id'>,
  volunteerIds: string[],
  invite: Partial<Invite> = {},
): Promise<Record<string, string>> {
  ports.store.seedRequest(aRequest({ status: 'matching', wave: 1, ...request }));
  const tokens: Record<string, string> = {};
  for (const volunteerId of volunteerIds) {
    const token = newInviteToken();
    tokens[volunteerId] = token;
    await ports.store.createInvite({
      requestId: request.id,
      volunteerId,
      wave: 1,
      tokenHash: hashToken(token),
      status: 'sent',
      createdAt: request.createdAt ?? '2026-03-10T09:00:00.000Z',
      expiresAt: 4_000_000_000,
      ...invite,
    });
  }
  return tokens;
}

const reply = (body: string, from = ASHA_E164) => handleTextReply({ from, body }, settings, ports);

describe('reading a reply', () => {
  it.each<[string, ReplyAction]>([
    ['YES', 'yes'],
    ['yes', 'yes'],
    [' Y ', 'yes'],
    ['Yes please!', 'yes'],
    ['yes.', 'yes'],
    ['نعم', 'yes'],
    ['أجل', 'yes'],
    ['NO', 'no'],
    ['No thanks', 'no'],
    ['لا', 'no'],
    ['PAUSE', 'pause'],
    ['pause.', 'pause'],
    ['STOP', 'stop'],
    ['stopall', 'stop'],
    ['Stop all', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['opt-out', 'stop'],
    ['إلغاء', 'stop'],
    ['no problem, I will go', 'other'],
    ['yes but only after 3', 'other'],
    ['maybe', 'other'],
    ['', 'other'],
    ['👍', 'other'],
  ])('reads %j as %s', (body, action) => {
    expect(parseReply(body)).toBe(action);
  });
});

describe('answering a text reply', () => {
  it('accepts the volunteer’s newest open invite through the same path as the link', async () => {
    await invited({ id: 'req-old', createdAt: '2026-03-09T09:00:00.000Z' }, ['vol-asha']);
    await invited({ id: 'req-new', createdAt: '2026-03-10T09:00:00.000Z' }, ['vol-asha', 'vol-bob']);

    const outcome = await reply('Yes please');

    expect(outcome).toEqual({
      kind: 'answered',
      action: 'yes',
      volunteerId: 'vol-asha',
      requestId: 'req-new',
      view: 'accepted',
      replies: [],
    });
    expect(await ports.store.getRequest('req-new')).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: 'vol-asha',
    });
    expect((await ports.store.getRequest('req-old'))?.status).toBe('matching');
    expect(ports.store.audit.filter((e) => e.type === 'accepted')).toEqual([
      expect.objectContaining({ requestId: 'req-new', actor: 'vol-asha' }),
    ]);
    // What follows an accept follows this one too: the other volunteer's invite is spent.
    expect(ports.store.invites.get('req-new#vol-bob')?.status).toBe('taken');
  });

  it('skips an invite whose request no longer needs anyone and answers the one that does', async () => {
    await invited({ id: 'req-open', createdAt: '2026-03-09T09:00:00.000Z' }, ['vol-asha']);
    await invited({ id: 'req-cancelled', status: 'cancelled', createdAt: '2026-03-10T09:00:00.000Z' }, [
      'vol-asha',
    ]);

    const outcome = await reply('YES');

    expect(outcome).toMatchObject({ requestId: 'req-open', view: 'accepted' });
  });

  it('tells a volunteer with nothing waiting so, and changes nothing', async () => {
    await invited({ id: 'req-taken', status: 'assigned', assignedVolunteerId: 'vol-bob' }, ['vol-asha']);
    await invited({ id: 'req-expired' }, ['vol-asha'], { expiresAt: 1_000 });
    ports.store.calls.length = 0;

    const outcome = await reply('YES');

    expect(outcome).toMatchObject({ replies: [{ kind: 'sms-reply-nothing-open' }] });
    // Nothing changes but the answer's own outbox message.
    expect(ports.store.writes()).toEqual(['putMessages']);
  });

  it('gives exactly one winner when a YES text races a link accept', async () => {
    const tokens = await invited({ id: 'req-race' }, ['vol-asha', 'vol-bob']);

    const [text, link] = await Promise.all([
      reply('YES'),
      respondToInvite(tokens['vol-bob'] ?? '', 'accept', settings, ports),
    ]);

    const textWon = text.kind === 'answered' && text.view === 'accepted';
    const linkWon = link.kind === 'accepted';
    expect([textWon, linkWon].filter(Boolean)).toHaveLength(1);
    const request = await ports.store.getRequest('req-race');
    expect(request?.assignedVolunteerId).toBe(textWon ? 'vol-asha' : 'vol-bob');
    expect(ports.store.audit.filter((e) => e.type === 'accepted')).toHaveLength(1);
  });

  it('tells the volunteer whose YES lost the race that someone else said yes', async () => {
    await invited({ id: 'req-lost' }, ['vol-asha', 'vol-bob']);
    // Bob's accept lands between Asha's invite being found and her accept being written.
    const invite = ports.store.invites.get('req-lost#vol-asha') as Invite;
    ports.store.listOpenInvites = async () => {
      await ports.store.acceptInvite(
        ports.store.invites.get('req-lost#vol-bob') as Invite,
        '2026-03-10T10:00:00.000Z',
      );
      return [invite];
    };
    ports.store.getRequest = async (id) => aRequest({ id, status: 'matching' });

    const outcome = await reply('YES');

    expect(outcome).toMatchObject({
      view: 'taken',
      replies: [{ kind: 'sms-reply-taken', requestId: 'req-lost' }],
    });
  });

  it('declines on NO, and thanks them', async () => {
    await invited({ id: 'req-no' }, ['vol-asha']);

    const outcome = await reply('no');

    expect(outcome).toMatchObject({ view: 'declined', replies: [{ kind: 'sms-reply-declined' }] });
    expect(ports.store.invites.get('req-no#vol-asha')?.status).toBe('declined');
    expect((await ports.store.getRequest('req-no'))?.status).toBe('matching');
  });

  it('pauses invites for a week on PAUSE', async () => {
    const outcome = await reply('PAUSE');

    expect(outcome).toMatchObject({
      replies: [
        {
          kind: 'sms-reply-paused',
          to: { role: 'volunteer', volunteerId: 'vol-asha' },
          facts: { until: '2026-03-17' },
        },
      ],
    });
    expect((await ports.store.getVolunteer('vol-asha'))?.pausedUntil).toBe('2026-03-17T23:59:59.000Z');
  });

  it('keeps a longer pause already in place', async () => {
    const asha = await ports.store.getVolunteer('vol-asha');
    if (!asha) throw new Error('the volunteer should be stored');
    await ports.store.putVolunteer({ ...asha, pausedUntil: '2026-06-01T23:59:59.000Z' });
    ports.store.calls.length = 0;

    const outcome = await reply('pause');

    expect(outcome).toMatchObject({
      replies: [{ kind: 'sms-reply-paused', facts: { until: '2026-06-01' } }],
    });
    // Nothing changes but the answer's own outbox message.
    expect(ports.store.writes()).toEqual(['putMessages']);
  });

  it('records STOP on the profile, once, and sends nothing back (End User Messaging confirms it)', async () => {
    const first = await reply('STOP');
    const stoppedAt = (await ports.store.getVolunteer('vol-asha'))?.smsOptedOutAt;
    ports.store.calls.length = 0;
    const second = await reply('unsubscribe');

    expect(first).toMatchObject({ action: 'stop', replies: [] });
    expect(second).toMatchObject({ action: 'stop', replies: [] });
    expect(stoppedAt).toBe('2026-03-10T10:00:00.000Z');
    expect(ports.store.writes()).toEqual([]);
    expect(ports.log.entries.map((e) => e.message)).toContain('volunteer opted out of texts');
  });

  it('answers anything else with the help text and changes nothing', async () => {
    await invited({ id: 'req-open' }, ['vol-asha']);
    ports.store.calls.length = 0;

    const outcome = await reply('What time is it needed?');

    expect(outcome).toMatchObject({ action: 'other', replies: [{ kind: 'sms-reply-help' }] });
    // Nothing changes but the answer's own outbox message.
    expect(ports.store.writes()).toEqual(['putMessages']);
  });

  it('writes the answer to the outbox once per text, as ids and a kind, in the language it was written in', async () => {
    const text = { from: ASHA_E164, body: 'ايش هذا؟', id: 'inbound-1' };

    await handleTextReply(text, settings, ports);
    await handleTextReply(text, settings, ports);

    const answers = ports.store.pendingMessages();
    expect(answers).toEqual([
      expect.objectContaining({
        kind: 'volunteer-text-reply',
        to: { role: 'volunteer', volunteerId: 'vol-asha' },
        facts: { reply: 'sms-reply-help', language: 'ar' },
      }),
    ]);
    expect(JSON.stringify(answers)).not.toMatch(/7700|ايش/);
  });

  it('finds the volunteer however the roster wrote their number', async () => {
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-cara', phone: '+44 (7700) 900-103' }));

    expect(await reply('help', '+447700900103')).toMatchObject({ volunteerId: 'vol-cara' });
  });

  it('ignores a number not on the roster: no answer, nothing stored, and no number in the log', async () => {
    await invited({ id: 'req-open' }, ['vol-asha']);
    ports.store.calls.length = 0;

    const outcome = await reply('YES', '+447700900999');

    expect(outcome).toEqual({ kind: 'unknown-sender' });
    expect(ports.store.writes()).toEqual([]);
    expect(ports.log.text()).not.toMatch(/7700|900999/);
    expect(ports.log.entries.map((e) => e.message)).toEqual(['text reply from a number not on the roster']);
  });

  it('logs the answer by ids only', async () => {
    await invited({ id: 'req-open' }, ['vol-asha']);

    await reply('Yes please');

    expect(ports.log.text()).not.toMatch(/7700|Yes please|Asha/);
  });
});
