import { beforeAll, describe, expect, it } from 'vitest';
import { escalateRequest } from '../../shared/domain/matching.js';
import { respondToInvite } from '../../shared/domain/respond.js';
import type { Store } from '../../shared/domain/ports.js';
import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import { aRequest, aVolunteer } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';
import { deliverPending, tablePending, type PendingLister } from '../support/outbox.js';
import { FakeClock, FakeMailer, RecordingLog, testSettings } from '../support/memory-store.js';

/** Promise 3: races, against DynamoDB Local's real conditional transactions. */
let store: Store;
let drainFrom: PendingLister;
const settings = testSettings();
const ROUNDS = 5;
const VOLUNTEERS = 50;
const SAME_VOLUNTEER_POSTS = 20;

beforeAll(async () => {
  const table = await freshTable('races');
  store = table.store;
  drainFrom = tablePending(table.tableName, table.endpoint);
});

async function requestWithInvites(count: number) {
  const request = aRequest({ status: 'matching', wave: 1 });
  await store.createRequest(request, {
    requestId: request.id,
    at: request.createdAt,
    type: 'received',
    actor: 'test',
  });
  const volunteers = Array.from({ length: count }, () => aVolunteer());
  await store.putVolunteers(volunteers);
  const tokens: string[] = [];
  for (const volunteer of volunteers) {
    const token = newInviteToken();
    tokens.push(token);
    await store.createInvite({
      requestId: request.id,
      volunteerId: volunteer.id,
      wave: 1,
      tokenHash: hashToken(token),
      status: 'sent',
      createdAt: request.createdAt,
      expiresAt: 4_000_000_000,
    });
  }
  return { request, volunteers, tokens };
}

function ports() {
  return { store, mailer: new FakeMailer(), clock: new FakeClock(new Date()), log: new RecordingLog() };
}

describe('races', () => {
  it(`gives ${VOLUNTEERS} simultaneous accepts exactly one winner, ${ROUNDS} rounds in a row`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { request, volunteers, tokens } = await requestWithInvites(VOLUNTEERS);
      const p = ports();
      const views = await Promise.all(tokens.map((token) => respondToInvite(token, 'accept', settings, p)));
      await deliverPending(p, { settings, pending: drainFrom });
      const kinds = views.map((v) => v.kind);
      const winners = kinds.filter((k) => k === 'accepted').length;
      const taken = kinds.filter((k) => k === 'taken').length;
      outcomes.push(`round ${round + 1}: ${winners} winner, ${taken} taken`);
      expect(winners).toBe(1);
      expect(taken).toBe(VOLUNTEERS - 1);
      const winner = volunteers[kinds.indexOf('accepted')];
      const stored = await store.getRequest(request.id);
      expect(stored).toMatchObject({ status: 'assigned', assignedVolunteerId: winner?.id });
      const audit = await store.listAudit(request.id);
      expect(audit.filter((e) => e.type === 'accepted')).toHaveLength(1);
      const detailsEmails = p.mailer.sent.filter((m) => m.to === winner?.email);
      expect(detailsEmails).toHaveLength(1);
      const requesterEmails = p.mailer.sent.filter((m) => m.to === request.requester.email);
      expect(requesterEmails.length).toBeLessThanOrEqual(1);
    }
    console.warn(`races: ${outcomes.join('; ')}`);
  }, 120_000);

  it(`shows a volunteer's ${SAME_VOLUNTEER_POSTS} simultaneous accepts their own accepted page, never "someone else", ${ROUNDS} rounds`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Others are invited too, so a wrong "taken" page would be possible.
      const { request, volunteers, tokens } = await requestWithInvites(3);
      const volunteer = volunteers[0];
      const token = String(tokens[0]);
      const p = ports();
      const views = await Promise.all(
        Array.from({ length: SAME_VOLUNTEER_POSTS }, () => respondToInvite(token, 'accept', settings, p)),
      );
      await deliverPending(p, { settings, pending: drainFrom });
      const kinds = views.map((v) => v.kind);
      outcomes.push(
        `round ${round + 1}: ${kinds.filter((k) => k === 'accepted').length} accepted, ${kinds.filter((k) => k === 'already-accepted').length} already`,
      );
      expect(kinds.filter((k) => k === 'accepted')).toHaveLength(1);
      for (const view of views) {
        expect(['accepted', 'already-accepted']).toContain(view.kind);
        // Their accepted page: the person's details, as the first post showed them.
        const details =
          view.kind === 'accepted' || view.kind === 'already-accepted' ? view.details : undefined;
        expect(details?.requester.name).toBe(request.requester.name);
        expect(details?.reference).toBe(request.reference);
      }
      const stored = await store.getRequest(request.id);
      expect(stored).toMatchObject({ status: 'assigned', assignedVolunteerId: volunteer?.id });
      const audit = await store.listAudit(request.id);
      expect(audit.filter((e) => e.type === 'accepted')).toHaveLength(1);
      const detailsEmails = p.mailer.sent.filter((m) => m.to === volunteer?.email);
      expect(detailsEmails).toHaveLength(1);
      expect(detailsEmails[0]?.subject).toMatch(/^Thank you for saying yes/);
    }
    console.warn(`same volunteer's accepts: ${outcomes.join('; ')}`);
  }, 120_000);

  it('ends an accept and an escalation fired together in exactly one final state, 30 times', async () => {
    const finals: Record<string, number> = { assigned: 0, escalated: 0 };
    for (let i = 0; i < 30; i++) {
      const { request, tokens } = await requestWithInvites(1);
      const p = ports();
      const [view, escalation] = await Promise.all([
        respondToInvite(String(tokens[0]), 'accept', settings, p),
        // A varying head start, so both sides win some of the races.
        new Promise((resolve) => setTimeout(resolve, (i % 6) * 4)).then(() =>
          escalateRequest({ requestId: request.id, wave: 2, escalationReason: 'no-acceptance' }, settings, {
            ...p,
            ids: { requestId: () => '', volunteerId: () => '', reference: () => '', inviteToken: () => '' },
          }),
        ),
      ]);
      await deliverPending(p, { settings, pending: drainFrom });
      const stored = await store.getRequest(request.id);
      expect(['assigned', 'escalated']).toContain(stored?.status);
      finals[String(stored?.status)] = (finals[String(stored?.status)] ?? 0) + 1;
      if (stored?.status === 'assigned') {
        expect(view.kind).toBe('accepted');
        expect(escalation.outcome).toBe('not-needed');
        expect(p.mailer.sent.some((m) => m.to === settings.prescriberEmail)).toBe(false);
      } else {
        expect(view.kind).not.toBe('accepted');
        expect(escalation.outcome).toBe('escalated');
        expect(stored?.assignedVolunteerId).toBeUndefined();
      }
    }
    console.warn(`accept vs escalate: ${JSON.stringify(finals)}`);
  }, 120_000);
});
