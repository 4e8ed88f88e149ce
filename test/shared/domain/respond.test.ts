import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { sendInvites } from '../../../shared/domain/matching.js';
import { respondToInvite, viewInvite } from '../../../shared/domain/respond.js';
import type { HelpRequest } from '../../../shared/domain/model.js';
import { renderRespondPage } from '../../../shared/web/pages.js';
import {
  aRequest,
  aVolunteer,
  DEFAULT_NOW,
  testPorts,
  testSettings,
  type TestPorts,
} from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
const contact = { schemeName: settings.schemeName, schemePhone: settings.schemePhone };
const REQUEST_ID = 'req-seeded';
const ALICE = 'alice@volunteers.example.org';
const BOB = 'bob@volunteers.example.org';
const CARA = 'cara@volunteers.example.org';
const REQUESTER_SECRETS = ['Mary', 'Testperson', 'Acacia', 'GL50 1AB', '07700', 'mary@example.com'];

let ports: TestPorts;
let tokens: { alice: string; bob: string; cara: string };

function tokenIn(text: string): string {
  const match = /https:\/\/help\.example\.org\/respond\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error('no respond link');
  return match[1];
}

const tokenFor = (address: string) => tokenIn(ports.mailer.to(address)[0]?.text ?? '');

/** A request in matching, with invites sent to Alice, Bob and Cara; the outbox is then emptied. */
async function invited(request: Partial<HelpRequest> = {}): Promise<void> {
  ports.store.seedRequest(aRequest({ id: REQUEST_ID, status: 'matching', wave: 1, ...request }));
  await ports.store.putVolunteers([
    aVolunteer({ id: 'vol-a', name: 'Alice Able', email: ALICE }),
    aVolunteer({ id: 'vol-b', name: 'Bob Baker', email: BOB }),
    aVolunteer({ id: 'vol-c', name: 'Cara Cole', email: CARA }),
    aVolunteer({ id: 'vol-d', name: 'Dan Dale', email: 'dan@volunteers.example.org' }),
  ]);
  await sendInvites(
    { requestId: REQUEST_ID, wave: 1, volunteerIds: ['vol-a', 'vol-b', 'vol-c'] },
    testSettings({ waveSize: 3 }),
    ports,
  );
  await deliverPending(ports);
  tokens = { alice: tokenFor(ALICE), bob: tokenFor(BOB), cara: tokenFor(CARA) };
  ports.mailer.sent.length = 0;
  ports.mailer.attempts.length = 0;
  ports.store.calls.length = 0;
}

async function inviteStatus(volunteerId: string) {
  return (await ports.store.listInvites(REQUEST_ID)).find((i) => i.volunteerId === volunteerId)?.status;
}

const summary = {
  reference: 'GCK-SEED1',
  helpType: 'shopping',
  area: 'GL50',
  neededBy: '2026-03-14',
  urgent: false,
  details: 'Milk, bread and a newspaper',
};

beforeEach(() => {
  ports = testPorts();
});

describe('viewing an invite (GET)', () => {
  it('shows an open invite with the summary and the volunteer’s first name only', async () => {
    await invited();

    const view = await viewInvite(tokens.alice, ports);

    expect(view).toEqual({ kind: 'open', summary, volunteerFirstName: 'Alice' });
    const page = renderRespondPage(view, { token: tokens.alice, contact });
    for (const secret of REQUESTER_SECRETS) expect(page).not.toContain(secret);
  });

  it('never spends the token, however often the link is fetched', async () => {
    await invited();

    await viewInvite(tokens.alice, ports);
    await viewInvite(tokens.alice, ports);
    await viewInvite(tokens.alice, ports);

    expect(ports.store.writes()).toEqual([]);
    expect(await inviteStatus('vol-a')).toBe('sent');
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('matching');
    expect((await respondToInvite(tokens.alice, 'accept', settings, ports)).kind).toBe('accepted');
    await deliverPending(ports);
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'A'.repeat(44)],
    ['with characters outside base64url', `${'A'.repeat(42)}/`],
    ['empty', ''],
    ['with a path in it', `../${'A'.repeat(40)}`],
  ])('reads a malformed token (%s) as invalid without a lookup', async (_label, token) => {
    await invited();

    expect(await viewInvite(token, ports)).toEqual({ kind: 'invalid' });
    expect(ports.store.calls).toEqual([]);
  });

  it('reads a well-formed token that was never issued as invalid', async () => {
    await invited();
    const forged = createHash('sha256').update('forged').digest().toString('base64url');

    expect(forged).toHaveLength(43);
    expect(await viewInvite(forged, ports)).toEqual({ kind: 'invalid' });
  });

  it('reads a token whose hash was pasted into the link as invalid', async () => {
    await invited();
    const storedHash = (await ports.store.listInvites(REQUEST_ID))[0]?.tokenHash ?? '';

    expect(await viewInvite(storedHash, ports)).toEqual({ kind: 'invalid' });
  });

  it('shows expired once the invite’s time is up', async () => {
    await invited();
    const invite = (await ports.store.listInvites(REQUEST_ID)).find((i) => i.volunteerId === 'vol-a');
    ports.clock.set(new Date(((invite?.expiresAt ?? 0) - 1) * 1000));
    expect((await viewInvite(tokens.alice, ports)).kind).toBe('open');

    ports.clock.set(new Date((invite?.expiresAt ?? 0) * 1000));
    expect(await viewInvite(tokens.alice, ports)).toEqual({ kind: 'expired' });
  });

  it('shows taken to another invitee once someone has accepted', async () => {
    await invited();
    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    expect(await viewInvite(tokens.bob, ports)).toEqual({ kind: 'taken', summary });
  });

  it.each(['escalated', 'cancelled', 'closed'] as const)(
    'shows closed when the request is %s',
    async (status) => {
      await invited();
      const request = ports.store.requests.get(REQUEST_ID);
      if (request) request.status = status;

      expect(await viewInvite(tokens.alice, ports)).toEqual({ kind: 'closed', summary });
    },
  );

  it('shows already-accepted to the volunteer who accepted', async () => {
    await invited();
    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    expect(await viewInvite(tokens.alice, ports)).toEqual({ kind: 'already-accepted', summary });
  });
});

describe('accepting an invite (POST)', () => {
  it('gives the winner the full details and assigns the request to them', async () => {
    await invited();

    const view = await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    expect(view).toEqual({
      kind: 'accepted',
      details: { ...summary, requester: aRequest().requester },
    });
    expect(ports.store.requests.get(REQUEST_ID)).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
      assignedAt: DEFAULT_NOW,
    });
    expect(await inviteStatus('vol-a')).toBe('accepted');
    expect(ports.store.audit).toContainEqual({
      requestId: REQUEST_ID,
      at: DEFAULT_NOW,
      type: 'accepted',
      actor: 'vol-a',
      data: { wave: 1 },
    });
  });

  it('emails the winner the details', async () => {
    await invited();

    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    const [details] = ports.mailer.to(ALICE);
    expect(ports.mailer.to(ALICE)).toHaveLength(1);
    expect(details?.text).toContain('Hello Alice,');
    expect(details?.text).toContain('Mary Testperson');
    expect(details?.text).toContain('12 Acacia Avenue');
    expect(details?.text).toContain('07700 900982');
    // The subject shows on lock screens: no name there.
    expect(details?.subject).not.toContain('Mary');
  });

  it('tells the requester a volunteer is coming, giving the volunteer’s first name only', async () => {
    await invited();

    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    const [accepted] = ports.mailer.to('mary@example.com');
    expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
    expect(accepted?.subject).toContain('GCK-SEED1');
    expect(accepted?.text).toContain('Alice');
    expect(`${accepted?.subject}${accepted?.text}${accepted?.html}`).not.toContain('Able');
    expect(`${accepted?.text}${accepted?.html}`).not.toContain(ALICE);
  });

  it('sends no requester email to a requester without an email address', async () => {
    await invited({ requester: { ...aRequest().requester, email: undefined } });

    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    expect(ports.mailer.sent.map((m) => m.to).sort()).toEqual([ALICE, BOB, CARA].sort());
  });

  it('tells the other open invitees it is taken and closes their invites', async () => {
    await invited();

    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    for (const [address, volunteerId, name] of [
      [BOB, 'vol-b', 'Bob'],
      [CARA, 'vol-c', 'Cara'],
    ] as const) {
      const messages = ports.mailer.to(address);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.subject).toMatch(/^Someone else has said yes/);
      expect(messages[0]?.text).toContain(`Hello ${name},`);
      for (const secret of REQUESTER_SECRETS) expect(messages[0]?.text).not.toContain(secret);
      expect(await inviteStatus(volunteerId)).toBe('taken');
    }
    expect(ports.mailer.to('dan@volunteers.example.org')).toEqual([]);
  });

  it('does not send a "taken" email to an invitee who already declined', async () => {
    await invited();
    await respondToInvite(tokens.bob, 'decline', settings, ports);
    await deliverPending(ports);

    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    expect(ports.mailer.to(BOB)).toEqual([]);
    expect(await inviteStatus('vol-b')).toBe('declined');
  });

  it('answers a second volunteer’s accept with taken, showing no requester details', async () => {
    await invited();
    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    const view = await respondToInvite(tokens.bob, 'accept', settings, ports);
    await deliverPending(ports);

    expect(view).toEqual({ kind: 'taken', summary });
    const page = renderRespondPage(view, { token: tokens.bob, contact });
    for (const secret of REQUESTER_SECRETS) expect(page).not.toContain(secret);
    expect(ports.store.requests.get(REQUEST_ID)?.assignedVolunteerId).toBe('vol-a');
  });

  it('the first accept wins and the second sees already taken when both press at once', async () => {
    await invited();

    const [first, second] = await Promise.all([
      respondToInvite(tokens.alice, 'accept', settings, ports),
      respondToInvite(tokens.bob, 'accept', settings, ports),
    ]);
    await deliverPending(ports);

    expect(first.kind).toBe('accepted');
    expect(second).toEqual({ kind: 'taken', summary });
    expect(ports.store.requests.get(REQUEST_ID)?.assignedVolunteerId).toBe('vol-a');
    expect(ports.store.audit.filter((a) => a.type === 'accepted')).toHaveLength(1);
    expect(ports.mailer.sent.filter((m) => m.subject.startsWith('Thank you for saying yes'))).toHaveLength(1);
    expect(await inviteStatus('vol-b')).toBe('taken');
  });

  it('answers the winner pressing accept again with already-accepted and sends nothing more', async () => {
    await invited();
    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);
    const sentBefore = ports.mailer.sent.length;

    const again = await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    // Their accepted page again: "you have already said yes", with the details the first post showed.
    const stored = await ports.store.getRequest(REQUEST_ID);
    expect(again).toEqual({
      kind: 'already-accepted',
      summary,
      details: { ...summary, requester: stored?.requester },
    });
    expect(ports.mailer.sent).toHaveLength(sentBefore);
    expect(ports.store.audit.filter((a) => a.type === 'accepted')).toHaveLength(1);
  });

  it('shows a volunteer whose own other accept committed between the two reads their page, not "someone else"', async () => {
    await invited();
    // As a second post reads it mid-race: the invite still open, the request already Alice's.
    const open = await ports.store.getRequest(REQUEST_ID);
    if (!open) throw new Error('no request');
    const request: HelpRequest = { ...open, status: 'assigned', assignedVolunteerId: 'vol-a' };
    ports.store.seedRequest(request);

    const alice = await respondToInvite(tokens.alice, 'accept', settings, ports);
    expect(alice).toEqual({
      kind: 'already-accepted',
      summary,
      details: { ...summary, requester: request?.requester },
    });
    // Everyone else still sees that someone else said yes, with nothing about the person.
    expect(await respondToInvite(tokens.bob, 'accept', settings, ports)).toEqual({ kind: 'taken', summary });
    // And a GET of Alice's link shows no details: mail scanners fetch links.
    expect(await viewInvite(tokens.alice, ports)).toEqual({ kind: 'already-accepted', summary });
  });

  it('refuses an accept after the invite has expired and leaves the request open', async () => {
    await invited();
    ports.clock.advanceSeconds(2 * 7200);

    expect(await respondToInvite(tokens.alice, 'accept', settings, ports)).toEqual({ kind: 'expired' });
    await deliverPending(ports);
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('matching');
    expect(ports.mailer.attempts).toEqual([]);
  });

  it('refuses an accept once the request has been escalated', async () => {
    await invited();
    await ports.store.escalate(REQUEST_ID, 'no-acceptance', DEFAULT_NOW);

    expect(await respondToInvite(tokens.alice, 'accept', settings, ports)).toEqual({
      kind: 'closed',
      summary,
    });
    await deliverPending(ports);
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('escalated');
  });

  it('refuses an accept with a forged token', async () => {
    await invited();
    const forged = createHash('sha256').update('forged').digest().toString('base64url');

    expect(await respondToInvite(forged, 'accept', settings, ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('matching');
  });

  it('still answers accepted when the email service is throttled at the win, and loses no email', async () => {
    await invited();
    ports.mailer.failNext(10);

    const view = await respondToInvite(tokens.alice, 'accept', settings, ports);
    const throttled = await deliverPending(ports);

    expect(view.kind).toBe('accepted');
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('assigned');
    // Details, the requester's news and two "someone else said yes": all four written with the win.
    expect(throttled.errors).toHaveLength(4);
    expect(ports.mailer.sent).toEqual([]);
    // The other invites are still closed, even though their emails failed.
    expect(await inviteStatus('vol-b')).toBe('taken');

    // The stream retries: each promised email arrives, once.
    await deliverPending(ports, { rounds: 5 });
    expect(ports.mailer.to(ALICE)).toHaveLength(1);
    expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
    expect(ports.mailer.to(BOB)).toHaveLength(1);
    expect(ports.mailer.to(CARA)).toHaveLength(1);
  });

  it('logs ids only', async () => {
    await invited();
    await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);
    await respondToInvite(tokens.bob, 'decline', settings, ports);
    await deliverPending(ports);
    const logged = ports.log.text();
    for (const secret of [...REQUESTER_SECRETS, 'Alice', ALICE, tokens.alice])
      expect(logged).not.toContain(secret);
  });
});

describe('declining an invite (POST)', () => {
  it('records the decline and thanks the volunteer', async () => {
    await invited();

    const view = await respondToInvite(tokens.bob, 'decline', settings, ports);
    await deliverPending(ports);

    expect(view).toEqual({ kind: 'declined', summary });
    expect(await inviteStatus('vol-b')).toBe('declined');
    expect(ports.store.audit).toContainEqual({
      requestId: REQUEST_ID,
      at: DEFAULT_NOW,
      type: 'declined',
      actor: 'vol-b',
      data: { wave: 1 },
    });
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('matching');
    expect(ports.mailer.attempts).toEqual([]);
  });

  it('shows already-declined when the link is opened again, and a decline cannot become an accept', async () => {
    await invited();
    await respondToInvite(tokens.bob, 'decline', settings, ports);
    await deliverPending(ports);

    expect(await viewInvite(tokens.bob, ports)).toEqual({ kind: 'already-declined', summary });
    expect(await respondToInvite(tokens.bob, 'accept', settings, ports)).toEqual({
      kind: 'already-declined',
      summary,
    });
    await deliverPending(ports);
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('matching');
  });

  it('leaves the request open for the others', async () => {
    await invited();
    await respondToInvite(tokens.bob, 'decline', settings, ports);
    await deliverPending(ports);

    expect((await respondToInvite(tokens.alice, 'accept', settings, ports)).kind).toBe('accepted');
    await deliverPending(ports);
  });
});

describe('writes that meet other writes', () => {
  it('tries an accept again when a concurrent write cancelled it, and the volunteer still wins', async () => {
    await invited();
    const accept = ports.store.acceptInvite.bind(ports.store);
    let calls = 0;
    ports.store.acceptInvite = async (invite, at) => (calls++ === 0 ? 'conflict' : accept(invite, at));

    const view = await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    expect(calls).toBe(2);
    expect(view.kind).toBe('accepted');
    expect((await ports.store.getRequest(REQUEST_ID))?.assignedVolunteerId).toBe('vol-a');
  });

  it('shows what happened when a decline meets an accept that landed first', async () => {
    await invited();
    const decline = ports.store.declineInvite.bind(ports.store);
    ports.store.declineInvite = async (invite, at) => {
      await respondToInvite(tokens.bob, 'accept', settings, ports);
      await deliverPending(ports);
      return decline(invite, at);
    };

    const view = await respondToInvite(tokens.alice, 'decline', settings, ports);
    await deliverPending(ports);

    expect(view.kind).toBe('taken');
    expect((await ports.store.listAudit(REQUEST_ID)).filter((e) => e.type === 'declined')).toEqual([]);
  });

  it('lets a volunteer accept an invite whose email went out before it was marked sent', async () => {
    await invited();
    const invite = (await ports.store.listInvites(REQUEST_ID)).find((i) => i.volunteerId === 'vol-a');
    if (!invite) throw new Error('no invite');
    invite.status = 'pending';
    ports.store.seedInvite(invite);

    const view = await respondToInvite(tokens.alice, 'accept', settings, ports);
    await deliverPending(ports);

    expect(view.kind).toBe('accepted');
  });
});
