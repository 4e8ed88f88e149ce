import { beforeEach, describe, expect, it } from 'vitest';
import type { Prescriber } from '../../../shared/auth/claims.js';
import {
  decideDuplicate,
  loadHeldRequests,
  matchKeys,
  mergeNotices,
  normaliseName,
  normalisePhone,
  compactPostcode,
} from '../../../shared/domain/duplicates.js';
import { submitHelpRequest } from '../../../shared/domain/submit.js';
import { MESSAGES, mergedToldMessage } from '../../../functions/admin-request-view.js';
import type { RequestDetail } from '../../../shared/domain/admin/requests.js';
import { emailRenderers } from '../../../shared/mail/render.js';
import { textRenderer } from '../../../shared/sms/render.js';
import type { WorkflowStarter } from '../../../shared/workflow/starter.js';
import {
  aRequest,
  aValidPayload,
  aVolunteer,
  testPorts,
  testSettings,
  type TestPorts,
} from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings({ duplicateWindowDays: 7 });
const prescriber: Prescriber = { id: 'prescriber-sub-1' } as Prescriber;
const DAY = 86_400;

let ports: TestPorts;
let started: { requestId: string; name?: string }[];
const starter: WorkflowStarter = {
  async start(requestId, name) {
    started.push({ requestId, name });
    return 'started';
  },
};

beforeEach(() => {
  ports = testPorts();
  started = [];
});

function submit(overrides: Record<string, unknown> = {}) {
  return submitHelpRequest(aValidPayload(overrides), { enteredBy: 'public-form' }, settings, ports);
}

async function storedStatus(outcome: Awaited<ReturnType<typeof submit>>) {
  if (outcome.kind !== 'created') throw new Error(`expected created, got ${outcome.kind}`);
  return ports.store.requests.get(outcome.requestId);
}

describe('normalising the match key', () => {
  it('ignores spaces and case in postcodes', () => {
    expect(compactPostcode(' gl50  1ab ')).toBe('GL501AB');
  });

  it('ignores case, accents, punctuation, spacing and a leading title in names', () => {
    expect(normaliseName('  Mrs  Zoë  O’Brien-Smith ')).toBe('zoe o brien smith');
    expect(normaliseName('zoe o brien smith')).toBe('zoe o brien smith');
    expect(normaliseName('Dr Ahmed Ali')).toBe(normaliseName('ahmed ali'));
  });

  it('keeps letters from other scripts', () => {
    expect(normaliseName('محمد علي')).toBe('محمد علي');
  });

  it('reduces phone numbers to digits and writes +44 as the trunk 0', () => {
    expect(normalisePhone('07700 900-982')).toBe('07700900982');
    expect(normalisePhone('+44 7700 900982')).toBe('07700900982');
    expect(normalisePhone('0044 (0)7700 900982')).toBe('07700900982');
  });

  it('stores only SHA-256 hashes: no name, postcode or phone in the keys', () => {
    const keys = matchKeys({
      helpType: 'shopping',
      name: 'Mary Testperson',
      postcode: 'GL50 1AB',
      phone: '07700900982',
    });
    expect(keys.map((k) => k.on)).toEqual(['name', 'phone']);
    for (const key of keys) expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(keys)).not.toMatch(/mary|GL50|07700/i);
  });
});

describe('holding a possible duplicate', () => {
  it('holds a second request for the same person and help within the window, and invites nobody', async () => {
    const first = await submit();
    ports.clock.advanceSeconds(2 * DAY);
    const second = await submit({ name: 'mary  TESTPERSON', postcode: 'gl501ab' });

    expect((await storedStatus(first))?.status).toBe('received');
    const held = await storedStatus(second);
    expect(held).toMatchObject({ status: 'on-hold', possibleDuplicateOf: 'req-0001' });
    expect(ports.store.audit.filter((e) => e.type === 'duplicate-suspected')).toEqual([
      {
        requestId: held?.id,
        at: held?.createdAt,
        type: 'duplicate-suspected',
        actor: 'system',
        data: { originalId: 'req-0001', matchedOn: 'name' },
      },
    ]);
  });

  it('matches on the phone number when the name is written differently', async () => {
    await submit();
    const second = await submit({ name: 'M. Test-Person', phone: '+44 7700 900982' });
    expect(await storedStatus(second)).toMatchObject({ status: 'on-hold', possibleDuplicateOf: 'req-0001' });
    expect(ports.store.audit.at(-1)?.data).toMatchObject({ matchedOn: 'phone' });
  });

  it('matches on the name when the phone differs or is missing', async () => {
    await submit();
    const second = await submit({ phone: undefined, email: 'mary@example.com' });
    expect((await storedStatus(second))?.status).toBe('on-hold');
  });

  it('does not hold a request for a different help type', async () => {
    await submit();
    const second = await submit({ helpType: 'prescription' });
    expect((await storedStatus(second))?.status).toBe('received');
  });

  it('does not hold a request for a different person at the same postcode', async () => {
    await submit();
    const second = await submit({ name: 'John Other', phone: '07700900111' });
    expect((await storedStatus(second))?.status).toBe('received');
  });

  it('does not hold the same name at a different postcode', async () => {
    await submit();
    const second = await submit({ postcode: 'GL51 2CD' });
    expect((await storedStatus(second))?.status).toBe('received');
  });

  // Needed later than the window, so the form still accepts the date after the clock moves on.
  const later = { neededBy: '2026-04-20' };

  it('holds one second before the window ends, and not at its end', async () => {
    await submit(later);
    ports.clock.advanceSeconds(7 * DAY - 1);
    expect((await storedStatus(await submit(later)))?.status).toBe('on-hold');
    ports.clock.advanceSeconds(1);
    expect((await storedStatus(await submit(later)))?.status).toBe('received');
  });

  it('counts the window from the first request, not from a held repeat', async () => {
    await submit(later);
    ports.clock.advanceSeconds(6 * DAY);
    await submit(later);
    ports.clock.advanceSeconds(2 * DAY);
    expect((await storedStatus(await submit(later)))?.status).toBe('received');
  });

  it('does not hold a repeat of a request that was cancelled or erased', async () => {
    await submit();
    const original = ports.store.requests.get('req-0001');
    if (original) original.status = 'cancelled';
    expect((await storedStatus(await submit()))?.status).toBe('received');
    await ports.store.eraseRequest('req-0002');
    expect((await storedStatus(await submit()))?.status).toBe('received');
  });

  it('still stores the request when the duplicate lookup fails', async () => {
    await submit();
    ports.store.failNext('getDuplicateKeys');
    expect((await storedStatus(await submit()))?.status).toBe('received');
    expect(ports.log.at('error').map((e) => e.message)).toContain(
      'duplicate lookup failed; request matched as usual',
    );
  });
});

describe('the workflow and the prescriber', () => {
  it('confirms to the requester and tells only the prescriber, by reference, without personal data', async () => {
    await submit();
    const second = await submit();
    if (second.kind !== 'created') throw new Error('not created');
    await deliverPending(ports);

    // Each request's own confirmation: the held one is confirmed too, once.
    expect(
      ports.mailer.to('mary@example.com').filter((m) => m.subject.includes(second.reference)),
    ).toHaveLength(1);
    const toPrescriber = ports.mailer.to(settings.prescriberEmail);
    expect(toPrescriber).toHaveLength(1);
    expect(toPrescriber[0]?.subject).toContain('Possible duplicate');
    expect(toPrescriber[0]?.text).toContain(second.reference);
    expect(toPrescriber[0]?.text).toContain('GCK-00001');
    expect(JSON.stringify(toPrescriber)).not.toMatch(/Testperson|Acacia|07700/);
  });

  it('lists held requests beside their originals', async () => {
    await submit();
    await submit();
    const held = await loadHeldRequests(ports.store);
    expect(held.map((h) => [h.request.id, h.original?.id])).toEqual([['req-0002', 'req-0001']]);
  });
});

describe('the prescriber decides', () => {
  async function heldRequestId(): Promise<string> {
    await submit();
    const second = await submit();
    if (second.kind !== 'created') throw new Error('not created');
    return second.requestId;
  }

  it('merges: closes it as a duplicate, linked to the original in both audits, with the prescriber id', async () => {
    const id = await heldRequestId();
    const result = await decideDuplicate(id, 'merge', prescriber, settings, { ...ports, starter });
    await deliverPending(ports);

    expect(result.kind).toBe('done');
    expect(ports.store.requests.get(id)).toMatchObject({ status: 'closed', outcome: 'duplicate' });
    expect(started).toEqual([]);
    const merged = ports.store.audit.filter((e) => e.type === 'duplicate-merged');
    expect(merged.map((e) => [e.requestId, e.actor, e.data])).toEqual([
      [id, prescriber.id, { originalId: 'req-0001' }],
      ['req-0001', prescriber.id, { duplicateId: id }],
    ]);
  });

  it('merges without losing what the person said the second time: the later date and details go to the earlier request', async () => {
    await submit({ neededBy: '2026-03-14', details: 'Milk and bread' });
    const second = await submit({
      // A day after today (2026-03-10): urgent.
      neededBy: '2026-03-11',
      details: 'Milk, bread and my prescription',
    });
    if (second.kind !== 'created') throw new Error('not created');
    const result = await decideDuplicate(second.requestId, 'merge', prescriber, settings, {
      ...ports,
      starter,
    });

    expect(result.kind).toBe('done');
    expect(ports.store.requests.get('req-0001')).toMatchObject({
      status: 'received',
      neededBy: '2026-03-11',
      details: 'Milk, bread and my prescription',
      urgent: true,
    });
    expect(ports.store.requests.get(second.requestId)).toMatchObject({
      status: 'closed',
      outcome: 'duplicate',
    });
  });

  it('keeps the earlier details when the later request gave none', async () => {
    await submit({ details: 'Milk and bread' });
    const second = await submit({ details: '', neededBy: '2026-03-13' });
    if (second.kind !== 'created') throw new Error('not created');
    await decideDuplicate(second.requestId, 'merge', prescriber, settings, { ...ports, starter });
    expect(ports.store.requests.get('req-0001')).toMatchObject({
      neededBy: '2026-03-13',
      details: 'Milk and bread',
    });
  });

  it('does not merge into an earlier request that has ended: nothing changes, and it stays on hold', async () => {
    const id = await heldRequestId();
    const earlier = ports.store.requests.get('req-0001');
    if (earlier) earlier.status = 'closed';
    const before = structuredClone(earlier);
    expect(await decideDuplicate(id, 'merge', prescriber, settings, { ...ports, starter })).toEqual({
      kind: 'earlier-ended',
    });
    expect(ports.store.requests.get(id)?.status).toBe('on-hold');
    expect(ports.store.requests.get('req-0001')).toEqual(before);
    expect(ports.store.audit.filter((e) => e.type === 'duplicate-merged')).toEqual([]);
  });

  it('treats as new: back to received and a new execution named like a re-run, audited', async () => {
    const id = await heldRequestId();
    await decideDuplicate(id, 'new', prescriber, settings, { ...ports, starter });
    await deliverPending(ports);

    expect(ports.store.requests.get(id)?.status).toBe('received');
    expect(started).toEqual([{ requestId: id, name: `${id}-r2` }]);
    const types = ports.store.audit.filter((e) => e.requestId === id && e.actor === prescriber.id);
    expect(types.map((e) => e.type)).toEqual(['duplicate-treated-as-new', 'matching-rerun']);
  });

  it('treated as new, its run does not send the requester a second confirmation', async () => {
    const id = await heldRequestId();
    await deliverPending(ports);
    const reference = ports.store.requests.get(id)?.reference ?? '';
    const confirmations = () =>
      ports.mailer
        .to('mary@example.com')
        // A held request is told it has reached the team, not that volunteers are being asked.
        .filter(
          (m) => m.subject.startsWith('Your request has reached our team') && m.subject.includes(reference),
        );
    expect(confirmations()).toHaveLength(1);
    await decideDuplicate(id, 'new', prescriber, settings, { ...ports, starter });
    await deliverPending(ports);
    // The new run starts at its first step again.
    await deliverPending(ports);
    expect(confirmations()).toHaveLength(1);
    expect(ports.mailer.to(settings.prescriberEmail)).toHaveLength(1);
  });

  it('puts it back on hold when matching cannot be started', async () => {
    const id = await heldRequestId();
    const failing: WorkflowStarter = {
      start: () => Promise.reject(Object.assign(new Error('down'), { name: 'ServiceUnavailable' })),
    };
    await expect(
      decideDuplicate(id, 'new', prescriber, settings, { ...ports, starter: failing }),
    ).rejects.toThrow();
    expect(ports.store.requests.get(id)?.status).toBe('on-hold');
  });

  it('refuses a second decision', async () => {
    const id = await heldRequestId();
    await decideDuplicate(id, 'merge', prescriber, settings, { ...ports, starter });
    await deliverPending(ports);
    expect(await decideDuplicate(id, 'new', prescriber, settings, { ...ports, starter })).toEqual({
      kind: 'conflict',
    });
    await deliverPending(ports);
    expect(await decideDuplicate('nope', 'new', prescriber, settings, { ...ports, starter })).toEqual({
      kind: 'not-found',
    });
    await deliverPending(ports);
    expect(started).toEqual([]);
  });
});

describe('merging into a request a volunteer has already taken', () => {
  const VOLUNTEER = aVolunteer({ id: 'vol-gareth', name: 'Gareth Jones', phone: '07700 900123' });
  const changedSubject = (reference: string) => `The date or details have changed – ${reference}`;

  /** The first request, assigned to Gareth (who was told its date and details), and a second one held. */
  async function heldBesideAssigned(second: Record<string, unknown>, volunteer = VOLUNTEER) {
    await ports.store.putVolunteer(volunteer);
    await submit({ neededBy: '2026-03-14', details: 'Milk and bread' });
    const earlier = ports.store.requests.get('req-0001');
    if (!earlier) throw new Error('no earlier request');
    Object.assign(earlier, {
      status: 'assigned',
      assignedVolunteerId: volunteer.id,
      assignedAt: '2026-03-10T09:30:00.000Z',
    });
    const held = await submit(second);
    if (held.kind !== 'created') throw new Error('not created');
    expect(ports.store.requests.get(held.requestId)?.status).toBe('on-hold');
    await deliverPending(ports);
    return { earlier, heldId: held.requestId };
  }

  const merge = (id: string) => decideDuplicate(id, 'merge', prescriber, settings, { ...ports, starter });

  it('tells the volunteer by email when the date changes, with the new date', async () => {
    const { earlier, heldId } = await heldBesideAssigned({
      neededBy: '2026-03-16',
      details: 'Milk and bread',
    });
    const result = await merge(heldId);
    expect(result).toMatchObject({ kind: 'done', volunteer: 'told' });
    await deliverPending(ports);

    const emails = ports.mailer.to(VOLUNTEER.email);
    expect(emails.map((m) => m.subject)).toEqual([changedSubject(earlier.reference)]);
    expect(emails[0]?.text).toContain('have changed since we wrote to you');
    expect(emails[0]?.text).toContain('Monday 16 March 2026');
    expect(emails[0]?.text).not.toContain('Saturday 14 March 2026');
  });

  it('tells the volunteer when only the details change, and by text too when they read texts', async () => {
    const { earlier, heldId } = await heldBesideAssigned(
      { neededBy: '2026-03-14', details: 'Milk, bread and my prescription' },
      { ...VOLUNTEER, contactBy: 'both' },
    );
    expect(await merge(heldId)).toMatchObject({ kind: 'done', volunteer: 'told' });
    await deliverPending({ ...ports, renderers: { ...emailRenderers, sms: textRenderer } });

    const [email] = ports.mailer.to(VOLUNTEER.email);
    expect(email?.subject).toBe(changedSubject(earlier.reference));
    expect(email?.text).toContain('Milk, bread and my prescription');
    const texts = ports.texter.sent.map((t) => t.body);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(`the date or details of ${earlier.reference} have changed`);
    // The text points to the details; it never carries them.
    expect(texts[0]).toMatch(/https:\/\/\S+/);
    expect(texts[0]).not.toContain('prescription');
    expect(texts[0]).not.toContain('Mary');
  });

  it('sends nothing when the date and details the volunteer has are the same', async () => {
    const { heldId } = await heldBesideAssigned({ neededBy: '2026-03-14', details: 'Milk and bread' });
    expect(await merge(heldId)).toMatchObject({ kind: 'done', volunteer: 'unchanged' });
    const written = ports.store.messages.size;
    await deliverPending(ports);
    expect(ports.store.messages.size).toBe(written);
    expect(ports.mailer.to(VOLUNTEER.email)).toEqual([]);
    expect(ports.texter.sent).toEqual([]);
  });

  it('sends nothing to volunteers when nobody is arranged yet', async () => {
    await ports.store.putVolunteer(VOLUNTEER);
    await submit({ neededBy: '2026-03-14' });
    const held = await submit({ neededBy: '2026-03-16', details: 'Something else' });
    if (held.kind !== 'created') throw new Error('not created');
    expect(await merge(held.requestId)).toMatchObject({ kind: 'done', volunteer: 'none' });
    await deliverPending(ports);
    expect(ports.mailer.to(VOLUNTEER.email)).toEqual([]);
  });

  it('tells the volunteer again after a second merge into the same request', async () => {
    const { earlier, heldId } = await heldBesideAssigned({
      neededBy: '2026-03-16',
      details: 'Milk and bread',
    });
    await merge(heldId);
    await deliverPending(ports);
    const third = await submit({ neededBy: '2026-03-17', details: 'Milk and bread' });
    if (third.kind !== 'created') throw new Error('not created');
    expect(ports.store.requests.get(third.requestId)?.status).toBe('on-hold');
    expect(await merge(third.requestId)).toMatchObject({ kind: 'done', volunteer: 'told' });
    await deliverPending(ports);

    const emails = ports.mailer.to(VOLUNTEER.email);
    expect(emails.map((m) => m.subject)).toEqual([
      changedSubject(earlier.reference),
      changedSubject(earlier.reference),
    ]);
    expect(emails[1]?.text).toContain('Tuesday 17 March 2026');
  });

  it('tells the volunteer who holds the request when the write lands, not the one it was read with', async () => {
    const { heldId } = await heldBesideAssigned({ neededBy: '2026-03-16', details: 'Milk and bread' });
    const other = aVolunteer({ id: 'vol-other', name: 'Olwen Price' });
    await ports.store.putVolunteer(other);
    const store = ports.store;
    const mergeOnce = store.mergeIntoEarlier.bind(store);
    let calls = 0;
    // Between the merge's read and its write, the task passes to another volunteer.
    store.mergeIntoEarlier = async (...args) => {
      if (calls++ === 0)
        Object.assign(store.requests.get('req-0001') ?? {}, { assignedVolunteerId: other.id });
      return mergeOnce(...args);
    };
    expect(await merge(heldId)).toMatchObject({ kind: 'done', volunteer: 'told' });
    expect(calls).toBe(2);
    await deliverPending(ports);
    expect(ports.mailer.to(other.email)).toHaveLength(1);
    expect(ports.mailer.to(VOLUNTEER.email)).toEqual([]);
  });
});

describe('what a merge tells the arranged volunteer', () => {
  const earlier = aRequest({
    id: 'req-earlier',
    status: 'assigned',
    assignedVolunteerId: 'vol-1',
    neededBy: '2026-03-14',
    details: 'Milk and bread',
  });
  const same = { neededBy: '2026-03-14', urgent: false, details: 'Milk and bread' };

  it('a changed date: the details again, marked changed, keyed by the merge', () => {
    expect(mergeNotices(earlier, 'req-held', { ...same, neededBy: '2026-03-15' })).toEqual({
      notice: 'told',
      messages: [
        {
          kind: 'volunteer-details',
          to: { role: 'volunteer', volunteerId: 'vol-1' },
          requestId: 'req-earlier',
          facts: { changed: true },
          dedupeKey: 'details-changed:req-earlier:req-held',
        },
      ],
    });
  });

  it('changed details tell them; a later merge has a key of its own', () => {
    const first = mergeNotices(earlier, 'req-held', { ...same, details: 'Bread only' });
    const second = mergeNotices(earlier, 'req-later', { ...same, details: 'Bread only' });
    expect(first.notice).toBe('told');
    expect(first.messages[0]?.dedupeKey).not.toBe(second.messages[0]?.dedupeKey);
  });

  it('the same date and details, or none given, or only urgency: nothing', () => {
    expect(mergeNotices(earlier, 'req-held', same)).toEqual({ notice: 'unchanged', messages: [] });
    expect(mergeNotices(earlier, 'req-held', { neededBy: same.neededBy, urgent: false })).toEqual({
      notice: 'unchanged',
      messages: [],
    });
    expect(mergeNotices(earlier, 'req-held', { ...same, urgent: true }).messages).toEqual([]);
  });

  it('nobody arranged: nothing', () => {
    const open = aRequest({ id: 'req-earlier', status: 'matching', neededBy: '2026-03-14' });
    expect(mergeNotices(open, 'req-held', { ...same, neededBy: '2026-03-20' })).toEqual({
      notice: 'none',
      messages: [],
    });
  });
});

describe('after a merge the page says who was told and how', () => {
  const detailWith = (
    volunteer: Parameters<typeof aVolunteer>[0],
    status: 'assigned' | 'matching' = 'assigned',
  ) =>
    ({
      request: aRequest({ status, assignedVolunteerId: volunteer.id }),
      assignedVolunteer: aVolunteer(volunteer),
      audit: [],
      invites: [],
      volunteerNames: {},
      candidates: [],
      offering: 0,
      newToAsk: 0,
      waves: [],
    }) as unknown as RequestDetail;

  it('names the volunteer and each channel: the details always go by email', () => {
    expect(mergedToldMessage(detailWith({ id: 'vol-1', name: 'Val Volunteer' }))).toContain(
      'Val Volunteer is being told by email that the date or details have changed, with the new ones.',
    );
    const textsOnly = detailWith({
      id: 'vol-1',
      name: 'Val Volunteer',
      contactBy: 'text',
      phone: '07700 900 123',
    });
    expect(mergedToldMessage(textsOnly)).toContain('Val Volunteer is being told by email and text message');
  });

  it('names nobody when the volunteer has given the task back since', () => {
    const message = mergedToldMessage(detailWith({ id: 'vol-1', name: 'Val Volunteer' }, 'matching'));
    expect(message).toContain('merged into this one');
    expect(message).not.toContain('Val Volunteer');
  });

  it('says nothing was sent when what the volunteer has did not change', () => {
    expect(MESSAGES['merged-unchanged']).toContain('the same, so nothing was sent to them');
  });
});
