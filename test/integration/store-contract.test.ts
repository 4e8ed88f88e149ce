import { beforeEach, describe, expect, it } from 'vitest';
import { messageIdFor, toVolunteer, type MessageIntent } from '../../shared/domain/messages.js';
import type { ReportStore, Store } from '../../shared/domain/ports.js';
import { aRequest, aVolunteer, anInvite } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';
import { MemoryStore } from '../support/memory-store.js';

/**
 * One contract, every store: the in-memory store that handler and domain tests run on must behave as
 * the DynamoDB store does against DynamoDB Local, or those tests prove nothing about the real thing.
 * Each case runs on both; a difference fails one of the two.
 */
const STORES: [string, () => Promise<Store & ReportStore>][] = [
  ['the in-memory store', async () => new MemoryStore()],
  ['the DynamoDB store (DynamoDB Local)', async () => (await freshTable('contract')).store],
];

const T0 = '2026-03-10T10:00:00.000Z';
const T1 = '2026-03-10T10:00:30.000Z';
const LEASE = '2026-03-10T10:01:00.000Z';
const AFTER_LEASE = '2026-03-10T10:02:00.000Z';

describe.each(STORES)('%s', (_name, makeStore) => {
  let store: Store & ReportStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  describe('the outbox', () => {
    /** A message under a known id: the dedupe key decides it. */
    const message = async (dedupeKey: string): Promise<string> => {
      const intent: MessageIntent = { kind: 'volunteer-taken', to: toVolunteer('vol-1'), dedupeKey };
      await store.putMessages([intent]);
      return messageIdFor(intent, () => 'unused');
    };

    it('writes a message with a dedupe key once, however often it is written', async () => {
      const intent: MessageIntent = {
        kind: 'prescriber-escalation',
        to: { role: 'prescriber' },
        facts: { waves: 2 },
        dedupeKey: 'once',
      };
      await store.putMessages([intent]);
      await store.putMessages([{ ...intent, facts: { waves: 3 } }]);

      const stored = await store.getMessage(messageIdFor(intent, () => 'unused'));
      expect(stored).toMatchObject({ kind: 'prescriber-escalation', facts: { waves: 2 } });
      expect(stored).not.toHaveProperty('doneAt');
    });

    it('lets one delivery hold a message until its lease ends, and reports a missing one', async () => {
      const id = await message('lease');

      expect(await store.claimMessage(id, LEASE, T0)).toMatchObject({ kind: 'claimed' });
      expect(await store.claimMessage(id, LEASE, T1)).toEqual({ kind: 'busy' });
      expect(await store.claimMessage(id, '2026-03-10T10:03:00.000Z', AFTER_LEASE)).toMatchObject({
        kind: 'claimed',
      });
      expect(await store.claimMessage('no-such-message', LEASE, T0)).toEqual({ kind: 'missing' });
    });

    it('gives a released message to the next delivery at once', async () => {
      const id = await message('release');
      await store.claimMessage(id, LEASE, T0);

      await store.releaseMessage(id);

      expect(await store.claimMessage(id, LEASE, T1)).toMatchObject({ kind: 'claimed' });
    });

    it('marks each channel sent once', async () => {
      const id = await message('mark');
      await store.claimMessage(id, LEASE, T0);

      expect(await store.markMessageSent(id, 'email', T1)).toBe(true);
      expect(await store.markMessageSent(id, 'email', AFTER_LEASE)).toBe(false);
      expect(await store.markMessageSent(id, 'text', T1)).toBe(true);

      expect(await store.getMessage(id)).toMatchObject({ sentEmailAt: T1, sentTextAt: T1 });
    });

    it('ends a message in the same write as its last mark, and frees its lease', async () => {
      const id = await message('mark-and-finish');
      await store.claimMessage(id, LEASE, T0);

      expect(
        await store.markMessageSent(id, 'text', T1, { at: T1, failedReason: 'email:MessageRejected' }),
      ).toBe(true);

      const stored = await store.getMessage(id);
      expect(stored).toMatchObject({ sentTextAt: T1, doneAt: T1, failedReason: 'email:MessageRejected' });
      expect(stored).not.toHaveProperty('leaseUntil');
      expect(await store.claimMessage(id, LEASE, AFTER_LEASE)).toEqual({ kind: 'done' });
    });

    it('does not mark and end a message that has ended already', async () => {
      const id = await message('ended');
      await store.finishMessage(id, { at: T0, skippedReason: 'request-gone' });

      expect(await store.markMessageSent(id, 'email', T1, { at: T1 })).toBe(false);
      expect(await store.getMessage(id)).not.toHaveProperty('sentEmailAt');
    });

    it('keeps the first ending of a message', async () => {
      const id = await message('finish-twice');

      await store.finishMessage(id, { at: T0, skippedReason: 'no-channel' });
      await store.finishMessage(id, { at: T1, failedReason: 'text:ValidationException' });

      const stored = await store.getMessage(id);
      expect(stored).toMatchObject({ doneAt: T0, skippedReason: 'no-channel' });
      expect(stored).not.toHaveProperty('failedReason');
    });
  });

  describe('volunteers', () => {
    it('finds a volunteer by email in any case and by phone in any UK form, and by neither once removed', async () => {
      const volunteer = aVolunteer({ email: 'Asha.Patel@Example.org', phone: '07700 900123' });
      await store.putVolunteer(volunteer);

      expect((await store.findVolunteerByEmail('asha.patel@example.org'))?.id).toBe(volunteer.id);
      expect((await store.findVolunteerByPhone('+447700900123'))?.id).toBe(volunteer.id);
      expect((await store.findVolunteerByPhone('+44 7700 900124'))?.id).toBeUndefined();

      await store.deleteVolunteer(volunteer.id);
      expect(await store.getVolunteer(volunteer.id)).toBeUndefined();
      expect(await store.findVolunteerByEmail('asha.patel@example.org')).toBeUndefined();
      expect(await store.findVolunteerByPhone('+447700900123')).toBeUndefined();
    });

    it('follows a changed phone number: the new one finds them, the old one does not', async () => {
      const volunteer = aVolunteer({ phone: '07700 900125' });
      await store.putVolunteer(volunteer);

      await store.putVolunteer({ ...volunteer, phone: '07700 900126' });

      expect((await store.findVolunteerByPhone('+447700900126'))?.id).toBe(volunteer.id);
      expect(await store.findVolunteerByPhone('+447700900125')).toBeUndefined();
    });

    it('offers matching the volunteers of a sector and of its district, without names or contact details', async () => {
      const district = aVolunteer({ id: 'vol-district', areas: ['SP8'], helpTypes: ['shopping'] });
      const sector = aVolunteer({
        id: 'vol-sector',
        areas: ['SP8 4'],
        helpTypes: ['shopping', 'dog-walking'],
      });
      const otherSector = aVolunteer({ id: 'vol-other', areas: ['SP8 5'], helpTypes: ['shopping'] });
      const otherHelp = aVolunteer({ id: 'vol-lift', areas: ['SP8'], helpTypes: ['lift'] });
      for (const v of [district, sector, otherSector, otherHelp]) await store.putVolunteer(v);

      const found = await store.findVolunteersOffering('SP8 4', 'shopping');

      expect(found.map((c) => c.id).sort()).toEqual(['vol-district', 'vol-sector']);
      for (const candidate of found) {
        expect(candidate).not.toHaveProperty('name');
        expect(candidate).not.toHaveProperty('email');
        expect(candidate).not.toHaveProperty('phone');
      }
    });
  });

  describe('requests', () => {
    const received = (requestId: string) => ({
      requestId,
      at: T0,
      type: 'received' as const,
      actor: 'system',
    });

    it('stores a request once per idempotency key, and refuses a reference already taken', async () => {
      const first = aRequest();
      const claim = { idempotency: { key: 'form-submission-1', expiresAt: 2_000_000_000 } };

      expect(await store.createRequest(first, received(first.id), claim)).toEqual({ kind: 'created' });
      const again = aRequest();
      expect(await store.createRequest(again, received(again.id), claim)).toEqual({
        kind: 'duplicate',
        requestId: first.id,
        reference: first.reference,
      });
      const clash = aRequest({ reference: first.reference });
      expect(await store.createRequest(clash, received(clash.id))).toEqual({ kind: 'reference-taken' });
      expect(await store.getRequest(again.id)).toBeUndefined();
      expect(await store.getRequest(clash.id)).toBeUndefined();
      expect(await store.findRequestIdByReference(first.reference)).toBe(first.id);
    });

    describe('merging a held duplicate into the request its volunteer holds', () => {
      const closing = { closedAt: T1, expiresAt: 1_900_000_000 };
      const copy = { neededBy: '2026-12-03', urgent: false, details: 'Milk, bread and my prescription' };
      const notice = (earlierId: string, heldId: string): MessageIntent => ({
        kind: 'volunteer-details',
        to: toVolunteer('vol-1'),
        requestId: earlierId,
        facts: { changed: true },
        dedupeKey: `details-changed:${earlierId}:${heldId}`,
      });
      const noticeId = (intent: MessageIntent) => messageIdFor(intent, () => 'unused');

      async function pair(earlierOverrides: Partial<Parameters<typeof aRequest>[0]> = {}) {
        const earlier = aRequest({ status: 'assigned', assignedVolunteerId: 'vol-1', ...earlierOverrides });
        await store.createRequest(earlier, received(earlier.id));
        const held = aRequest({
          status: 'on-hold',
          possibleDuplicateOf: earlier.id,
          neededBy: copy.neededBy,
        });
        await store.createRequest(held, received(held.id));
        return { earlier, held };
      }

      it('writes the volunteer’s notice in the merge’s transaction', async () => {
        const { earlier, held } = await pair();
        const intent = notice(earlier.id, held.id);
        const expected = { assignedVolunteerId: 'vol-1', messages: [intent] };

        expect(await store.mergeIntoEarlier(held.id, earlier.id, closing, copy, expected)).toBe('merged');

        expect(await store.getRequest(earlier.id)).toMatchObject({
          neededBy: '2026-12-03',
          details: copy.details,
        });
        expect(await store.getMessage(noticeId(intent))).toMatchObject({
          kind: 'volunteer-details',
          to: { role: 'volunteer', volunteerId: 'vol-1' },
          requestId: earlier.id,
          facts: { changed: true },
        });
      });

      it('writes no notice, and changes nothing, when the merge does not happen', async () => {
        // The task passed to another volunteer since it was read.
        const moved = await pair({ assignedVolunteerId: 'vol-2' });
        const movedNotice = notice(moved.earlier.id, moved.held.id);
        expect(
          await store.mergeIntoEarlier(moved.held.id, moved.earlier.id, closing, copy, {
            assignedVolunteerId: 'vol-1',
            messages: [movedNotice],
          }),
        ).toBe('volunteer-changed');
        expect(await store.getRequest(moved.held.id)).toMatchObject({ status: 'on-hold' });
        expect(await store.getRequest(moved.earlier.id)).toMatchObject({ neededBy: moved.earlier.neededBy });
        expect(await store.getMessage(noticeId(movedNotice))).toBeUndefined();

        // Given back since: no volunteer now, where one was read.
        const released = await pair({ status: 'matching', assignedVolunteerId: undefined });
        const releasedNotice = notice(released.earlier.id, released.held.id);
        expect(
          await store.mergeIntoEarlier(released.held.id, released.earlier.id, closing, copy, {
            assignedVolunteerId: 'vol-1',
            messages: [releasedNotice],
          }),
        ).toBe('volunteer-changed');
        expect(await store.getMessage(noticeId(releasedNotice))).toBeUndefined();

        // The earlier request ended.
        const ended = await pair({ status: 'closed' });
        const endedNotice = notice(ended.earlier.id, ended.held.id);
        expect(
          await store.mergeIntoEarlier(ended.held.id, ended.earlier.id, closing, copy, {
            assignedVolunteerId: 'vol-1',
            messages: [endedNotice],
          }),
        ).toBe('earlier-ended');
        expect(await store.getMessage(noticeId(endedNotice))).toBeUndefined();

        // Decided already: the held request is no longer on hold.
        const decided = await pair();
        await store.transitionRequest(decided.held.id, ['on-hold'], { status: 'received' });
        const decidedNotice = notice(decided.earlier.id, decided.held.id);
        expect(
          await store.mergeIntoEarlier(decided.held.id, decided.earlier.id, closing, copy, {
            assignedVolunteerId: 'vol-1',
            messages: [decidedNotice],
          }),
        ).toBe('not-on-hold');
        expect(await store.getRequest(decided.earlier.id)).toMatchObject({
          neededBy: decided.earlier.neededBy,
        });
        expect(await store.getMessage(noticeId(decidedNotice))).toBeUndefined();
      });

      it('merges a request nobody holds only while nobody does', async () => {
        const { earlier, held } = await pair({ status: 'matching', assignedVolunteerId: undefined });
        expect(
          await store.mergeIntoEarlier(held.id, earlier.id, closing, copy, {
            assignedVolunteerId: undefined,
          }),
        ).toBe('merged');
        expect(await store.getRequest(held.id)).toMatchObject({ status: 'closed', outcome: 'duplicate' });
      });
    });

    it.each(['received', 'matching'] as const)('starts a wave on a %s request', async (status) => {
      const request = aRequest({ status });
      await store.createRequest(request, received(request.id));

      expect(await store.startWave(request.id, 2, T1)).toMatchObject({
        status: 'matching',
        wave: 2,
        waveStartedAt: T1,
      });
    });

    it.each(['escalated', 'assigned', 'closed', 'cancelled', 'on-hold'] as const)(
      'starts no wave, escalates nothing and accepts no invite on a %s request',
      async (status) => {
        const request = aRequest({ status });
        await store.createRequest(request, received(request.id));
        const { invite } = anInvite(request, aVolunteer());
        await store.createInvite(invite);

        expect(await store.startWave(request.id, 2, T1)).toBeUndefined();
        expect(await store.acceptInvite(invite, T1)).toBe('request-not-open');
        if (status !== 'escalated')
          expect(await store.escalate(request.id, 'no-acceptance', T1)).toBe('not-open');
        expect((await store.getRequest(request.id))?.status).toBe(status);
      },
    );

    it('lets the first accept win, and no second one, whichever invite it comes by', async () => {
      const request = aRequest({ status: 'matching', wave: 1 });
      await store.createRequest(request, received(request.id));
      const first = anInvite(request, aVolunteer()).invite;
      const second = anInvite(request, aVolunteer()).invite;
      await store.createInvite(first);
      await store.createInvite(second);

      expect(await store.acceptInvite(first, T1)).toBe('won');
      expect(await store.acceptInvite(first, T1)).toBe('invite-not-open');
      expect(await store.acceptInvite(second, T1)).toBe('request-not-open');
      expect(await store.getRequest(request.id)).toMatchObject({
        status: 'assigned',
        assignedVolunteerId: first.volunteerId,
      });
    });

    it('accepts a pending invite (it may have gone out before it was marked sent), not a declined one', async () => {
      const request = aRequest({ status: 'matching', wave: 1 });
      await store.createRequest(request, received(request.id));
      const pending = anInvite(request, aVolunteer(), { status: 'pending' }).invite;
      const declined = anInvite(request, aVolunteer()).invite;
      await store.createInvite(pending);
      await store.createInvite(declined);

      expect(await store.declineInvite(declined, T0)).toBe(true);
      expect(await store.declineInvite(declined, T0)).toBe(false);
      expect(await store.acceptInvite(declined, T1)).toBe('invite-not-open');
      expect(await store.acceptInvite(pending, T1)).toBe('won');
    });

    it('records for reports only the facts they count, under the day each request was made', async () => {
      const inside = aRequest({
        status: 'closed',
        createdAt: '2026-03-10T09:00:00.000Z',
        assignedVolunteerId: 'vol-1',
        assignedAt: '2026-03-10T09:30:00.000Z',
        outcome: 'helped',
        closedAt: '2026-03-11T09:00:00.000Z',
        expiresAt: 1_790_000_000,
      });
      const before = aRequest({ status: 'closed', createdAt: '2026-02-28T23:59:59.000Z' });
      const atEnd = aRequest({ status: 'closed', createdAt: '2026-04-01T00:00:00.000Z' });
      for (const request of [inside, before, atEnd]) await store.createRequest(request, received(request.id));

      const read = await store.getReportFacts([inside.id, before.id, atEnd.id, 'no-such-request']);
      expect(read.find((f) => f.id === inside.id)).toEqual({
        id: inside.id,
        helpType: inside.helpType,
        createdAt: inside.createdAt,
        enteredBy: inside.enteredBy,
        assignedVolunteerId: 'vol-1',
        assignedAt: '2026-03-10T09:30:00.000Z',
        outcome: 'helped',
        expiresAt: 1_790_000_000,
      });
      expect(read).toHaveLength(3);
      await store.recordReportFacts(read);

      const facts = await store.listReportFacts('2026-03-01', '2026-03-31');
      expect(facts).toEqual([
        {
          id: inside.id,
          helpType: inside.helpType,
          createdAt: inside.createdAt,
          enteredBy: inside.enteredBy,
          assignedVolunteerId: 'vol-1',
          assignedAt: '2026-03-10T09:30:00.000Z',
          outcome: 'helped',
        },
      ]);
      expect((await store.listReportFacts('2026-02-28', '2026-04-01')).map((f) => f.id).sort()).toEqual(
        [inside.id, before.id, atEnd.id].sort(),
      );
    });

    it("keeps one entry per request in its day's record, set to its facts as last read", async () => {
      const day = '2026-05-04';
      const first = aRequest({ status: 'matching', createdAt: `${day}T08:00:00.000Z` });
      const second = aRequest({ status: 'matching', createdAt: `${day}T21:00:00.000Z`, helpType: 'lift' });
      for (const request of [first, second]) await store.createRequest(request, received(request.id));
      await store.recordReportFacts(await store.getReportFacts([first.id, second.id]));
      // Recorded again (a stream record delivered twice), then changed: still one entry each, as now.
      await store.recordReportFacts(await store.getReportFacts([first.id]));
      expect(await store.escalate(first.id, 'no-acceptance', `${day}T10:00:00.000Z`)).toBe('escalated');
      await store.recordReportFacts(await store.getReportFacts([first.id, first.id]));

      const facts = await store.listReportFacts(day, day);
      expect(facts).toHaveLength(2);
      expect(facts.find((f) => f.id === first.id)).toMatchObject({ escalatedAt: `${day}T10:00:00.000Z` });
      expect(facts.find((f) => f.id === second.id)).toMatchObject({ helpType: 'lift' });
      expect(facts.find((f) => f.id === second.id)).not.toHaveProperty('escalatedAt');
      expect(await store.listReportFacts('2026-05-05', '2026-05-31')).toEqual([]);
    });

    it('keeps every request of a day when their facts are recorded at the same moment, and any value as written', async () => {
      const day = '2026-06-01';
      const requests = Array.from({ length: 6 }, (_, i) =>
        aRequest({ status: 'matching', createdAt: `${day}T0${i}:00:00.000Z` }),
      );
      // A separator in a value, a time before it was made, one on a later day: each reads back as written.
      const odd = aRequest({
        createdAt: `${day}T09:00:00.000Z`,
        enteredBy: 'phone|by 100%\nhand',
        assignedAt: `${day}T08:59:59.999Z`,
        escalatedAt: '2026-06-03T23:00:00.001Z',
      });
      for (const request of [...requests, odd]) await store.createRequest(request, received(request.id));

      await Promise.all(
        [...requests, odd].map(async (r) => store.recordReportFacts(await store.getReportFacts([r.id]))),
      );

      const facts = await store.listReportFacts(day, day);
      expect(facts.map((f) => f.id).sort()).toEqual([...requests, odd].map((r) => r.id).sort());
      expect(facts.find((f) => f.id === odd.id)).toMatchObject({
        enteredBy: 'phone|by 100%\nhand',
        createdAt: `${day}T09:00:00.000Z`,
        assignedAt: `${day}T08:59:59.999Z`,
        escalatedAt: '2026-06-03T23:00:00.001Z',
      });
    });

    it('lists the ids of every request made in a period, whatever its status', async () => {
      const made = [
        aRequest({ status: 'received', createdAt: '2026-07-01T00:00:00.000Z' }),
        aRequest({ status: 'on-hold', createdAt: '2026-07-01T12:00:00.000Z' }),
        aRequest({ status: 'closed', createdAt: '2026-07-02T23:59:59.999Z' }),
      ];
      const outside = [
        aRequest({ status: 'received', createdAt: '2026-06-30T23:59:59.999Z' }),
        aRequest({ status: 'closed', createdAt: '2026-07-03T00:00:00.000Z' }),
      ];
      for (const request of [...made, ...outside]) await store.createRequest(request, received(request.id));

      expect((await store.listRequestIdsMade('2026-07-01', '2026-07-02')).sort()).toEqual(
        made.map((r) => r.id).sort(),
      );
    });

    it('moves a request only from the statuses it is asked to move it from', async () => {
      const request = aRequest({ status: 'escalated' });
      await store.createRequest(request, received(request.id));

      expect(await store.transitionRequest(request.id, ['matching'], { status: 'closed' })).toBeUndefined();
      expect(
        await store.transitionRequest(request.id, ['escalated'], {
          status: 'assigned',
          assignedVolunteerId: 'vol-9',
        }),
      ).toMatchObject({ status: 'assigned', assignedVolunteerId: 'vol-9' });
      expect(
        await store.transitionRequest('no-such-request', ['escalated'], { status: 'closed' }),
      ).toBeUndefined();
    });
  });

  describe('invites', () => {
    it('creates an invite once, finds it by its token hash, and lists it while it is open', async () => {
      const request = aRequest({ status: 'matching', wave: 1 });
      await store.createRequest(request, {
        requestId: request.id,
        at: T0,
        type: 'received',
        actor: 'system',
      });
      const volunteer = aVolunteer();
      const { invite } = anInvite(request, volunteer, { createdAt: T0, expiresAt: 2_000_000_000 });

      expect(await store.createInvite(invite)).toBe('created');
      expect(await store.createInvite(invite)).toBe('exists');
      expect(await store.findInviteByTokenHash(invite.tokenHash)).toMatchObject({
        requestId: request.id,
        volunteerId: volunteer.id,
      });
      expect((await store.listOpenInvites(volunteer.id, 1_800_000_000)).map((i) => i.requestId)).toEqual([
        request.id,
      ]);
      // Expired: no longer open.
      expect(await store.listOpenInvites(volunteer.id, 2_000_000_001)).toEqual([]);
    });

    it('tells of a spent invite only those whose invite had gone out at the moment it is spent', async () => {
      const request = aRequest({ status: 'matching', wave: 1 });
      const [went, waiting, wentMeanwhile, answered] = [
        aVolunteer(),
        aVolunteer(),
        aVolunteer(),
        aVolunteer(),
      ];
      await store.createInvite(anInvite(request, went, { status: 'sent' }).invite);
      await store.createInvite(anInvite(request, waiting, { status: 'pending' }).invite);
      await store.createInvite(anInvite(request, wentMeanwhile, { status: 'pending' }).invite);
      await store.createInvite(anInvite(request, answered, { status: 'declined' }).invite);
      // Read as pending by the accept, then sent before the accept spends it.
      expect(await store.markInviteSent(request.id, wentMeanwhile.id)).toBe('sent');

      const notice = (volunteerId: string): MessageIntent => ({
        kind: 'volunteer-taken',
        to: toVolunteer(volunteerId),
        requestId: request.id,
        dedupeKey: `taken:${request.id}:${volunteerId}`,
      });
      const all = [went, waiting, wentMeanwhile, answered].map((v) => v.id);
      await store.markInvitesTaken(request.id, all, notice);
      // A second spend (a retried accept) changes nothing and tells nobody twice.
      await store.markInvitesTaken(request.id, all, notice);

      const statuses = Object.fromEntries(
        (await store.listInvites(request.id)).map((i) => [i.volunteerId, i.status]),
      );
      expect(statuses).toEqual({
        [went.id]: 'taken',
        [waiting.id]: 'taken',
        [wentMeanwhile.id]: 'taken',
        [answered.id]: 'declined',
      });
      const told = async (volunteerId: string) =>
        (await store.getMessage(messageIdFor(notice(volunteerId), () => 'unused'))) !== undefined;
      expect(await told(went.id)).toBe(true);
      expect(await told(wentMeanwhile.id)).toBe(true);
      expect(await told(waiting.id)).toBe(false);
      expect(await told(answered.id)).toBe(false);
    });

    it('marks a pending invite sent, and says when it was spent or answered before it could be', async () => {
      const request = aRequest({ status: 'matching', wave: 1 });
      const [pending, spent, answered] = [aVolunteer(), aVolunteer(), aVolunteer()];
      await store.createInvite(anInvite(request, pending, { status: 'pending' }).invite);
      await store.createInvite(anInvite(request, spent, { status: 'pending' }).invite);
      await store.createInvite(anInvite(request, answered, { status: 'declined' }).invite);
      await store.markInvitesTaken(request.id, [spent.id]);

      expect(await store.markInviteSent(request.id, pending.id)).toBe('sent');
      expect(await store.markInviteSent(request.id, pending.id)).toBe('sent');
      expect(await store.markInviteSent(request.id, spent.id)).toBe('taken');
      expect(await store.markInviteSent(request.id, answered.id)).toBe('declined');
      expect(await store.markInviteSent(request.id, 'nobody')).toBeUndefined();
    });
  });

  describe('the team list', () => {
    it("reads one member's entry as it is now, disabled or enabled, and nothing for someone not on it", async () => {
      const sam = {
        id: 'sub-sam-contract',
        name: 'Sam Taylor',
        email: 'sam@practice.example.org',
        admin: false,
        enabled: true,
        addedAt: T0,
      };
      await store.putTeamMember(sam);
      expect(await store.getTeamMember(sam.id)).toEqual(sam);

      await store.setTeamMemberEnabled(sam.id, false);
      expect(await store.getTeamMember(sam.id)).toEqual({ ...sam, enabled: false });
      await store.setTeamMemberEnabled(sam.id, true);
      expect((await store.getTeamMember(sam.id))?.enabled).toBe(true);

      expect(await store.getTeamMember('sub-nobody')).toBeUndefined();
    });
  });
});
